/**
 * Builds a new order from what placeOrder read: prices (shared/pricing.ts) and, per line and
 * level, the commission attribution (shared/attribution.ts) under the current rules. Pure: the
 * caller supplies the id, the time and every document.
 */
import { attributeLine, beneficiaryChain, type Beneficiary, type ProductCommission } from './attribution';
import type { ProductDocument, SkuDocument } from './catalog';
import type { OrderAddress, OrderDocument } from './orders';
import { priceOrder } from './pricing';
import type { RulesDocument } from './rules';
import type { UserDocument } from './users';

export interface BuildOrderInput {
  orderId: string;
  idempotencyKey: string;
  buyer: UserDocument;
  ancestors: UserDocument[];
  rules: RulesDocument;
  address: OrderAddress;
  items: Array<{ skuId: string; quantity: number }>;
  skus: ReadonlyMap<string, SkuDocument & { product: ProductDocument | null }>;
  /** Order-level discount in fen (the coupon hook; 0 today). */
  discountFen: number;
  couponId: string | null;
  note: string;
  now: Date;
}

export type BuildOrderResult = { ok: true; order: OrderDocument } | { ok: false; code: 'SKU_NOT_FOUND' | 'NOT_ON_SALE'; skuId: string };

const MINUTE_MS = 60_000;

function checkItems(input: BuildOrderInput): BuildOrderResult | undefined {
  for (const { skuId } of input.items) {
    const sku = input.skus.get(skuId);
    if (!sku || !sku.product) return { ok: false, code: 'SKU_NOT_FOUND', skuId };
    if (!sku.onSale || !sku.product.onSale) return { ok: false, code: 'NOT_ON_SALE', skuId };
  }
  return undefined;
}

export function buildOrder(input: BuildOrderInput): BuildOrderResult {
  const refused = checkItems(input);
  if (refused) return refused;
  const { rules, buyer, now } = input;
  const entries = input.items.map((item) => ({ item, sku: input.skus.get(item.skuId) as SkuDocument & { product: ProductDocument } }));
  const price = priceOrder(entries.map(({ item, sku }) => ({ unitPriceFen: sku.priceFen, quantity: item.quantity })), input.discountFen, rules.shipping);
  const chain = beneficiaryChain(buyer, rules);
  const beneficiaries = new Map<string, Beneficiary>([buyer, ...input.ancestors].map((user) => [user._id, user]));
  const lines = entries.map(({ item, sku }, lineIndex) => {
    const priced = price.lines[lineIndex] as (typeof price.lines)[number];
    const commission: ProductCommission = sku.commission ?? sku.product.commission;
    const attribution = attributeLine({ chain, beneficiaries, rules, commission, baseFen: priced.paidFen, quantity: item.quantity });
    return {
      lineIndex,
      skuId: sku._id,
      productId: sku.productId,
      name: sku.product.name,
      spec: sku.spec,
      image: sku.product.images[0] ?? '',
      unitPriceFen: sku.priceFen,
      quantity: item.quantity,
      ...priced,
      commission,
      attribution,
      refundedFen: 0,
      refundedQuantity: 0,
    };
  });
  const order: OrderDocument = {
    _id: input.orderId,
    buyerId: buyer._id,
    idempotencyKey: input.idempotencyKey,
    status: 'pending_payment',
    reservation: 'reserving',
    lines,
    goodsFen: price.goodsFen,
    discountFen: price.discountFen,
    shippingFen: price.shippingFen,
    payableFen: price.payableFen,
    address: input.address,
    rulesVersion: rules.version,
    chain,
    couponId: input.couponId,
    note: input.note,
    createdAt: now,
    payDeadline: new Date(now.getTime() + rules.unpaidTimeoutMinutes * MINUTE_MS),
    payment: { params: null, transactionId: null, paidFen: null, paidAt: null },
    shipping: null,
    completedAt: null,
    autoConfirmAt: null,
    closedAt: null,
    closeReason: null,
    settlement: { state: 'none', settledAt: null },
    updatedAt: now,
  };
  return { ok: true, order };
}
