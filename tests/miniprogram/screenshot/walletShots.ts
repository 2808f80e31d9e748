/**
 * The balance pages' shots (render.shot.ts draws them with the others): 余额 with its tiers and
 * history, the merchant's 用户余额 with an adjustment being typed, 充值订单 with a refused refund,
 * and 余额设置.
 */
import { DEFAULT_RULES } from '@shared/rules';
import { ok } from '../helpers';
import type { Shot } from './shots';

const USER = 'oBUYER0000000000000000001';
const BALANCE = {
  topUpEnabled: true,
  topUpTiers: [
    { amountFen: 10_000, bonusFen: 1_000 },
    { amountFen: 30_000, bonusFen: 4_000 },
    { amountFen: 50_000, bonusFen: 8_000 },
    { amountFen: 100_000, bonusFen: 20_000 },
    { amountFen: 200_000, bonusFen: 50_000 },
  ],
  customTopUp: { allowed: true, minFen: 100, maxFen: 500_000 },
};

type Kind = 'topUp' | 'topUpBonus' | 'orderPay' | 'adjust' | 'orderRefund';
const LABELS: Record<Kind, string> = {
  topUp: '充值',
  topUpBonus: '充值赠送',
  orderPay: '订单支付',
  adjust: '商家调整',
  orderRefund: '订单退款',
};
const entry = (
  n: number,
  kind: Kind,
  amountFen: number,
  balanceAfterFen: number,
  at: string,
  reason: string | null = null,
) => ({
  id: `${kind}:${n}`,
  kind,
  label: LABELS[kind],
  amountFen,
  balanceAfterFen,
  at,
  reason,
  orderId: null,
  topUpId: null,
});
const ENTRIES = [
  entry(6, 'orderRefund', 3_980, 52_480, '2026-03-15T03:10:00.000Z'),
  entry(5, 'orderPay', -16_780, 48_500, '2026-03-14T12:20:00.000Z'),
  entry(4, 'adjust', 2_000, 65_280, '2026-03-13T08:00:00.000Z', '活动补偿：3 月会员日'),
  entry(3, 'topUpBonus', 8_000, 63_280, '2026-03-12T02:01:00.000Z'),
  entry(2, 'topUp', 50_000, 55_280, '2026-03-12T02:01:00.000Z'),
  entry(1, 'topUp', 5_280, 5_280, '2026-03-01T09:30:00.000Z'),
];

const topUp = (
  id: string,
  amountFen: number,
  bonusFen: number,
  status: string,
  extra: Record<string, unknown> = {},
) => ({
  topUpId: `t${id.repeat(24)}`,
  userId: USER,
  amountFen,
  bonusFen,
  status,
  createdAt: '2026-03-15T02:00:00.000Z',
  paidAt: status === 'pending_payment' ? null : '2026-03-15T02:01:00.000Z',
  transactionId: null,
  refund: null,
  mismatch: null,
  ...extra,
});

export const WALLET_SHOTS: Shot[] = [
  {
    name: 'balance',
    path: 'shop/balance/balance',
    answers: {
      'wallet.summary': ok({
        balanceFen: 52_480,
        topUp: { enabled: true, tiers: BALANCE.topUpTiers, custom: BALANCE.customTopUp },
      }),
      'wallet.entries': ok({ items: ENTRIES, nextOffset: null }),
    },
    act: async (page) => {
      page.setData({ chosenFen: 50_000 });
    },
  },
  {
    name: 'admin-user-balance',
    path: 'admin/userBalance/userBalance',
    query: { userId: USER },
    answers: {
      'admin.userBalance': ok({
        userId: USER,
        nickname: '小林',
        balanceFen: 52_480,
        entryCount: 6,
        entries: { items: ENTRIES.slice(0, 4), nextOffset: 4 },
      }),
    },
    act: async (page) => {
      page.setData({ direction: 'take', amountText: '20', reasonText: '重复补偿扣回' });
    },
  },
  {
    name: 'admin-top-ups',
    path: 'admin/topUps/topUps',
    answers: {
      'admin.listTopUps': ok({
        items: [
          topUp('a', 50_000, 8_000, 'paid'),
          topUp('b', 100_000, 20_000, 'refunding', {
            refund: {
              requestedAt: '2026-03-15T03:00:00.000Z',
              acceptedAt: null,
              succeededAt: null,
              failure: '基本账户余额不足，请充值后重新发起',
            },
          }),
          topUp('c', 12_800, 0, 'refunded', {
            refund: {
              requestedAt: '2026-03-14T03:00:00.000Z',
              acceptedAt: '2026-03-14T03:00:01.000Z',
              succeededAt: '2026-03-14T03:00:06.000Z',
              failure: null,
            },
          }),
          topUp('d', 30_000, 4_000, 'pending_payment'),
        ],
        nextOffset: null,
      }),
    },
  },
  {
    name: 'admin-balance-settings',
    path: 'admin/balanceSettings/balanceSettings',
    answers: {
      'admin.getRules': ok({
        rules: { ...DEFAULT_RULES, balance: BALANCE },
        version: 5,
        updatedAt: '2026-03-15T02:00:00.000Z',
        updatedBy: 'oADMIN',
      }),
    },
  },
];
