/**
 * Test helpers: one in-memory emulator per test file, and the real wx-server-sdk pointed at it.
 * Tests call `useEmulator()` at the top of a describe block.
 */
import { startEmulator, type EmulatorHandle, type StartOptions } from '../../emulator/src/index';

export interface EmulatorFixture {
  emu: EmulatorHandle;
  cloud: typeof import('wx-server-sdk');
  /** A database handle through the real SDK, as an admin (no user identity). */
  db: ReturnType<typeof import('wx-server-sdk').database>;
}

export function useEmulator(options: StartOptions = {}): EmulatorFixture {
  const fixture = {} as EmulatorFixture;
  beforeAll(async () => {
    fixture.emu = await startEmulator(options);
    fixture.cloud = fixture.emu.sdk();
    fixture.db = fixture.cloud.database();
  });
  afterAll(async () => {
    await fixture.emu?.stop();
  });
  return fixture;
}

/**
 * Awaits a promise that must reject and returns what it rejected with. Takes `unknown` because
 * wx-server-sdk's typings declare many calls as returning `Promise<...> | void`.
 */
export async function rejection(promise: unknown): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
