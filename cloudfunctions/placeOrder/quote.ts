/**
 * placeOrder › quote: the checkout page's totals, priced by the same code placeOrder runs
 * (shared/contracts/quote.ts quoteOrder). Reads at once, in three round trips: the rules with the
 * caller's available coupons joined on, the SKUs with their products and the caller's distributor
 * fields (which decide the distributor-exclusive price, shared/distributorPrice.ts, from the
 * caller's identity alone), and the live activities
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
import { distributorBuyer } from '@shared/distributorPrice';
import type { ProductDocument, SkuDocument } from '@shared/catalog';
import type { RulesDocument } from '@shared/rules';
import type { UserDocument } from '@shared/users';
import type { BalanceAccountDocument } from '@shared/balance';
import { _, aggregateList, findWhere } from '../_lib/db';
import { RULES_ID } from '../_lib/rules';
import type { SkuWithProduct } from './context';
import { pointsOfferFor } from '@shared/orderBuilder';
import type { PointsAccountDocument, PointsOffer } from '@shared/points';

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
): Promise<{ rules: RulesDocument | null; coupons: UserCouponDocument[]; availablePoints: number }> {
  const available = { userId: openid, status: 'available' };
  type Row = RulesDocument & { coupons: UserCouponDocument[]; pointsAccount: PointsAccountDocument[] };
  const [row] = await aggregateList<Row>('rules', (pipeline) =>
    pipeline
      .match({ _id: RULES_ID })
      .lookup({
        from: 'userCoupons',
        pipeline: [{ $match: available }, { $sort: { validTo: -1 } }, { $limit: MAX_LISTED_COUPONS }],
        as: 'coupons',
      })
      .lookup({ from: 'pointsAccounts', pipeline: [{ $match: { _id: openid } }], as: 'pointsAccount' })
      .limit(1),
  );
  if (!row) {
    const coupons = await findWhere('userCoupons', { ...available, validTo: _.gt(now) }, { limit: MAX_LISTED_COUPONS });
    // The default rules have points off: no points to read.
    return { rules: null, coupons, availablePoints: 0 };
  }
  // `pointsAccount`, not `points`: the rules have a `points` section of their own.
  const { coupons, pointsAccount, ...rules } = row;
  const valid = coupons.filter((coupon) => coupon.validTo.getTime() > now.getTime());
  return { rules, coupons: valid, availablePoints: pointsAccount[0]?.available ?? 0 };
}

/**
 * The quote's points: what the order would spend and take off with the switch on, priced again
 * with points when the shopper has the switch off (pure, no read).
 */
function withPoints(
  priced: QuoteOutput,
  offer: PointsOffer | null,
  usePoints: boolean,
  again: () => QuoteOutput | null,
): QuoteOutput {
  if (!offer) return priced;
  const would = usePoints ? priced : again();
  const { usedPoints = 0, offFen = 0 } = would?.points ?? {};
  return { ...priced, points: { availablePoints: offer.availablePoints, usedPoints, offFen, applied: usePoints } };
}

type Caller = Pick<UserDocument, '_id' | 'distributor'>;

/**
 * The SKUs with their products (as context.ts loadSkus reads them) and the caller's distributor
 * fields and balance account joined on each row: the SKU read runs with or without stored rules,
 * so neither costs a round trip of its own. The caller is null (and the balance 0) without a user
 * document or when no SKU exists (the quote then refuses anyway).
 */
async function skusAndCaller(
  skuIds: string[],
  openid: string,
): Promise<{ skus: Map<string, SkuWithProduct>; caller: Caller | null; balanceFen: number }> {
  type Row = SkuDocument & { products: ProductDocument[]; caller: Caller[]; balances: BalanceAccountDocument[] };
  const rows = await aggregateList<Row>('skus', (pipeline) =>
    pipeline
      .match({ _id: _.in(skuIds) })
      .lookup({ from: 'products', localField: 'productId', foreignField: '_id', as: 'products' })
      .lookup({
        from: 'users',
        pipeline: [{ $match: { _id: openid } }, { $project: { _id: 1, distributor: 1 } }],
        as: 'caller',
      })
      .lookup({ from: 'balances', pipeline: [{ $match: { _id: openid } }], as: 'balances' })
      .limit(skuIds.length),
  );
  const skus = new Map(
    rows.map(({ products, caller: _caller, balances: _balances, ...sku }) => [
      sku._id,
      { ...sku, product: products[0] ?? null },
    ]),
  );
  return { skus, caller: rows[0]?.caller[0] ?? null, balanceFen: rows[0]?.balances[0]?.balanceFen ?? 0 };
}

export async function quote(openid: string, input: QuoteInput, now: Date): Promise<Result<QuoteOutput, QuoteError>> {
  const { items } = input;
  const [{ rules, coupons, availablePoints }, { skus, caller, balanceFen }, activities] = await Promise.all([
    rulesAndCoupons(openid, now),
    skusAndCaller(
      items.map((item) => item.skuId),
      openid,
    ),
    liveActivities(now),
  ]);
  const { shipping } = rules ?? DEFAULT_RULES;
  const distributor = distributorBuyer(caller, rules ?? DEFAULT_RULES);
  const offer = pointsOfferFor(rules ?? DEFAULT_RULES, true, availablePoints);
  const usePoints = input.usePoints ?? false;
  const context = { activities, shipping, now, distributor, coupons, couponChoice: input.couponId, balanceFen };
  const priced = quoteOrder(items, skus, { ...context, points: usePoints ? offer : null });
  if (!priced.ok)
    return fail(
      priced.code,
      priced.code === 'COUPON_INVALID'
        ? MESSAGES.COUPON_INVALID
        : `${MESSAGES[priced.code]}: ${priced.name || priced.skuId}`,
    );
  return ok(
    withPoints(priced.quote, offer, usePoints, () => {
      const again = quoteOrder(items, skus, { ...context, points: offer });
      return again.ok ? again.quote : null;
    }),
  );
}
