/**
 * One model run, shared by the jest test and the long run (scripts/model-long.ts): a fresh
 * shop, the prologue, the random steps, the drive to rest and the checks at rest. Also the
 * emulator the model needs (no scheduler: timers run only when the model runs them; the payout
 * settings pointing at the emulator's own payout sandbox) and what the runs reached.
 */
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import type { EmulatorHandle, StartOptions } from '../../../emulator/src/index';
import { commands } from '../model';
import { driveToRest, prologue, seedShop } from './shop';
import { verify } from './step';
import { initialModel, SUB_MCH_ID, type Model, type Real } from './world';

/** Steps per run at most (fast-check's maxCommands); a replay must use the same number. */
export const DEFAULT_STEPS = 40;

/**
 * The emulator's options for the model, and what to do once it listens: the merchant-transfer
 * settings name the emulator's payout sandbox, whose address is known only then (functions
 * start lazily, after it).
 */
export function modelEmulator(): { options: StartOptions; listening: (emu: EmulatorHandle) => void } {
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;
  const functionEnv: Record<string, string> = {
    WXPAY_SUB_MCH_ID: SUB_MCH_ID,
    WXPAY_MCH_ID: '1900000001',
    WXPAY_MCH_SERIAL_NO: '408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB',
    WXPAY_MCH_PRIVATE_KEY: privateKey,
  };
  return {
    options: { runScheduler: false, timers: [], functionEnv },
    listening: (emu) => {
      functionEnv.WXPAY_API_BASE = `${emu.url}/_emulator/wxpay`;
    },
  };
}

/** Runs one sequence of steps from a fresh shop; throws with the steps when an invariant breaks. */
export async function runModel(
  emu: EmulatorHandle,
  steps: Iterable<fc.AsyncCommand<Model, Real>>,
  gateSeed: number,
): Promise<Real> {
  const real: Real = { emu, known: { initialStock: new Map() }, log: [], operations: 0, together: false };
  const t0 = Date.now();
  seedShop(real, gateSeed);
  const model = initialModel();
  await prologue(model, real);
  const t1 = Date.now();
  await fc.asyncModelRun(() => ({ model, real }), steps);
  const t2 = Date.now();
  await driveToRest(real);
  if (process.env.MODEL_TRACE)
    console.log(`phases: prologue ${t1 - t0} ms, steps ${t2 - t1} ms, rest ${Date.now() - t2} ms`);
  verify(real, 'at rest', true);
  if (process.env.MODEL_TRACE) console.log(`at rest ${fingerprint(real)}`);
  return real;
}

/** The property: any sequence of steps keeps every invariant. `ran` sees each finished run. */
export function modelProperty(
  emu: EmulatorHandle,
  ran: (real: Real) => void = () => undefined,
  maxSteps = DEFAULT_STEPS,
): fc.IAsyncPropertyWithHooks<[Iterable<fc.AsyncCommand<Model, Real>>, number]> {
  return fc.asyncProperty(
    fc.commands(commands(), { maxCommands: maxSteps, size: 'max' }),
    fc.nat(),
    async (steps, gateSeed) => ran(await runModel(emu, steps, gateSeed)),
  );
}

/** What the runs reached, so a model that stopped exercising money fails instead of passing vacuously. */
export interface Reached {
  orders: number;
  paidOrders: number;
  commissions: number;
  completedOrders: number;
  released: number;
  reversedOrClawedBack: number;
  refunds: number;
  withdrawals: number;
  withdrawn: number;
  ruleVersions: number;
  operations: number;
  gateDecisions: number;
}

export function nothingReached(): Reached {
  return {
    orders: 0,
    paidOrders: 0,
    commissions: 0,
    completedOrders: 0,
    released: 0,
    reversedOrClawedBack: 0,
    refunds: 0,
    withdrawals: 0,
    withdrawn: 0,
    ruleVersions: 0,
    operations: 0,
    gateDecisions: 0,
  };
}

export function tally(reached: Reached, real: Real): void {
  const { store } = real.emu.emulator;
  const orders = store.scan('orders');
  reached.orders += orders.length;
  reached.paidOrders += orders.filter((order) => (order.payment as { paidAt: unknown } | undefined)?.paidAt).length;
  reached.completedOrders += orders.filter((order) => order.status === 'completed').length;
  reached.refunds += orders.reduce((n, order) => n + ((order.refunds as unknown[] | undefined)?.length ?? 0), 0);
  const commissions = store.scan('commissions');
  reached.commissions += commissions.length;
  reached.released += commissions.filter((c) => c.status === 'released').length;
  reached.reversedOrClawedBack += commissions.filter(
    (c) => (c.reversedFen as number) + (c.clawedBackFen as number) > 0,
  ).length;
  const withdrawals = store.scan('withdrawals');
  reached.withdrawals += withdrawals.length;
  reached.withdrawn += withdrawals.filter((w) => w.status === 'withdrawn').length;
  reached.ruleVersions += store.scan('rulesHistory').length;
  reached.operations += real.operations;
  reached.gateDecisions += real.emu.emulator.interleave.decisions;
}

/** What a run ended with, without ids or times that differ between replays: balances and states. */
export function fingerprint(real: Real): string {
  const { store } = real.emu.emulator;
  const pickFields = (collection: string, fields: string[]): string[] =>
    store
      .scan(collection)
      .map((doc) => fields.map((field) => JSON.stringify(doc[field])).join(','))
      .sort();
  return JSON.stringify({
    accounts: pickFields('accounts', ['_id', 'frozenFen', 'availableFen', 'withdrawingFen', 'withdrawnFen']),
    commissions: pickFields('commissions', ['_id', 'status', 'amountFen', 'reversedFen', 'clawedBackFen']),
    orders: pickFields('orders', ['_id', 'status', 'reservation']),
    withdrawals: pickFields('withdrawals', ['_id', 'status']),
    decisions: real.emu.emulator.interleave.decisions,
  });
}
