/**
 * The interleaving gate on its own, without instances: what it lets through once an invocation
 * has ended with a pause and a request still waiting. The model test found this: a timer killed
 * while its call to another function was delayed left a sleep and a read at the gate, the gate
 * ended the sleep, and the read waited forever because nothing asked the gate to look again.
 */
import { Interleaver } from '../../emulator/src/interleave';

/** Resolves when `done()` is true, looking after each turn of the event loop (by condition, not time). */
async function until(done: () => boolean, turns = 10_000): Promise<void> {
  for (let turn = 0; turn < turns && !done(); turn += 1) await new Promise((resolve) => setTimeout(resolve, 1));
  if (!done()) throw new Error('the condition never came true');
}

describe('interleaving gate', () => {
  it('lets the remaining requests of an ended invocation through after ending its pause', async () => {
    // One request or pause at the gate per unit of busy: the invocation counts as blocked at the gate.
    let busy = 2;
    const gate = new Interleaver(
      () => 0,
      () => busy,
    );
    gate.enable(1);
    gate.started('t');
    const order: string[] = [];
    gate.paused('t', 1, () => {
      busy -= 1;
      order.push('pause');
    });
    const read = gate.enter('database.getDocument', 't', 2).then((handled) => {
      order.push('read');
      busy -= 1;
      handled();
    });
    // The invocation ends (its instance was killed) before the gate decided anything.
    gate.ended('t');
    await until(() => order.length === 2);
    await read;
    expect(order).toEqual(['pause', 'read']);
    await until(() => gate.idle());
    expect(gate.decisions).toBe(2);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])(
    'after ending a pause, decides nothing while that invocation is still sending (seed %i)',
    async (seed) => {
      // Invocation a: a pause and a read at the gate; b: a read.
      const busy = new Map([
        ['a', 2],
        ['b', 1],
      ]);
      const gate = new Interleaver(
        () => 0,
        (token) => busy.get(token),
      );
      gate.enable(seed);
      const order: string[] = [];
      const answered = (token: string, what: string, last: boolean) => (handled: () => void) => {
        order.push(what);
        busy.set(token, busy.get(token)! - 1);
        handled();
        if (last) gate.ended(token);
      };
      gate.started('a');
      gate.started('b');
      let write: Promise<void> | undefined;
      gate.paused('a', 1, () => {
        order.push('a pause ended');
        // The callback sends a write that reaches the gate a moment later: counted already, not yet there.
        busy.set('a', busy.get('a')! + 1);
        write = new Promise((resolve) => setTimeout(resolve, 20)).then(() => {
          order.push('a write arrives');
          return gate.enter('database.modifyDocument', 'a', 3).then(answered('a', 'a write', true));
        });
        busy.set('a', busy.get('a')! - 1);
      });
      const reads = [
        gate.enter('database.getDocument', 'a', 2).then(answered('a', 'a read', false)),
        gate.enter('database.getDocument', 'b', 1).then(answered('b', 'b read', true)),
      ];
      await until(() => order.length === 5);
      await Promise.all([...reads, write]);
      // Between the pause's end and the write's arrival, a was not blocked at the gate: nothing went.
      const ended = order.indexOf('a pause ended');
      expect(order[ended + 1]).toBe('a write arrives');
      await until(() => gate.idle());
    },
  );
});
