/**
 * One distributor's team under a burst of paid orders: the shape of the hot-distributor test and
 * bench. The chain is oTop ← oHot ← ten sub-distributors ← the buyers, with three levels at
 * 10%, 5% and 2% (cap 30%): every order earns oHot and oTop and one sub-distributor, and adds to
 * the team sales of all three, so oHot's and oTop's accounts and user documents are written by
 * every order's settlement. Orders are seeded paid (settlement pending), as onPayCallback leaves
 * them, so the caller settles them with settleCommission as the payment flow does.
 */
import type { EmulatorHandle } from '../../emulator/src/index';
import type { LevelCommission } from '@shared/attribution';
import type { OrderDocument } from '@shared/orders';
import { seedOrder } from './orders';
import { seedRules, seedUsers } from './referrals';

export const HOT = 'oHot';
export const TOP = 'oTop';
const SUBS = Array.from({ length: 10 }, (_, i) => `oSub${i}`);
const RATES_BP = [1000, 500, 200];

/** Seeds the rules and the team with `buyers` buyers (spread over the sub-distributors); answers the buyer ids. */
export function seedHotTeam(emu: EmulatorHandle, buyers: number): string[] {
  seedRules(emu, {
    recruitment: 'apply',
    levels: 3,
    capBp: 3000,
    grades: [{ id: 'standard', name: '普通', rank: 0, ratesBp: RATES_BP, upgradeWhen: {} }],
    defaultGradeId: 'standard',
  });
  const buyerIds = Array.from({ length: buyers }, (_, i) => `oB${String(i).padStart(4, '0')}`);
  seedUsers(emu, [
    { id: TOP, status: 'approved' },
    { id: HOT, status: 'approved', referrerId: TOP, ancestors: [TOP] },
    ...SUBS.map((id) => ({ id, status: 'approved' as const, referrerId: HOT, ancestors: [HOT, TOP] })),
    ...buyerIds.map((id, i) => {
      const sub = SUBS[i % SUBS.length] as string;
      return { id, referrerId: sub, ancestors: [sub, HOT, TOP] };
    }),
  ]);
  return buyerIds;
}

/** Seeds `count` paid orders of the team's buyers (one line each, settlement pending); answers their ids. */
export function seedPaidOrders(emu: EmulatorHandle, buyerIds: readonly string[], count: number): string[] {
  const now = new Date(emu.emulator.options.clock.now());
  return Array.from({ length: count }, (_, i) => {
    const buyerId = buyerIds[i % buyerIds.length] as string;
    const sub = SUBS[(i % buyerIds.length) % SUBS.length] as string;
    const paidFen = 10_000 + (i % 97) * 13;
    const levels: LevelCommission[] = [sub, HOT, TOP].map((beneficiaryId, index) => {
      const rateBp = RATES_BP[index] as number;
      const amountFen = Math.floor((paidFen * rateBp) / 10_000);
      return { level: index + 1, beneficiaryId, basis: { kind: 'rate', rateBp }, uncappedFen: amountFen, amountFen };
    });
    const totalFen = levels.reduce((sum, level) => sum + level.amountFen, 0);
    const attribution = {
      baseFen: paidFen,
      quantity: 1,
      capFen: Math.floor(paidFen * 0.3),
      capApplied: false,
      levels,
      totalFen,
    };
    const order: Partial<OrderDocument> & { _id: string; buyerId: string } = {
      _id: `oHotOrder${String(i).padStart(5, '0')}`,
      buyerId,
      status: 'paid',
      chain: [sub, HOT, TOP],
      payment: { params: null, transactionId: `tx-${i}`, paidFen, paidAt: now },
      settlement: { state: 'pending', settledAt: null },
    };
    return seedOrder(emu, order, [{ skuId: 'sku-hot', unitPriceFen: paidFen, attribution }])._id;
  });
}
