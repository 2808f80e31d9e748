/**
 * Share visits (shareDailyStats): every bindReferrer call by someone other than the code's owner
 * counts one visit for the owner on the China day, whatever the binding decides; the owner's own
 * entry, an unknown code and a coupon claimed through a share count nothing, and a counter that
 * fails never fails the binding.
 */
import type { Result } from '@shared/result';
import { seedCoupon } from '../helpers/coupons';
import { useEmulator } from '../helpers/emulator';
import { seedRules, seedUsers, userDoc, whileBindingMoves } from '../helpers/referrals';

/** 2026-03-31 23:59:30 in China, half a minute before 04-01. */
const START = Date.parse('2026-03-31T15:59:30Z');

describe('share visits', () => {
  const f = useEmulator({ runScheduler: false, clock: { now: () => START }, timers: [] });
  const visits = () =>
    Object.fromEntries(
      f.emu.emulator.store.scan('shareDailyStats').map((doc) => [doc._id, [doc.sharerId, doc.day, doc.visits]]),
    );
  const enter = async (shareCode: string, openid: string) => {
    const { result, invocation, error } = await f.emu.call('bindReferrer', { shareCode }, { openid });
    expect(error).toBeUndefined();
    const warnings = invocation.logs.filter((line) => line.level === 'warn').map((line) => line.text.split('\n')[0]);
    return { answer: result as Result<{ status: string }>, roundTrips: invocation.roundTrips.database, warnings };
  };
  let ref = '';
  let plain = '';
  let other = '';

  beforeEach(() => {
    f.emu.reset();
    seedRules(f.emu, { recruitment: 'apply' });
    const users = seedUsers(f.emu, [
      { id: 'oRef', status: 'approved' },
      { id: 'oOther', status: 'approved' },
      { id: 'oPlain' },
      { id: 'oBound', referrerId: 'oOther' },
    ]);
    [ref, other, plain] = users.map((user) => user.shareCode) as [string, string, string];
  });

  it('counts every entry through a share for its owner, whatever the binding decides', async () => {
    // The day's first visit: the increment misses and the insert makes the day.
    const first = await enter(ref, 'oNew');
    expect(first.answer).toMatchObject({ ok: true, data: { status: 'bound' } });
    expect(first.roundTrips).toBe(2 + 2);
    expect(visits()).toEqual({ 'oRef:20260331': ['oRef', 20260331, 1] });
    // The same shopper again: answered unchanged, counted again with one increment.
    const again = await enter(ref, 'oNew');
    expect(again.answer).toMatchObject({ ok: true, data: { status: 'unchanged' } });
    expect(again.roundTrips).toBe(1 + 1);
    // Bound to someone else: refused, still a visit.
    expect((await enter(ref, 'oBound')).answer).toMatchObject({ ok: false, error: { code: 'ALREADY_BOUND' } });
    // Not a distributor: refused, still a visit of the code's owner.
    expect((await enter(plain, 'oNew')).answer).toMatchObject({
      ok: false,
      error: { code: 'REFERRER_NOT_DISTRIBUTOR' },
    });
    expect(visits()).toEqual({ 'oRef:20260331': ['oRef', 20260331, 3], 'oPlain:20260331': ['oPlain', 20260331, 1] });
    // A minute later it is 04-01 in China: a new day.
    f.emu.emulator.options.clock.advance(60_000);
    await enter(ref, 'oNew');
    expect(visits()).toMatchObject({ 'oRef:20260331': ['oRef', 20260331, 3], 'oRef:20260401': ['oRef', 20260401, 1] });
  });

  it('counts nothing for the owner opening their own share, nor for an unknown code', async () => {
    const own = await enter(ref, 'oRef');
    expect(own.answer).toMatchObject({ ok: false, error: { code: 'SELF_BINDING' } });
    expect(own.roundTrips).toBe(1);
    // A caller with a user document: with no row at all the call would also store the default rules.
    const unknown = await enter('ZZZZZZZZ', 'oBound');
    expect(unknown.answer).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CODE' } });
    expect(unknown.roundTrips).toBe(1);
    expect(visits()).toEqual({});
  });

  it('counts no visit for a coupon claimed through a share (its entry made its own call)', async () => {
    seedCoupon(f.emu, { _id: 'c1' });
    const claim = await f.emu.call(
      'coupon',
      { $url: 'claim', couponId: 'c1', source: 'share', shareCode: ref },
      { openid: 'oClaimer' },
    );
    expect(claim.result).toMatchObject({ ok: true, data: { binding: 'bound' } });
    expect((await userDoc(f.emu, 'oClaimer'))?.referrerId).toBe('oRef');
    expect(visits()).toEqual({});
  });

  it('counts a call once, also when its binding is re-read and re-decided', async () => {
    // The caller's binding changes under every write of the call (tests/helpers/referrals.ts).
    const conflict = await whileBindingMoves(f, 'oPlain', () => enter(ref, 'oPlain'));
    expect(conflict.answer).toMatchObject({ ok: false, error: { code: 'BIND_CONFLICT' } });
    expect(visits()).toEqual({ 'oRef:20260331': ['oRef', 20260331, 1] });
  });

  it('counts every visit when many shoppers enter at once', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, (_, index) => enter(other, `oS${index}`)));
    expect(answers.every(({ answer }) => answer.ok)).toBe(true);
    expect(visits()).toEqual({ 'oOther:20260331': ['oOther', 20260331, 8] });
  });

  it('a counter that fails never fails the binding', async () => {
    // Every update bindReferrer sends fails: the counter's first step; a new user's binding is an insert.
    f.emu.injectFault({ action: 'database.modifyDocument', function: 'bindReferrer', kind: 'fail', times: 0 });
    const bound = await enter(ref, 'oNew');
    expect(bound.answer).toMatchObject({ ok: true, data: { status: 'bound' } });
    expect(bound.warnings).toEqual([expect.stringContaining("shareDailyStats: a visit of oRef's shares not counted")]);
    expect((await enter(ref, 'oNew')).answer).toMatchObject({ ok: true, data: { status: 'unchanged' } });
    expect(await userDoc(f.emu, 'oNew')).toMatchObject({ referrerId: 'oRef', ancestors: ['oRef'] });
    expect(visits()).toEqual({});
    f.emu.emulator.faults.clear();
    await enter(ref, 'oNew');
    expect(visits()).toEqual({ 'oRef:20260331': ['oRef', 20260331, 1] });
  });
});
