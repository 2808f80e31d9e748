/**
 * Guessing the setup secret (docs/api.md, claimAdmin): five wrong secrets in a row lock every
 * claim, without comparing, for 15 minutes (doubling with each further wrong one, up to a day),
 * the right secret included; the successful claim spends the secret for good.
 */
import { useEmulator } from '../helpers/emulator';

const SECRET = 'guard-test-secret-8f3a91c2';
const MINUTE = 60_000;

describe('claimAdmin under guessing', () => {
  const f = useEmulator({ runScheduler: false, timers: [], functionEnv: { ADMIN_SETUP_SECRET: SECRET } });
  const claim = async (secret: string, openid = 'oGUESS') =>
    (await f.emu.call('admin', { $url: 'claimAdmin', secret }, { openid })).result as {
      ok: boolean;
      error?: { code: string; message: string };
    };

  beforeEach(() => f.emu.reset());

  it('50 wrong guesses in a row: 5 are compared, the other 45 and the right secret are refused until the lock ends', async () => {
    const codes: string[] = [];
    for (let guess = 0; guess < 50; guess += 1) codes.push((await claim(`wrong-guess-${guess}`)).error?.code ?? 'ok');
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('BAD_SECRET'));
    expect(new Set(codes.slice(5))).toEqual(new Set(['TOO_MANY_ATTEMPTS']));
    // Refused without comparing: the right secret does not get through either, from anyone.
    const right = await claim(SECRET, 'oOWNER');
    expect(right.error?.code).toBe('TOO_MANY_ATTEMPTS');
    expect(right.error?.message).toContain('后再试');
    expect(f.emu.emulator.store.scan('admins')).toEqual([]);
    expect(f.emu.emulator.store.scan('system').find((doc) => doc._id === 'setupGuard')).toMatchObject({ failures: 5 });

    // The lock ends after 15 minutes; one more wrong guess locks for 30.
    await f.emu.advanceClock(15 * MINUTE + 1_000);
    expect((await claim('wrong-again')).error?.code).toBe('BAD_SECRET');
    expect((await claim(SECRET, 'oOWNER')).error?.code).toBe('TOO_MANY_ATTEMPTS');
    await f.emu.advanceClock(16 * MINUTE);
    expect((await claim(SECRET, 'oOWNER')).error?.code).toBe('TOO_MANY_ATTEMPTS');
    await f.emu.advanceClock(15 * MINUTE);
    expect(await claim(SECRET, 'oOWNER')).toMatchObject({ ok: true });
    expect(f.emu.emulator.store.scan('system').find((doc) => doc._id === 'setupGuard')).toMatchObject({
      failures: 0,
      lockedUntil: null,
    });
  });

  it('the secret works once: after the claim it is refused, even with every admin gone from the store', async () => {
    expect(await claim(SECRET, 'oOWNER')).toMatchObject({ ok: true });
    expect((await claim(SECRET, 'oOTHER')).error?.code).toBe('ALREADY_CLAIMED');
    f.emu.emulator.put('admins', 'oOWNER', null);
    expect((await claim(SECRET, 'oOTHER')).error?.code).toBe('ALREADY_CLAIMED');
    expect(f.emu.emulator.store.scan('admins')).toEqual([]);
  });
});
