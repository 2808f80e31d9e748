/**
 * The interleaving gate orders the inside of an invocation too: an invocation with branches in
 * parallel, each pausing a random moment before each write, replays in the same order under the
 * same seed. The gate waits until every running invocation has sent all its requests, digested
 * every answer and finished its pauses, and takes one invocation's requests in the order it made
 * them (emulator/src/functions/activity.ts).
 */
import { TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import { useEmulator } from '../helpers/emulator';

describe('interleaving gate: replay inside an invocation', () => {
  const f = useEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR });

  /** Two invocations of the branching fixture at once under the gate; the order their writes landed in. */
  async function trail(seed: number): Promise<string[]> {
    f.emu.reset();
    await f.db.createCollection('trail');
    const { emulator } = f.emu;
    emulator.interleave.enable(seed);
    try {
      const outcomes = await Promise.all(
        ['x', 'y'].map((tag) => f.emu.call('branches', { tag, writes: 3 }, { openid: `o${tag}` })),
      );
      expect(outcomes.map((outcome) => outcome.result ?? outcome.error)).toEqual([{ done: true }, { done: true }]);
    } finally {
      emulator.interleave.disable();
    }
    return emulator.store.scan('trail').map((doc) => doc.step as string);
  }

  it('writes in the same order every time a seed is replayed, and in another order under another seed', async () => {
    const first = await trail(7);
    expect(first).toHaveLength(12);
    for (let replay = 0; replay < 4; replay += 1) expect(await trail(7)).toEqual(first);
    const others = [await trail(8), await trail(9), await trail(10)];
    expect(others.some((order) => order.join() !== first.join())).toBe(true);
  });
});
