/**
 * The wallet model's world: the tea shop (tests/helpers/teaShop.ts) with points, top-ups and the
 * withdrawal channel `balance` on, a second product so stock lasts a run, what the model
 * remembers between steps, and the ids of its cast. Talking to the emulator (in-process calls,
 * waiting until nothing runs, the sandboxes) is the ledger model's (tests/ledger/model/world.ts),
 * whose `Real` this model shares.
 */
import type { PointsRules } from '@shared/rules';
import { seedAddress, seedProduct } from '../../helpers/orders';
import { seedUsers } from '../../helpers/referrals';
import { BUYER, seedTeaShop, TEA_PRICE_FEN, TEA_SKU } from '../../helpers/teaShop';
import { TOP_UP_RULES } from '../../helpers/wallet';
import { now, type Real } from '../../ledger/model/world';

export const ADMIN = 'oADMIN';
/** The shoppers: the tea shop's buyer (chain oRef → oTop), a second one under oTop, and oRef buying for themselves. */
export const SHOPPERS = [BUYER, 'oS2', 'oRef'] as const;
/** The distributors who may withdraw commission to their balance. */
export const DISTRIBUTORS = ['oRef', 'oTop'] as const;
export const CUP_SKU = 'cup-1';
export const SKUS = [
  { _id: TEA_SKU, priceFen: TEA_PRICE_FEN, stock: 10 },
  { _id: CUP_SKU, priceFen: 3_333, stock: 30 },
] as const;

/** Points on: 1 point per yuan, 100 points = ¥1, up to half an order, expiring after the next month. */
export const MODEL_POINTS: PointsRules = {
  enabled: true,
  earnPerYuan: 1,
  pointsPerYuan: 100,
  maxDeductBp: 5000,
  validityMonths: 1,
};

export type PayBy = 'wechat' | 'balance';

/** What the model remembers between steps: ids the real system handed out. */
export interface WalletModel {
  orders: Array<{ id: string; buyer: string; payBy: PayBy }>;
  topUps: Array<{ id: string; user: string }>;
  keys: number;
}

export function initialModel(): WalletModel {
  return { orders: [], topUps: [], keys: 0 };
}

/** The next idempotency key or request id of the run (deterministic, so a replay sends the same). */
export function nextKey(model: WalletModel, prefix: string): string {
  model.keys += 1;
  return `${prefix}-${String(model.keys).padStart(6, '0')}`;
}

/** A fresh shop: the tea shop with points, top-ups and withdrawal to the balance, three shoppers, two SKUs. */
export function seedShop(real: Real, gateSeed: number): void {
  const { emu } = real;
  emu.reset();
  emu.emulator.faults.clear();
  emu.emulator.interleave.enable(gateSeed);
  emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: now(real), note: '' }]);
  seedTeaShop(emu, {
    returnWindowDays: 7,
    autoConfirmDays: 10,
    points: MODEL_POINTS,
    balance: TOP_UP_RULES,
    withdraw: {
      minAmountFen: 100,
      maxAmountFen: 100_000,
      feeBp: 100,
      balanceFeeBp: 100,
      maxPerDay: 50,
      review: { mode: 'manual' },
      channels: ['wechatTransfer', 'balance'],
    },
  });
  seedUsers(emu, [{ id: 'oS2', referrerId: 'oTop', ancestors: ['oTop'] }]);
  for (const shopper of ['oS2', 'oRef']) seedAddress(emu, shopper);
  seedProduct(emu, { _id: 'p-cup' }, [{ ...SKUS[1] }]);
  real.known = { initialStock: new Map(SKUS.map((sku) => [sku._id, sku.stock])) };
  real.log = [];
}
