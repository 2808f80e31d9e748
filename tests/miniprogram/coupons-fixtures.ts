/**
 * The coupon pages' tests run against a real emulator: wx.cloud.callFunction runs the built
 * functions as the user the test names, so what a page shows is what the coupon and admin
 * functions answer for the seeded documents.
 */
import { startEmulator, type EmulatorHandle } from '../../emulator/src/index';
import type { Rendered } from './helpers';
import { settle, wx } from './helpers';

export interface CouponEmulator {
  emu: EmulatorHandle;
  /** Calls from the pages are made as this user. */
  as(openid: string): void;
}

export function useCouponEmulator(): CouponEmulator {
  const fixture = { openid: 'oSHOPPER' } as CouponEmulator & { openid: string };
  fixture.as = (openid) => {
    fixture.openid = openid;
  };
  beforeAll(async () => {
    fixture.emu = await startEmulator({ timers: [], runScheduler: false });
  });
  afterAll(async () => {
    await fixture.emu?.stop();
  });
  beforeEach(() => {
    jest.clearAllMocks();
    wx.clearStorageSync();
    fixture.emu.reset();
    fixture.openid = 'oSHOPPER';
    wx.cloud.callFunction.mockImplementation(async ({ name, data }: { name: string; data: object }) => {
      const response = await fixture.emu.call(name, data, { openid: fixture.openid });
      if (response.error) throw Object.assign(new Error(response.error.message), { errMsg: response.error.message });
      return { result: response.result, errMsg: 'cloud.callFunction:ok', requestID: 'test' };
    });
  });
  return fixture;
}

/** Waits until `done` holds (the emulator answers on later ticks), then lets the page render. */
export async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; waited < 200 && !done(); waited += 1) await settle(25);
  await settle(25);
}

/** Waits until the page (or component) has left its loading state. */
export const loaded = (page: Rendered): Promise<void> => until(() => page.data.status !== 'loading');
