/**
 * The binding side of risk holds (docs/rules.md section 9): with risk on, bindReferrer records
 * where a binding came from and counts it per code + IP + hour and per IP + hour; over the IP's
 * hourly limit it answers RATE_LIMITED and writes nothing. With risk off it reads and writes
 * exactly what it always did.
 */
import type { UserDocument } from '@shared/users';
import { useEmulator } from '../helpers/emulator';
import { seedCoupon } from '../helpers/coupons';
import { seedShareDay, userDoc } from '../helpers/referrals';
import { bindToRef, RISK_ON, seedRiskShop } from './riskShop';

describe('bindReferrer under risk rules', () => {
  const f = useEmulator({ runScheduler: false, timers: [] });
  const counters = () =>
    Object.fromEntries(
      f.emu.emulator.store.scan('bindCounters').map((doc) => [String(doc._id).replace(/:\d{10}$/, ''), doc.count]),
    );

  beforeEach(() => {
    f.emu.reset();
  });

  it('over the per-IP hourly limit: RATE_LIMITED, nothing written; another IP or the next hour binds', async () => {
    seedRiskShop(f.emu, { ...RISK_ON, bindsPerIpPerHour: 2 });
    const code = (f.emu.emulator.store.scan('users').find((user) => user._id === 'oRef') as unknown as UserDocument)
      .shareCode;
    expect(await bindToRef(f.emu, 'oNew1', '198.51.100.9')).toMatchObject({ ok: true, data: { status: 'bound' } });
    expect(await bindToRef(f.emu, 'oNew2', '198.51.100.9')).toMatchObject({ ok: true, data: { status: 'bound' } });
    expect(await userDoc(f.emu, 'oNew1')).toMatchObject({
      referrerId: 'oRef',
      bindSource: { ip: '198.51.100.9', counterId: expect.stringMatching(`^code:${code}:198.51.100.9:`) },
    });
    expect(counters()).toEqual({ [`code:${code}:198.51.100.9`]: 2, 'ip:198.51.100.9': 2 });

    const before = f.emu.emulator.store.scan('users').length;
    expect(await bindToRef(f.emu, 'oNew3', '198.51.100.9')).toEqual({
      ok: false,
      error: { code: 'RATE_LIMITED', message: expect.any(String) },
    });
    expect(await userDoc(f.emu, 'oNew3')).toBeNull();
    expect(f.emu.emulator.store.scan('users')).toHaveLength(before);
    expect(counters()).toEqual({ [`code:${code}:198.51.100.9`]: 2, 'ip:198.51.100.9': 2 });

    expect(await bindToRef(f.emu, 'oNew3', '198.51.100.10')).toMatchObject({ ok: true, data: { status: 'bound' } });
    await f.emu.advanceClock(3_600_000);
    expect(await bindToRef(f.emu, 'oNew4', '198.51.100.9')).toMatchObject({ ok: true, data: { status: 'bound' } });
    // A replay of a binding in force is not a new bind: answered, never limited or counted.
    expect(await bindToRef(f.emu, 'oNew1', '198.51.100.9')).toMatchObject({ ok: true, data: { status: 'unchanged' } });
  });

  it('a coupon claimed through a share binds under the same count and limit: over it the claim keeps the binding', async () => {
    seedRiskShop(f.emu, { ...RISK_ON, bindsPerIpPerHour: 1 });
    seedCoupon(f.emu, { _id: 'c1' });
    const code = (f.emu.emulator.store.scan('users').find((user) => user._id === 'oRef') as unknown as UserDocument)
      .shareCode;
    const claim = async (openid: string) =>
      (
        await f.emu.call(
          'coupon',
          { $url: 'claim', couponId: 'c1', source: 'share', shareCode: code },
          { openid, clientIp: '198.51.100.9' },
        )
      ).result;
    expect(await claim('oNew1')).toMatchObject({ ok: true, data: { binding: 'bound' } });
    expect(await claim('oNew2')).toMatchObject({ ok: true, data: { binding: 'kept' } });
    // Not bound: no binding was written (the claim itself creates no user document).
    expect((await userDoc(f.emu, 'oNew2'))?.referrerId ?? null).toBeNull();
    expect(counters()).toEqual({ [`code:${code}:198.51.100.9`]: 1, 'ip:198.51.100.9': 1 });
  });

  it('the loopback default counts nothing and is never limited', async () => {
    seedRiskShop(f.emu, { ...RISK_ON, bindsPerIpPerHour: 1 });
    expect(await bindToRef(f.emu, 'oNew1', '127.0.0.1')).toMatchObject({ ok: true });
    expect(await bindToRef(f.emu, 'oNew2', '127.0.0.1')).toMatchObject({ ok: true });
    expect(f.emu.emulator.store.scan('bindCounters')).toEqual([]);
    expect(await userDoc(f.emu, 'oNew2')).toMatchObject({ bindSource: null });
  });

  it('risk off: no counter, no bindSource, no round trip for risk', async () => {
    seedRiskShop(f.emu, { ...RISK_ON, enabled: false, bindsPerIpPerHour: 1 });
    const ref = f.emu.emulator.store.scan('users').find((user) => user._id === 'oRef') as unknown as UserDocument;
    seedShareDay(f.emu, 'oRef');
    for (const id of ['oNew1', 'oNew2']) {
      const { result, invocation } = await f.emu.call(
        'bindReferrer',
        { shareCode: ref.shareCode },
        { openid: id, clientIp: '198.51.100.9' },
      );
      expect(result).toMatchObject({ ok: true, data: { status: 'bound' } });
      // The binding's aggregation and insert, and the share visit's increment (bindReferrer counts it, risk or not).
      expect(invocation.roundTrips.database).toBe(2 + 1);
      expect(await userDoc(f.emu, id)).not.toHaveProperty('bindSource');
    }
    expect(f.emu.emulator.store.scan('bindCounters')).toEqual([]);
  });
});
