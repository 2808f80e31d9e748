/**
 * Durable mode keeps the virtual clock's offset and each timer's last slot. After a restart the
 * clock continues where it was (never behind), and a timer continues from its last fired slot:
 * of the slots that came due while the emulator was stopped, only the latest fires, and the
 * others are counted as `missedWhileStopped`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorHandle } from '../../emulator/src/index';
import { TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';

const HOUR_MS = 3_600_000;

describe('durable clock and timer slots', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'emulator-timers-'));
  // The base clock stands still unless the test moves it: the "downtime" is exact.
  const base = { t: Date.parse('2025-03-01T00:30:00Z'), now: () => base.t };
  const start = (): Promise<EmulatorHandle> =>
    startEmulator({
      dataDir,
      functionsDir: TEST_FUNCTIONS_BUILD_DIR,
      clock: base,
      runScheduler: false,
      timers: ['hourlyTick'],
    });
  let emu: EmulatorHandle | undefined;

  afterAll(async () => {
    await emu?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const ticks = (): string[] =>
    emu!.emulator.store
      .scan('system')
      .map((doc) => String(doc._id))
      .filter((id) => id.startsWith('tick-'))
      .sort();

  it('continues the clock and the timer from their last state, firing the latest missed slot once', async () => {
    emu = await start();
    await emu.advanceClock(3 * HOUR_MS);
    expect(ticks()).toEqual(['tick-2025-03-01T01:00:00Z', 'tick-2025-03-01T02:00:00Z', 'tick-2025-03-01T03:00:00Z']);
    await emu.stop();

    base.t += 5 * HOUR_MS; // Five hours pass while the emulator is stopped.
    emu = await start();
    expect(emu.emulator.options.clock.offsetMs).toBe(3 * HOUR_MS);
    expect(emu.emulator.options.clock.now()).toBe(Date.parse('2025-03-01T08:30:00Z'));
    const listed = emu.emulator.timers.list();
    expect(listed).toEqual([expect.objectContaining({ function: 'hourlyTick', missedWhileStopped: 4 })]);
    const fired = await emu.emulator.scheduler.runDue();
    expect(fired).toEqual([{ label: 'timer hourlyTick/hourly', dueAt: Date.parse('2025-03-01T08:00:00Z') }]);
    await emu.advanceClock(HOUR_MS);
    expect(ticks().slice(3)).toEqual(['tick-2025-03-01T08:00:00Z', 'tick-2025-03-01T09:00:00Z']);
  });
});
