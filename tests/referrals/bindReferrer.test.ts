/**
 * bindReferrer against the emulator: the whole binding-policy matrix, every refusal reason,
 * replays, round trips, and the team chain cascade. Every call through someone else's known code
 * also counts a share visit (one increment once the sharer's day exists, tests/analytics/shareVisits.test.ts),
 * so the round trips below are the binding's own plus that one (`+ VISIT`).
 */
import type { Rules } from '@shared/rules';
import type { UserDocument } from '@shared/users';
import { useEmulator } from '../helpers/emulator';
import { seedRules, seedShareDay, seedUsers, userDoc, whileBindingMoves, type SeedUser } from '../helpers/referrals';

const DAY_MS = 86_400_000;
/** The share visit's increment of the sharer's day (seeded by seedShareDay). */
const VISIT = 1;

type Policy = { scope: 'all' | 'newCustomersOnly'; duration: Rules['binding']['duration'] };
type CallerState = 'new' | 'unbound' | 'unboundPaid' | 'boundElsewhere' | 'boundElsewhereLapsed' | 'boundHere';
type Expected = 'bound' | 'unchanged' | 'ALREADY_BOUND' | 'NOT_NEW_CUSTOMER';

const PERMANENT: Policy['duration'] = { kind: 'permanent' };
const DAYS: Policy['duration'] = { kind: 'days', days: 30 };
const LAST_CLICK: Policy['duration'] = { kind: 'lastClick' };

/** Expected outcome of binding the caller to R1, written out by hand for every cell. */
const MATRIX: Array<[Policy['scope'], Policy['duration'], CallerState, Expected]> = [
  ['all', PERMANENT, 'new', 'bound'],
  ['all', PERMANENT, 'unbound', 'bound'],
  ['all', PERMANENT, 'unboundPaid', 'bound'],
  ['all', PERMANENT, 'boundElsewhere', 'ALREADY_BOUND'],
  ['all', PERMANENT, 'boundElsewhereLapsed', 'ALREADY_BOUND'],
  ['all', PERMANENT, 'boundHere', 'unchanged'],
  ['all', DAYS, 'new', 'bound'],
  ['all', DAYS, 'unbound', 'bound'],
  ['all', DAYS, 'unboundPaid', 'bound'],
  ['all', DAYS, 'boundElsewhere', 'ALREADY_BOUND'],
  ['all', DAYS, 'boundElsewhereLapsed', 'bound'],
  ['all', DAYS, 'boundHere', 'unchanged'],
  ['all', LAST_CLICK, 'new', 'bound'],
  ['all', LAST_CLICK, 'unbound', 'bound'],
  ['all', LAST_CLICK, 'unboundPaid', 'bound'],
  ['all', LAST_CLICK, 'boundElsewhere', 'bound'],
  ['all', LAST_CLICK, 'boundElsewhereLapsed', 'bound'],
  ['all', LAST_CLICK, 'boundHere', 'unchanged'],
  ['newCustomersOnly', PERMANENT, 'new', 'bound'],
  ['newCustomersOnly', PERMANENT, 'unbound', 'bound'],
  ['newCustomersOnly', PERMANENT, 'unboundPaid', 'NOT_NEW_CUSTOMER'],
  ['newCustomersOnly', PERMANENT, 'boundElsewhere', 'ALREADY_BOUND'],
  ['newCustomersOnly', PERMANENT, 'boundElsewhereLapsed', 'ALREADY_BOUND'],
  ['newCustomersOnly', PERMANENT, 'boundHere', 'unchanged'],
  ['newCustomersOnly', DAYS, 'new', 'bound'],
  ['newCustomersOnly', DAYS, 'unbound', 'bound'],
  ['newCustomersOnly', DAYS, 'unboundPaid', 'NOT_NEW_CUSTOMER'],
  ['newCustomersOnly', DAYS, 'boundElsewhere', 'ALREADY_BOUND'],
  ['newCustomersOnly', DAYS, 'boundElsewhereLapsed', 'bound'],
  ['newCustomersOnly', DAYS, 'boundHere', 'unchanged'],
  ['newCustomersOnly', LAST_CLICK, 'new', 'bound'],
  ['newCustomersOnly', LAST_CLICK, 'unbound', 'bound'],
  ['newCustomersOnly', LAST_CLICK, 'unboundPaid', 'NOT_NEW_CUSTOMER'],
  ['newCustomersOnly', LAST_CLICK, 'boundElsewhere', 'bound'],
  ['newCustomersOnly', LAST_CLICK, 'boundElsewhereLapsed', 'bound'],
  ['newCustomersOnly', LAST_CLICK, 'boundHere', 'unchanged'],
];

