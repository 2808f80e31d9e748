/**
 * Runs the ledger's model-based test (tests/ledger/model.ts). MODEL_RUNS and MODEL_SEED choose
 * how many random sequences and which; the default keeps this file under two minutes.
 */
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { useEmulator } from '../helpers/emulator';
import { checkAll, snapshotOf } from '../helpers/invariants';
import { commands, driveToRest, initialModel, prologue, seedShop, SUB_MCH_ID, type Real } from './model';

const RUNS = Number(process.env.MODEL_RUNS ?? 20);
const SEED = process.env.MODEL_SEED === undefined ? undefined : Number(process.env.MODEL_SEED);

describe('the ledger under random operations and faults (docs/rules.md section 8)', () => {
  // No scheduler: timers run only when the model runs them, so every run is reproducible by seed.
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;
  // The merchant-transfer settings point at the emulator's payout sandbox once it listens
  // (functions start lazily, after beforeAll).
  const env: Record<string, string> = {
    WXPAY_SUB_MCH_ID: SUB_MCH_ID,
    WXPAY_MCH_ID: '1900000001',
    WXPAY_MCH_SERIAL_NO: '408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB',
    WXPAY_MCH_PRIVATE_KEY: privateKey,
  };
  const f = useEmulator({ runScheduler: false, timers: [], functionEnv: env });
  beforeAll(() => {
    env.WXPAY_API_BASE = `${f.emu.url}/_emulator/wxpay`;
  });

  // What the runs reached, so a model that stopped exercising money (say, every call failing)
  // fails here instead of passing vacuously.
  const reached = {
    orders: 0,
    paidOrders: 0,
    commissions: 0,
    completedOrders: 0,
    released: 0,
    reversedOrClawedBack: 0,
    refunds: 0,
    withdrawals: 0,
    withdrawn: 0,
  };
  function tally(store: { scan(collection: string): Array<Record<string, unknown>> }): void {
    const orders = store.scan('orders');
    reached.paidOrders += orders.filter(
      (order) => order.payment && (order.payment as { paidAt: unknown }).paidAt,
    ).length;
    reached.orders += orders.length;
    reached.completedOrders += orders.filter((order) => order.status === 'completed').length;
    const commissions = store.scan('commissions');
    reached.commissions += commissions.length;
    reached.released += commissions.filter((c) => c.status === 'released').length;
    reached.reversedOrClawedBack += commissions.filter(
      (c) => (c.reversedFen as number) + (c.clawedBackFen as number) > 0,
    ).length;
    reached.refunds += orders.reduce((n, order) => n + ((order.refunds as unknown[] | undefined)?.length ?? 0), 0);
    const withdrawals = store.scan('withdrawals');
    reached.withdrawals += withdrawals.length;
    reached.withdrawn += withdrawals.filter((w) => w.status === 'withdrawn').length;
  }

  it('keeps every invariant after every step and at rest', async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands(), { maxCommands: 40, size: 'max' }), async (steps) => {
        const real: Real = { f, known: { initialStock: new Map() }, log: [] };
        seedShop(real);
        const model = initialModel();
        await prologue(model, real);
        await fc.asyncModelRun(() => ({ model, real }), steps);
        await driveToRest(real);
        tally(f.emu.emulator.store);
        const problems = checkAll(snapshotOf(f.emu.emulator.store), real.known);
        if (problems.length > 0)
          throw new Error(`at rest:\n  ${problems.join('\n  ')}\nsteps:\n  ${real.log.join('\n  ')}`);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    console.log(`model runs: ${RUNS}, reached ${JSON.stringify(reached)}`);
    expect(reached.paidOrders).toBeGreaterThan(0);
    expect(reached.commissions).toBeGreaterThan(0);
    expect(reached.released).toBeGreaterThan(0);
    expect(reached.withdrawals).toBeGreaterThan(0);
  }, 600_000);
});
