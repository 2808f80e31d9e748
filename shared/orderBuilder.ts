/**
 * Builds a new order from what placeOrder read: prices (shared/pricing.ts) and, per line and
 * level, the commission attribution (shared/attribution.ts) under the current rules. Pure: the
 * caller supplies the id, the time and every document.
 */
import { attributeLine, beneficiaryChain, type Beneficiary, type ProductCommission } from './attribution';
import type { ProductDocument, SkuDocument } from './catalog';
import type { OrderAddress, OrderDocument, OrderLine } from './orders';
import { ORDER_MACHINE } from './orderStates';
import { priceOrder, type OrderPrice, type ShippingRule } from './pricing';
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

export type BuildOrderResult =
  { ok: true; order: OrderDocument } | { ok: false; code: 'SKU_NOT_FOUND' | 'NOT_ON_SALE'; skuId: string };

const MINUTE_MS = 60_000;

/**
 * What a new order has not lived yet: no payment, shipment, completion, closing or settlement.
 * placeOrder's orders and the tests' seeded orders both start from it, so a lifecycle field is
 * added in one place.
 */
export function newOrderLifecycle(): Pick<
  OrderDocument,
  'payment' | 'shipping' | 'completedAt' | 'autoConfirmAt' | 'closedAt' | 'closeReason' | 'settlement'
> {
  return {
    payment: { params: null, transactionId: null, paidFen: null, paidAt: null },
    shipping: null,
    completedAt: null,
    autoConfirmAt: null,
    closedAt: null,
    closeReason: null,
    settlement: { state: 'none', settledAt: null },
  };
}

function checkItems(input: BuildOrderInput): BuildOrderResult | undefined {
  for (const { skuId } of input.items) {
    const sku = input.skus.get(skuId);
    if (!sku || !sku.product) return { ok: false, code: 'SKU_NOT_FOUND', skuId };
    if (!sku.onSale || !sku.product.onSale) return { ok: false, code: 'NOT_ON_SALE', skuId };
  }
  return undefined;
}

/** A line's snapshot of its SKU and product, priced: what an order line and a quote line share. */
export type PricedOrderLine = Pick<
  OrderLine,
  | 'skuId'
  | 'productId'
  | 'name'
  | 'spec'
  | 'image'
  | 'unitPriceFen'
  | 'quantity'
  | 'lineTotalFen'
  | 'discountFen'
  | 'paidFen'
>;

/**
 * Prices the items as an order charges them (shared/pricing.ts priceOrder) and snapshots each
 * line's SKU and product; placeOrder and its quote both price through here, so the checkout's
 * totals are the order's. Every item's SKU must be known and have its product (checked first).
 */
export function priceItems(
  items: ReadonlyArray<{ skuId: string; quantity: number }>,
  skus: ReadonlyMap<string, SkuDocument & { product: ProductDocument | null }>,
  discountFen: number,
  shipping: ShippingRule,
): { price: OrderPrice; lines: Array<{ sku: SkuDocument & { product: ProductDocument }; line: PricedOrderLine }> } {
  const entries = items.map((item) => ({
    item,
    sku: skus.get(item.skuId) as SkuDocument & { product: ProductDocument },
  }));
  const price = priceOrder(
    entries.map(({ item, sku }) => ({ unitPriceFen: sku.priceFen, quantity: item.quantity })),
    discountFen,
    shipping,
  );
  const lines = entries.map(({ item, sku }, index) => {
    const priced = price.lines[index] as (typeof price.lines)[number];
    const line: PricedOrderLine = {
      skuId: sku._id,
      productId: sku.productId,
      name: sku.product.name,
      spec: sku.spec,
      image: sku.product.images[0] ?? '',
      unitPriceFen: sku.priceFen,
      quantity: item.quantity,
      ...priced,
    };
    return { sku, line };
  });
  return { price, lines };
}

export function buildOrder(input: BuildOrderInput): BuildOrderResult {
  const refused = checkItems(input);
  if (refused) return refused;
  const { rules, buyer, now } = input;
  const { price, lines: priced } = priceItems(input.items, input.skus, input.discountFen, rules.shipping);
  const chain = beneficiaryChain(buyer, rules);
  const beneficiaries = new Map<string, Beneficiary>([buyer, ...input.ancestors].map((user) => [user._id, user]));
  const lines = priced.map(({ sku, line }, lineIndex) => {
    const commission: ProductCommission = sku.commission ?? sku.product.commission;
    const attribution = attributeLine({
      chain,
      beneficiaries,
      rules,
      commission,
      baseFen: line.paidFen,
      quantity: line.quantity,
    });
    return { lineIndex, ...line, commission, attribution, refundedFen: 0, refundedQuantity: 0 };
  });
  const order: OrderDocument = {
    _id: input.orderId,
    buyerId: buyer._id,
    idempotencyKey: input.idempotencyKey,
    status: ORDER_MACHINE.initial,
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
    ...newOrderLifecycle(),
    updatedAt: now,
  };
  return { ok: true, order };
}
