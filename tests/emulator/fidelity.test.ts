/**
 * Conformance of the function runtime with code written for the platform rather than for this
 * project: libraries that touch `Date` (virtual clock), function folders without config.json,
 * and slow cold starts (docs/platform.md section 8.1).
 */
import { TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import { useEmulator } from '../helpers/emulator';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('function runtime fidelity with foreign code', () => {
  // Registered before the emulator starts, which may read every function's configuration at once.
  const warnings: string[] = [];
  let warn: jest.SpyInstance;
  beforeAll(() => {
    warn = jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
      warnings.push(args.map(String).join(' '));
    });
  });
  afterAll(() => warn.mockRestore());
  const f = useEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR, maxInstancesPerFunction: 2 });

  it('keeps the virtual time for code that polyfills or replaces Date.now as bcryptjs does', async () => {
    await f.emu.advanceClock(10 * DAY_MS);
    for (const replace of [false, true, false]) {
      const before = Date.now();
      const { result, error } = await f.emu.call('bcryptDate', { replace });
      expect(error).toBeUndefined();
      const { nowMs, dateMs } = result as { nowMs: number; dateMs: number };
      // Ten days ahead of the wall clock, give or take the call's own duration on a busy machine.
      for (const seen of [nowMs, dateMs]) {
        expect(seen).toBeGreaterThanOrEqual(before + 10 * DAY_MS - 1000);
        expect(seen).toBeLessThan(Date.now() + 10 * DAY_MS + 60_000);
      }
    }
  });

  it('serves a function folder without config.json with the platform defaults and a warning', async () => {
    const { result, error } = await f.emu.call('noConfig', {});
    expect(error).toBeUndefined();
    expect(result).toEqual({ timeLimitMs: 3000, memoryLimitMb: 256 });
    const slow = await f.emu.call('noConfig', { sleepMs: 8000 });
    expect(slow.error).toEqual({ code: 'FUNCTIONS_EXECUTE_FAIL', message: 'Invoking task timed out after 3 seconds' });
    expect(warnings.filter((line) => line.includes('noConfig') && line.includes('config.json'))).toHaveLength(1);
  });

  it('times module loading apart from the execution timeout, which runs from the handler call', async () => {
    const cold = await f.emu.call('slowInit', {});
    expect(cold.error).toBeUndefined();
    expect((cold.result as { loadedInMs: number }).loadedInMs).toBeGreaterThanOrEqual(3500);
    const slow = await f.emu.call('slowInit', { sleepMs: 8000 });
    expect(slow.error).toEqual({ code: 'FUNCTIONS_EXECUTE_FAIL', message: 'Invoking task timed out after 3 seconds' });
  });
});
