/**
 * Runs the ledger's model-based test (tests/ledger/model.ts). The runs are split over several
 * tests of MODEL_CHUNK runs each, so no single test nears the suite's time limit on a busy
 * machine; chunk i uses seed MODEL_SEED + i (MODEL_SEED defaults to a fresh one, printed).
 *
 *   MODEL_RUNS=200 npx jest tests/ledger/model.test.ts       many runs (npm run test:model)
 *   MODEL_SEED=<seed> MODEL_PATH=<path> npx jest ...          replays one failure exactly
 *   MODEL_SHRINK=1 (with the above)                           shrinks it to a shorter sequence
 *   MODEL_STEPS=<n>                                           steps per run at most (default 40; a
 *                                                             replay of the long run names its own)
 */
import fc from 'fast-check';
import { useEmulator } from '../helpers/emulator';
import { DEFAULT_STEPS, modelEmulator, modelProperty, nothingReached, tally } from './model/run';

const RUNS = Number(process.env.MODEL_RUNS ?? 16);
const CHUNK = Number(process.env.MODEL_CHUNK ?? 4);
const BASE_SEED = process.env.MODEL_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.MODEL_SEED);
const PATH = process.env.MODEL_PATH;
const SHRINK = process.env.MODEL_SHRINK === '1';
const STEPS = Number(process.env.MODEL_STEPS ?? DEFAULT_STEPS);

describe('the ledger under random operations, faults and concurrent actions (docs/ledger.md)', () => {
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
        modelProperty(f.emu, (real) => tally(reached, real), STEPS),
        { numRuns, seed, path: PATH, endOnFailure: !SHRINK },
      );
    });
  }

  afterAll(() => {
    console.log(`model runs: ${RUNS} from seed ${BASE_SEED}, reached ${JSON.stringify(reached)}`);
  });

  it('reached every money path', () => {
    if (PATH !== undefined) return;
    expect(reached.paidOrders).toBeGreaterThan(0);
    expect(reached.commissions).toBeGreaterThan(0);
    expect(reached.released).toBeGreaterThan(0);
    expect(reached.withdrawals).toBeGreaterThan(0);
  });
});
