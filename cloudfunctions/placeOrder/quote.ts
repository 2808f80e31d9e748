/**
 * placeOrder › quote: the checkout page's totals, priced by the same code placeOrder runs
 * (shared/contracts/quote.ts quoteOrder). Reads at once, in three round trips: the rules with the
 * caller's available coupons joined on, the SKUs with their products, and the live activities
 * (_lib/activities.ts liveActivities). Writes nothing: when no rules are stored yet it prices with
 * the defaults in memory, which are exactly what placeOrder would store and use (and reads the
 * coupons on their own, one round trip more, until the first order stores the rules). The
 * shopper's balance (余额, for the payment choice) is joined onto the SKU read, so it costs no
 * round trip of its own.
 */
import type { QuoteInput } from '@shared/contracts/quote';
import { quoteOrder, type QuoteError, type QuoteOutput } from '@shared/contracts/quote';
import { fail, ok, type Result } from '@shared/result';
import { DEFAULT_RULES } from '@shared/rules';
import { liveActivities } from '../_lib/activities';
import type { UserCouponDocument } from '@shared/coupons';
import type { RulesDocument } from '@shared/rules';
import type { BalanceAccountDocument } from '@shared/balance';
import type { ProductDocument, SkuDocument } from '@shared/catalog';
import { _, aggregateList, findWhere } from '../_lib/db';
import { RULES_ID } from '../_lib/rules';
import type { SkuWithProduct } from './context';

/** How many of a shopper's coupons the checkout lists; the read takes them in one round trip. */
const MAX_LISTED_COUPONS = 100;

const MESSAGES = {
  SKU_NOT_FOUND: '商品已失效',
  NOT_ON_SALE: '商品已下架',
  OUT_OF_STOCK: '库存不足',
  COUPON_INVALID: '优惠券不可用',
  FLASH_NOT_LIVE: '秒杀活动未开始或已结束',
} as const;

/** The rules (null when none are stored) and the caller's available coupons still valid at `now`. */
async function rulesAndCoupons(
  openid: string,
  now: Date,
): Promise<{ rules: RulesDocument | null; coupons: UserCouponDocument[] }> {
  const available = { userId: openid, status: 'available' };
  const [row] = await aggregateList<RulesDocument & { coupons: UserCouponDocument[] }>('rules', (pipeline) =>
    pipeline
      .match({ _id: RULES_ID })
      .lookup({
        from: 'userCoupons',
        pipeline: [{ $match: available }, { $sort: { validTo: -1 } }, { $limit: MAX_LISTED_COUPONS }],
        as: 'coupons',
      })
      .limit(1),
  );
  if (!row) {
    const coupons = await findWhere('userCoupons', { ...available, validTo: _.gt(now) }, { limit: MAX_LISTED_COUPONS });
    return { rules: null, coupons };
  }
  const { coupons, ...rules } = row;
  return { rules, coupons: coupons.filter((coupon) => coupon.validTo.getTime() > now.getTime()) };
}

/**
 * The SKUs with their products (as placeOrder's loadSkus reads them), every row also carrying the
 * caller's balance account: one document, so the join costs nothing noticeable and the quote
 * learns the balance without a round trip of its own. No SKU row: the quote fails anyway.
 */
async function skusAndBalance(
  skuIds: string[],
  openid: string,
): Promise<{ skus: Map<string, SkuWithProduct>; balanceFen: number }> {
  type Row = SkuDocument & { products: ProductDocument[]; balances: BalanceAccountDocument[] };
  const rows = await aggregateList<Row>('skus', (pipeline) =>
    pipeline
      .match({ _id: _.in(skuIds) })
      .lookup({ from: 'products', localField: 'productId', foreignField: '_id', as: 'products' })
      .lookup({ from: 'balances', pipeline: [{ $match: { _id: openid } }], as: 'balances' })
      .limit(skuIds.length),
  );
  const skus = new Map(
    rows.map(({ products, balances: _balances, ...sku }) => [sku._id, { ...sku, product: products[0] ?? null }]),
  );
  return { skus, balanceFen: rows[0]?.balances[0]?.balanceFen ?? 0 };
}

export async function quote(openid: string, input: QuoteInput, now: Date): Promise<Result<QuoteOutput, QuoteError>> {
  const { items } = input;
  const [{ rules, coupons }, { skus, balanceFen }, activities] = await Promise.all([
    rulesAndCoupons(openid, now),
    skusAndBalance(
      items.map((item) => item.skuId),
      openid,
    ),
    liveActivities(now),
  ]);
  const shipping = (rules ?? DEFAULT_RULES).shipping;
  const context = { activities, shipping, now, coupons, couponChoice: input.couponId, balanceFen };
  const priced = quoteOrder(items, skus, context);
  if (!priced.ok)
    return fail(
      priced.code,
      priced.code === 'COUPON_INVALID'
        ? MESSAGES.COUPON_INVALID
        : `${MESSAGES[priced.code]}: ${priced.name || priced.skuId}`,
    );
  return ok(priced.quote);
}