function callerSeed(state: CallerState, now: number): SeedUser | undefined {
  switch (state) {
    case 'new':
      return undefined;
    case 'unbound':
      return { id: 'oCaller' };
    case 'unboundPaid':
      return { id: 'oCaller', hasPaidOrder: true };
    case 'boundElsewhere':
      return { id: 'oCaller', referrerId: 'oR2', ancestors: ['oR2', 'oTop'], bindingExpiresAt: new Date(now + DAY_MS) };
    case 'boundElsewhereLapsed':
      return { id: 'oCaller', referrerId: 'oR2', ancestors: ['oR2', 'oTop'], bindingExpiresAt: new Date(now - 1) };
    case 'boundHere':
      return { id: 'oCaller', referrerId: 'oR1', ancestors: ['oR1', 'oTop'] };
  }
}

describe('bindReferrer', () => {
  const f = useEmulator();
  const now = () => f.emu.emulator.options.clock.now();
  /** Binds as `openid`; null calls without any mini-program identity (as a timer would). */
  const bind = (shareCode: unknown, openid: string | null = 'oCaller') =>
    f.emu.call('bindReferrer', { shareCode }, openid ? { openid } : {});

  beforeEach(() => f.emu.reset());

  describe.each(MATRIX)('scope %s, duration %j, caller %s', (scope, duration, state, expected) => {
    it(`answers ${expected}`, async () => {
      seedRules(f.emu, { recruitment: 'apply', binding: { scope, duration } });
      const [top, r1] = seedUsers(f.emu, [
        { id: 'oTop', status: 'approved' },
        { id: 'oR1', status: 'approved', referrerId: 'oTop' },
        { id: 'oR2', status: 'approved', referrerId: 'oTop' },
      ]);
      const seed = callerSeed(state, now());
      if (seed) seedUsers(f.emu, [seed]);
      seedShareDay(f.emu, 'oR1');
      const before = await userDoc(f.emu, 'oCaller');

      const { result, invocation } = await bind(r1?.shareCode);

      const after = (await userDoc(f.emu, 'oCaller')) as UserDocument;
      if (expected === 'bound') {
        expect(result).toEqual({
          ok: true,
          data: {
            status: 'bound',
            referrer: { nickname: 'oR1', avatarUrl: '', shareCode: r1?.shareCode },
            bindingExpiresAt: duration.kind === 'days' ? expect.any(String) : null,
          },
        });
        expect(after).toMatchObject({
          referrerId: 'oR1',
          ancestors: ['oR1', 'oTop'],
          bindingVersion: (before?.bindingVersion ?? 0) + 1,
        });
        if (duration.kind === 'days')
          expect(after.bindingExpiresAt?.getTime()).toBeGreaterThanOrEqual(now() + 30 * DAY_MS - 5_000);
        else expect(after.bindingExpiresAt).toBeNull();
      } else if (expected === 'unchanged') {
        expect(result).toMatchObject({
          ok: true,
          data: { status: 'unchanged', referrer: { shareCode: r1?.shareCode } },
        });
        expect(after).toEqual(before);
        expect(invocation.roundTrips.database).toBe(1 + VISIT);
      } else {
        expect(result).toEqual({ ok: false, error: { code: expected, message: expect.any(String) } });
        expect(after).toEqual(before);
        expect(invocation.roundTrips.database).toBe(1 + VISIT);
      }
      expect(top?._id).toBe('oTop');
    });
  });

  describe('refusals', () => {
    it.each([
      ['none', 'apply', 'REFERRER_NOT_DISTRIBUTOR'],
      ['pending', 'apply', 'REFERRER_NOT_DISTRIBUTOR'],
      ['rejected', 'apply', 'REFERRER_NOT_DISTRIBUTOR'],
      ['disabled', 'apply', 'REFERRER_NOT_DISTRIBUTOR'],
      ['exited', 'apply', 'REFERRER_NOT_DISTRIBUTOR'],
      ['none', 'designated', 'REFERRER_NOT_DISTRIBUTOR'],
      ['disabled', 'everyone', 'REFERRER_NOT_DISTRIBUTOR'],
      ['exited', 'everyone', 'REFERRER_NOT_DISTRIBUTOR'],
      ['none', 'everyone', null],
      ['approved', 'designated', null],
    ] as const)('a referrer with status %s under recruitment %s → %s', async (status, recruitment, code) => {
      seedRules(f.emu, { recruitment });
      const [referrer] = seedUsers(f.emu, [{ id: 'oR', status }]);
      const { result } = await bind(referrer?.shareCode);
      if (code) {
        expect(result).toEqual({ ok: false, error: { code, message: expect.any(String) } });
        expect(await userDoc(f.emu, 'oCaller')).toBeNull();
      } else {
        expect(result).toMatchObject({ ok: true, data: { status: 'bound' } });
      }
    });

    it('UNKNOWN_CODE for a well-formed code nobody has, and nothing is created', async () => {
      seedRules(f.emu);
      seedUsers(f.emu, [{ id: 'oR', status: 'approved' }]);
      expect((await bind('ZZZZZZZZ')).result).toEqual({
        ok: false,
        error: { code: 'UNKNOWN_CODE', message: '推广码不存在' },
      });
      expect(await userDoc(f.emu, 'oCaller')).toBeNull();
    });

    it('SELF_BINDING for the caller’s own code', async () => {
      seedRules(f.emu, { recruitment: 'everyone' });
      const [caller] = seedUsers(f.emu, [{ id: 'oCaller', status: 'approved' }]);
      expect((await bind(caller?.shareCode)).result).toMatchObject({ ok: false, error: { code: 'SELF_BINDING' } });
    });

    it.each([0, 1, 2])('CYCLE when the caller is at position %i of the referrer’s chain', async (position) => {
      seedRules(f.emu, { recruitment: 'everyone', binding: { scope: 'all', duration: LAST_CLICK } });
      const chain = ['oX', 'oY', 'oZ'];
      chain[position] = 'oCaller';
      const [referrer] = seedUsers(f.emu, [{ id: 'oR', referrerId: chain[0] as string, ancestors: chain }]);
      seedUsers(f.emu, [{ id: 'oCaller' }]);
      const before = await userDoc(f.emu, 'oCaller');
      expect((await bind(referrer?.shareCode)).result).toMatchObject({ ok: false, error: { code: 'CYCLE' } });
      expect(await userDoc(f.emu, 'oCaller')).toEqual(before);
    });

    it.each([[''], ['abc'], ['O0O0O0O0'], [12345678], [null]])('INVALID_INPUT for share code %j', async (shareCode) => {
      seedRules(f.emu);
      const { result } = await bind(shareCode);
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(f.emu.emulator.store.count('users')).toBe(0);
    });

    it('accepts a lower-case code', async () => {
      seedRules(f.emu, { recruitment: 'everyone' });
      const [referrer] = seedUsers(f.emu, [{ id: 'oR' }]);
      expect((await bind(referrer?.shareCode.toLowerCase())).result).toMatchObject({
        ok: true,
        data: { status: 'bound' },
      });
    });

    it('UNAUTHENTICATED without a mini-program identity', async () => {
      seedRules(f.emu, { recruitment: 'everyone' });
      const [referrer] = seedUsers(f.emu, [{ id: 'oR' }]);
      expect((await bind(referrer?.shareCode, null)).result).toMatchObject({
        ok: false,
        error: { code: 'UNAUTHENTICATED' },
      });
    });

    it('BIND_CONFLICT when the caller’s binding keeps changing during the call', async () => {
      seedRules(f.emu, { recruitment: 'everyone', binding: { scope: 'all', duration: LAST_CLICK } });
      const [referrer] = seedUsers(f.emu, [{ id: 'oR' }, { id: 'oCaller' }]);
      // Every compare-and-set of bindReferrer waits while the version moves on (tests/helpers/referrals.ts).
      const { result } = await whileBindingMoves(f, 'oCaller', () => bind(referrer?.shareCode));
      expect(result).toEqual({ ok: false, error: { code: 'BIND_CONFLICT', message: '绑定冲突，请重试' } });
      expect((await userDoc(f.emu, 'oCaller'))?.referrerId).toBeNull();
    });
  });

  describe('round trips and the team cascade', () => {
    it('binds a new user in 2 round trips and an existing one with a team in 4, carrying the chain down', async () => {
      seedRules(f.emu, { recruitment: 'everyone', binding: { scope: 'all', duration: LAST_CLICK } });
      const [, , r] = seedUsers(f.emu, [
        { id: 'oTop' },
        { id: 'oMid', referrerId: 'oTop' },
        { id: 'oR', referrerId: 'oMid', ancestors: ['oMid', 'oTop'] },
        { id: 'oCaller' },
        { id: 'oChild', referrerId: 'oCaller', ancestors: ['oCaller'] },
        { id: 'oGrandchild', referrerId: 'oChild', ancestors: ['oChild', 'oCaller'] },
        { id: 'oGreat', referrerId: 'oGrandchild', ancestors: ['oGrandchild', 'oChild', 'oCaller'] },
      ]);
      seedShareDay(f.emu, 'oR');
      const existing = await bind(r?.shareCode);
      expect(existing.result).toMatchObject({ ok: true, data: { status: 'bound' } });
      expect(existing.invocation.roundTrips.database).toBe(4 + VISIT);
      expect((await userDoc(f.emu, 'oCaller'))?.ancestors).toEqual(['oR', 'oMid', 'oTop']);
      expect((await userDoc(f.emu, 'oChild'))?.ancestors).toEqual(['oCaller', 'oR', 'oMid']);
      expect((await userDoc(f.emu, 'oGrandchild'))?.ancestors).toEqual(['oChild', 'oCaller', 'oR']);
      expect((await userDoc(f.emu, 'oGreat'))?.ancestors).toEqual(['oGrandchild', 'oChild', 'oCaller']);

      const fresh = await bind(r?.shareCode, 'oNewcomer');
      expect(fresh.invocation.roundTrips.database).toBe(2 + VISIT);
      expect(await userDoc(f.emu, 'oNewcomer')).toMatchObject({
        referrerId: 'oR',
        ancestors: ['oR', 'oMid', 'oTop'],
        shareCode: expect.stringMatching(/^[2-9A-HJKMNP-Z]{8}$/),
      });
    });

    it('stores the default rules as version 1 on the very first call', async () => {
      const [r] = seedUsers(f.emu, [{ id: 'oR', status: 'approved' }]);
      expect((await bind(r?.shareCode)).result).toMatchObject({ ok: true });
      const rules = f.emu.emulator.store.scan('rules');
      expect(rules).toEqual([expect.objectContaining({ _id: 'current', version: 1, updatedBy: 'system' })]);
      expect(f.emu.emulator.store.scan('rulesHistory')).toEqual([expect.objectContaining({ _id: 'v1', version: 1 })]);
    });
  });
});
