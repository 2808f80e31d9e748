/**
 * One run of the wallet model: a fresh shop, the prologue, the random steps, the drive to rest
 * and the checks at rest; and what the runs reached, so that a model which stopped exercising a
 * money path fails instead of passing vacuously.
 */
import fc from 'fast-check';
import type { EmulatorHandle } from '../../../emulator/src/index';
import { perform } from '../../ledger/model/step';
import { settleDown, type Real } from '../../ledger/model/world';
import { BUYER } from '../../helpers/teaShop';
import { commands } from './commands';
import { ClockJump, Confirm, PayWechat, Place, Ship, TIMERS } from './shopSteps';
import { verify, type Step } from './step';
import { TopUp } from './walletSteps';
import { initialModel, seedShop, type WalletModel } from './world';

/** Steps per run at most (fast-check's maxCommands); a replay must use the same number. */
export const DEFAULT_STEPS = 25;

/**
 * The history before the random steps: the buyer bought two teas through oRef, received them, the
 * return window passed, commissions and points were released. oRef then holds 2 560 fen of
 * commission, oTop 1 280, and the buyer 256 available points; then the buyer topped up 500 yuan
 * (58 000 fen with the bonus) and oS2 100 yuan (11 000 fen), so balance payments can happen from the
 * first step; last, the buyer paid a tea from the balance with their points (12 800 − 256 fen), so
 * a balance order can be refunded from the first step.
 */
async function prologue(model: WalletModel, real: Real): Promise<void> {
  const bought: Step[] = [
    new Place(BUYER, [{ sku: 0, quantity: 2 }], 'wechat', false),
    new PayWechat(0),
    new Ship(0),
    new Confirm(0),
    new ClockJump(60 * 24 * 8),
  ];
  const topped: Step[] = [
    new TopUp(BUYER, 50_000, true),
    new TopUp('oS2', 10_000, true),
    new Place(BUYER, [{ sku: 0, quantity: 1 }], 'balance', true),
  ];
  for (const step of bought) await perform(real, 0, [], () => step.act(model, real));
  for (const name of ['releaseCommissions', 'expirePoints'])
    await perform(real, 0, [], () => real.emu.runTimer(name, {}));
  for (const step of topped) await perform(real, 0, [], () => step.act(model, real));
  const { store } = real.emu.emulator;
  const available = store
    .scan('accounts')
    .map((account) => `${account._id} ${account.availableFen}`)
    .sort();
  const points = store.scan('pointsAccounts').map((account) => `${account._id} ${account.available}`);
  const balances = store.scan('balances').map((account) => `${account._id} ${account.balanceFen}`);
  const expected = [['oRef 2560', 'oTop 1280'], [`${BUYER} 0`], [`${BUYER} 45456`, 'oS2 11000']];
  if (JSON.stringify([available, points, balances.sort()]) !== JSON.stringify(expected))
    throw new Error(`prologue: unexpected commission ${available}, points ${points}, balances ${balances}`);
  real.log.push('prologue: 2 teas by WeChat, completed, released; top-ups of 500 and 100 yuan; a tea by balance');
}

/** Drives the system to rest: callbacks redelivered, the clock past every window and expiry, timers until idle. */
async function driveToRest(real: Real): Promise<void> {
  real.emu.emulator.faults.clear();
  // Past every redelivery of an unacknowledged callback (the last is after 24 h).
  for (let hour = 0; hour < 26; hour += 1) await real.emu.advanceClock(3_600_000);
  await settleDown(real);
  // Receipt (auto-confirm after 10 days), the return window (7), then past every points expiry
  // (points of month M expire when month M + 1 ends).
  for (const jumpDays of [0, 11, 8, 62]) {
    await real.emu.advanceClock(jumpDays * 86_400_000);
    for (let round = 0; round < 2; round += 1) {
      for (const name of TIMERS) await real.emu.runTimer(name, {});
      await settleDown(real);
    }
  }
}

/** Runs one sequence of steps from a fresh shop; throws with the steps when an invariant breaks. */
export async function runModel(
  emu: EmulatorHandle,
  steps: Iterable<fc.AsyncCommand<WalletModel, Real>>,
  gateSeed: number,
): Promise<Real> {
  const real: Real = { emu, known: { initialStock: new Map() }, log: [], operations: 0, together: false };
  seedShop(real, gateSeed);
  const model = initialModel();
  await prologue(model, real);
  verify(real, 'after the prologue', false);
  await fc.asyncModelRun(() => ({ model, real }), steps);
  await driveToRest(real);
  verify(real, 'at rest', true);
  return real;
}

export function walletProperty(
  emu: EmulatorHandle,
  ran: (real: Real) => void,
  maxSteps = DEFAULT_STEPS,
): fc.IAsyncPropertyWithHooks<[Iterable<fc.AsyncCommand<WalletModel, Real>>, number]> {
  return fc.asyncProperty(
    fc.commands(commands(), { maxCommands: maxSteps, size: 'max' }),
    fc.nat(),
    async (steps, gateSeed) => ran(await runModel(emu, steps, gateSeed)),
  );
}

/** What the runs reached: counted over the store at the end of each run. */
export interface Reached {
  paidTopUps: number;
  refundedTopUps: number;
  balancePaidOrders: number;
  wechatPaidOrders: number;
  balanceRefunds: number;
  pointsSpent: number;
  pointsReleased: number;
  pointsExpired: number;
  withdrawalsToBalance: number;
  adjustments: number;
  operations: number;
}

export function nothingReached(): Reached {
  return {
    paidTopUps: 0,
    refundedTopUps: 0,
    balancePaidOrders: 0,
    wechatPaidOrders: 0,
    balanceRefunds: 0,
    pointsSpent: 0,
    pointsReleased: 0,
    pointsExpired: 0,
    withdrawalsToBalance: 0,
    adjustments: 0,
    operations: 0,
  };
}

export function tally(reached: Reached, real: Real): void {
  const { store } = real.emu.emulator;
  const count = (collection: string, test: (doc: Record<string, any>) => boolean): number =>
    store.scan(collection).filter(test).length;
  reached.paidTopUps += count('topUps', (doc) => doc.status !== 'pending_payment');
  reached.refundedTopUps += count('topUps', (doc) => doc.status === 'refunded');
  reached.balancePaidOrders += count('orders', (doc) => doc.payMethod === 'balance' && doc.payment.paidAt);
  reached.wechatPaidOrders += count('orders', (doc) => doc.payMethod !== 'balance' && doc.payment.paidAt);
  reached.balanceRefunds += count('balanceEntries', (doc) => doc.kind === 'orderRefund');
  reached.pointsSpent += count('pointsEntries', (doc) => doc.kind === 'spend');
  reached.pointsReleased += count('pointsEntries', (doc) => doc.kind === 'release');
  reached.pointsExpired += count('pointsEntries', (doc) => doc.kind === 'expire');
  reached.withdrawalsToBalance += count('balanceEntries', (doc) => doc.kind === 'commissionWithdraw');
  reached.adjustments += count('balanceEntries', (doc) => doc.kind === 'adjust');
  reached.operations += real.operations;
}
