/**
 * The wallet's model-based test (tests/wallet/model/): random sequences of top-ups, balance and
 * WeChat payments with and without points, duplicate callbacks, ships, receipts, refunds, clock
 * jumps and timers, withdrawals of commission to the balance, top-up refunds and the merchant's
 * adjustments, with faults on their functions and groups started at once, against the real
 * functions on the emulator. After every step, and at rest, every balance and points account
 * equals its entries and every fen and point is accounted for (tests/wallet/model/invariants.ts).
 *
 *   MODEL_RUNS=<n> npx jest tests/wallet/model.test.ts    more runs (default 3)
 *   MODEL_SEED=<seed> MODEL_PATH=<path> npx jest ...       replays one failure exactly
 *   MODEL_SHRINK=1 (with the above)                        shrinks it to a shorter sequence
 *   MODEL_STEPS=<n>                                        steps per run at most (default 20)
 *   MODEL_TRACE=1                                          prints each step's duration
 */
import fc from 'fast-check';
import { useEmulator } from '../helpers/emulator';
import { modelEmulator } from '../ledger/model/run';
import { DEFAULT_STEPS, nothingReached, tally, walletProperty } from './model/run';

const RUNS = Number(process.env.MODEL_RUNS ?? 3);
const CHUNK = Number(process.env.MODEL_CHUNK ?? 3);
const BASE_SEED = process.env.MODEL_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.MODEL_SEED);
const PATH = process.env.MODEL_PATH;
const SHRINK = process.env.MODEL_SHRINK === '1';
const STEPS = Number(process.env.MODEL_STEPS ?? DEFAULT_STEPS);

describe('the balance and points under random operations, faults and concurrent actions (docs/wallet.md)', () => {
  const { options, listening } = modelEmulator();
  const f = useEmulator(options);
  beforeAll(() => listening(f.emu));

  const reached = nothingReached();
  const chunks = PATH === undefined ? Math.ceil(RUNS / CHUNK) : 1;
  for (let chunk = 0; chunk < chunks; chunk += 1) {
    const seed = BASE_SEED + chunk;
    const numRuns = PATH === undefined ? Math.min(CHUNK, RUNS - chunk * CHUNK) : 1;
    it(`keeps every invariant after every step and at rest (seed ${seed}, ${numRuns} runs)`, async () => {
      await fc.assert(
        walletProperty(f.emu, (real) => tally(reached, real), STEPS),
        {
          numRuns,
          seed,
          path: PATH,
          endOnFailure: !SHRINK,
        },
      );
    });
  }

  it('reached the money paths', () => {
    if (PATH !== undefined) return;
    // The prologue pays top-ups, a WeChat order and a balance order with points in every run; the
    // random steps must have run too.
    expect(reached.paidTopUps).toBeGreaterThan(0);
    expect(reached.balancePaidOrders).toBeGreaterThan(0);
    expect(reached.wechatPaidOrders).toBeGreaterThan(0);
    expect(reached.pointsSpent).toBeGreaterThan(0);
    expect(reached.operations).toBeGreaterThan(0);
  });

  afterAll(() => {
    console.log(`wallet model runs: ${RUNS} from seed ${BASE_SEED}, reached ${JSON.stringify(reached)}`);
  });
});
