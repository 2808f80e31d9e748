/**
 * The points (积分) shots (render.shot.ts draws them with the others): the shopper's 积分 page,
 * the checkout with the points switch on, and the merchant's 积分设置 and 用户积分. The figures
 * are those of tests/points/points.test.ts: 256 points earned on ¥256 of tea, 1 000 credited by
 * the merchant, 640 spent on one tea at 5% of ¥128.
 */
import type { PointsPage } from '@shared/contracts/points';
import type { QuoteOutput } from '@shared/contracts/quote';
import { DEFAULT_RULES } from '@shared/rules';
import { ok, settle } from '../helpers';
import { addressView } from '../shop-buy-fixtures';
import type { Shot } from './shots';

const entry = (
  id: string,
  kind: PointsPage['entries'][number]['kind'],
  change: { frozen?: number; available?: number },
  reason: string,
  at: string,
  availableAfter: number,
): PointsPage['entries'][number] => ({
  id,
  kind,
  frozen: change.frozen ?? 0,
  available: change.available ?? 0,
  shortfall: 0,
  availableAfter,
  reason,
  orderId: null,
  by: 'system',
  at,
});

const POINTS: PointsPage = {
  account: {
    frozen: 121,
    available: 616,
    spent: 640,
    expired: 0,
    nextExpiry: { points: 616, at: '2026-04-30T16:00:00.000Z' },
  },
  entries: [
    entry('earn:o3', 'earn', { frozen: 121 }, '订单奖励', '2026-03-15T03:20:00.000Z', 616),
    entry('spend:o3', 'spend', { available: -640 }, '下单抵扣', '2026-03-15T03:18:00.000Z', 616),
    entry('adjust:a1', 'adjust', { available: 1_000 }, '老客户回馈', '2026-03-12T08:00:00.000Z', 1_256),
    entry('release:o1', 'release', { frozen: -256, available: 256 }, '订单积分解冻', '2026-03-10T02:10:00.000Z', 256),
    entry('earn:o1', 'earn', { frozen: 256 }, '订单奖励', '2026-02-28T06:40:00.000Z', 0),
  ],
  nextOffset: null,
  rules: { enabled: true, pointsPerYuan: 100, earnPerYuan: 1, validityMonths: 1 },
};

const QUOTE: QuoteOutput = {
  lines: [
    {
      skuId: 'tea-250',
      productId: 'p-tea',
      name: '明前西湖龙井',
      spec: '250g 罐装',
      image: 'cloud://env.bucket/products/p-tea/cover.png',
      unitPriceFen: 12_800,
      quantity: 1,
      lineTotalFen: 12_800,
      discountFen: 640,
      paidFen: 12_160,
      activity: null,
      discounts: [{ source: 'points', id: 'points', name: '积分抵扣', amountFen: 640 }],
      stock: 10,
    },
  ],
  goodsFen: 12_800,
  discountFen: 640,
  discounts: [{ source: 'points', id: 'points', name: '积分抵扣', amountFen: 640 }],
  shippingFen: 0,
  payableFen: 12_160,
  couponId: null,
  coupons: [],
  balanceFen: 0,
  points: { availablePoints: 1_256, usedPoints: 640, offFen: 640, applied: true },
};

export const POINTS_SHOTS: Shot[] = [
  { name: 'points', path: 'shop/points/points', answers: { 'profile.points': ok(POINTS) } },
  {
    name: 'checkout-points',
    path: 'shop/checkout/checkout',
    answers: { 'placeOrder.quote': ok(QUOTE), 'address.list': ok({ items: [addressView()] }) },
    query: { items: 'tea-250:1' },
    act: async (page) => {
      page.querySelector('.points-switch')?.dispatchEvent('change', { detail: { value: true } });
      await settle(10);
    },
  },
  {
    name: 'admin-points-settings',
    path: 'admin/pointsSettings/pointsSettings',
    answers: {
      'admin.getRules': ok({
        version: 4,
        rules: {
          ...DEFAULT_RULES,
          points: { enabled: true, earnPerYuan: 1, pointsPerYuan: 100, maxDeductBp: 500, validityMonths: 12 },
        },
      }),
    },
  },
  {
    name: 'admin-user-points',
    path: 'admin/userPoints/userPoints',
    query: { userId: 'oBuyer' },
    answers: { 'admin.userPoints': ok(POINTS) },
  },
];
