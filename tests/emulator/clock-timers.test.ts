import { TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import { useEmulator } from '../helpers/emulator';

const HOUR_MS = 3_600_000;

/** Every whole hour in (fromMs, toMs]. */
function hourSlots(fromMs: number, toMs: number): string[] {
  const slots: string[] = [];
  for (let at = Math.floor(fromMs / HOUR_MS) * HOUR_MS + HOUR_MS; at <= toMs; at += HOUR_MS)
    slots.push(new Date(at).toISOString().replace('.000Z', 'Z'));
  return slots;
}

describe('virtual clock and timer triggers', () => {
  const f = useEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR });
  const clock = () => f.emu.emulator.options.clock;

  it('fires a timer exactly once per due slot while the clock advances 3 days in steps', async () => {
    const startMs = clock().now();
    // Uneven steps: some skip several slots, some none.
    const steps = [5 * HOUR_MS, 10 * 60_000, 17 * HOUR_MS + 1, 30 * 60_000, 49 * HOUR_MS];
    for (const step of steps) await f.emu.advanceClock(step);
    await f.emu.advanceClock(3 * 24 * HOUR_MS - steps.reduce((a, b) => a + b, 0));
    const endMs = clock().now();
    expect(endMs - startMs).toBeGreaterThanOrEqual(3 * 24 * HOUR_MS);

    const expected = hourSlots(startMs, endMs);
    expect(expected.length).toBeGreaterThanOrEqual(72);
    const { data } = (await f.db.collection('system').limit(1000).get()) as unknown as {
      data: Array<{ _id: string; type: string; trigger: string; seenAt: Date }>;
    };
    expect(data.map((doc) => doc._id).sort()).toEqual(expected.map((slot) => `tick-${slot}`));
    const firings = f.emu.emulator.timers.history();
    expect(firings.every((firing) => firing.ok)).toBe(true);
    expect(firings.map((firing) => firing.dueAt)).toEqual([...firings.map((firing) => firing.dueAt)].sort());
    for (const doc of data) {
      // Inside the function, `new Date()` is the virtual time: at or after its slot, well before the next.
      const slotMs = Date.parse(doc._id.slice('tick-'.length));
      expect(doc.seenAt.getTime()).toBeGreaterThanOrEqual(slotMs);
      expect(doc.type).toBe('Timer');
      expect(doc.trigger).toBe('hourly');
    }
  });

  it('uses the virtual clock for serverDate too', async () => {
    const before = clock().now();
    await f.db.collection('system').add({ data: { _id: 'sd', at: f.db.serverDate() } });
    const { data } = (await f.db.collection('system').doc('sd').get()) as unknown as { data: { at: Date } };
    expect(data.at.getTime()).toBeGreaterThanOrEqual(before);
    expect(data.at.getTime() - Date.now()).toBeGreaterThan(3 * 24 * HOUR_MS - 60_000);
  });

  it('fires a timer on demand through the control plane', async () => {
    const response = await fetch(`${f.emu.url}/_emulator/timers/hourly`, { method: 'POST' });
    const firing = (await response.json()) as { function: string; ok: boolean; dueAt: string };
    expect(firing).toMatchObject({ function: 'hourlyTick', ok: true });
    const listed = (await (await fetch(`${f.emu.url}/_emulator/timers`)).json()) as {
      timers: Array<{ trigger: string; cron: string; nextAt: string }>;
    };
    expect(listed.timers).toEqual([
      { trigger: 'hourly', function: 'hourlyTick', cron: '0 0 * * * * *', nextAt: expect.any(String) },
    ]);
  });

  it('runs a timer function with test inputs as its trigger would, without listing a firing', async () => {
    const before = f.emu.emulator.timers.history().length;
    const response = await fetch(`${f.emu.url}/_emulator/timers/hourlyTick/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ data: { Time: 'run-by-test' } }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { invocation: { source: string } }).invocation.source).toBe('wx_trigger');
    const { data } = (await f.db.collection('system').doc('tick-run-by-test').get()) as unknown as {
      data: { type: string; trigger: string };
    };
    expect(data).toMatchObject({ type: 'Timer', trigger: 'hourly' });
    expect(f.emu.emulator.timers.history()).toHaveLength(before);
    expect((await fetch(`${f.emu.url}/_emulator/timers/probe/run`, { method: 'POST' })).status).toBe(404);
  });

  it('moves the clock through the control plane and refuses to go back', async () => {
    const moved = (await (
      await fetch(`${f.emu.url}/_emulator/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceMs: 2 * HOUR_MS }),
      })
    ).json()) as { fired: unknown[]; offsetMs: number };
    expect(moved.fired.length).toBeGreaterThanOrEqual(2);
    const back = await fetch(`${f.emu.url}/_emulator/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ set: '2000-01-01T00:00:00Z' }),
    });
    expect(back.status).toBe(400);
  });
});
