/** profile: get (creating the user on first call) and update, through the emulator with the real SDK. */
import { ProfileView } from '@shared/contracts/profile';
import { SHARE_CODE_PATTERN } from '@shared/shareCode';
import { useEmulator } from '../helpers/emulator';
import {
  checkAccounts,
  checkCommissions,
  checkConservation,
  checkCrossBalances,
  snapshotOf,
} from '../helpers/invariants';
import { seedRules, seedUsers, userDoc } from '../helpers/referrals';
import { seedLedgers } from './profile-ledger';

describe('profile', () => {
  const f = useEmulator();
  beforeEach(() => f.emu.reset());

  const call = (data: Record<string, unknown>, openid: string | null = 'oMe') =>
    f.emu.call('profile', data, openid ? { openid } : {});
  const users = () => JSON.stringify(f.emu.emulator.store.scan('users'));

  describe('get', () => {
    it('creates the caller on the first call and answers the same profile afterwards', async () => {
      seedRules(f.emu);
      const first = await call({ $url: 'get' });
      expect(first.result).toEqual({
        ok: true,
        data: {
          nickname: '',
          avatarUrl: '',
          shareCode: expect.stringMatching(SHARE_CODE_PATTERN),
          distributor: { status: 'none', isDistributor: false, gradeId: 'standard', gradeName: '普通分销员' },
          referrer: null,
          balances: null,
          earnings: null,
        },
      });
      const data = (first.result as { data: unknown }).data;
      expect(() => ProfileView.parse(data)).not.toThrow();
      const stored = await userDoc(f.emu, 'oMe');
      expect(stored).toMatchObject({
        _id: 'oMe',
        shareCode: (data as { shareCode: string }).shareCode,
        referrerId: null,
        ancestors: [],
      });

      const second = await call({ $url: 'get' });
      expect(second.result).toEqual(first.result);
      // An existing user costs one aggregation: user, rules and referrer together.
      expect(second.invocation.roundTrips.database).toBe(1);
      expect(f.emu.emulator.store.scan('users')).toHaveLength(1);
    });

    it('stores the default rules when none exist yet', async () => {
      const { result } = await call({ $url: 'get' });
      expect(result).toMatchObject({ ok: true, data: { distributor: { gradeId: 'standard', isDistributor: false } } });
      expect(f.emu.emulator.store.scan('rules')).toHaveLength(1);
    });

    it('concurrent first calls create exactly one user', async () => {
      seedRules(f.emu);
      const results = await Promise.all([1, 2, 3, 4].map(() => call({ $url: 'get' })));
      const codes = new Set(results.map((r) => (r.result as { data: { shareCode: string } }).data.shareCode));
      expect(codes.size).toBe(1);
      expect(f.emu.emulator.store.scan('users')).toHaveLength(1);
    });

    it('answers isDistributor under the current rules', async () => {
      seedRules(f.emu, { recruitment: 'everyone' });
      seedUsers(f.emu, [{ id: 'oMe' }, { id: 'oQuit', status: 'exited' }]);
      expect((await call({ $url: 'get' })).result).toMatchObject({
        data: { distributor: { status: 'none', isDistributor: true } },
      });
      expect((await call({ $url: 'get' }, 'oQuit')).result).toMatchObject({
        data: { distributor: { status: 'exited', isDistributor: false } },
      });
      seedRules(f.emu, { recruitment: 'apply' }, 2);
      expect((await call({ $url: 'get' })).result).toMatchObject({
        data: { distributor: { status: 'none', isDistributor: false } },
      });
    });

    it('shows the grade held, and the default grade when the stored one was removed', async () => {
      seedRules(f.emu);
      const [gold, ghost] = seedUsers(f.emu, [
        { id: 'oGold', status: 'approved' },
        { id: 'oGhost', status: 'approved' },
      ]);
      f.emu.emulator.put('users', 'oGold', {
        ...gold,
        distributor: { ...gold!.distributor, gradeId: 'gold' },
      } as never);
      f.emu.emulator.put('users', 'oGhost', {
        ...ghost,
        distributor: { ...ghost!.distributor, gradeId: 'removed' },
      } as never);
      expect((await call({ $url: 'get' }, 'oGold')).result).toMatchObject({
        data: { distributor: { isDistributor: true, gradeId: 'gold', gradeName: '金牌分销员' } },
      });
      expect((await call({ $url: 'get' }, 'oGhost')).result).toMatchObject({
        data: { distributor: { gradeId: 'standard', gradeName: '普通分销员' } },
      });
    });

    it("shows the referrer's nickname and avatar while the binding is in force", async () => {
      seedRules(f.emu);
      const now = f.emu.emulator.options.clock.now();
      const [ref] = seedUsers(f.emu, [
        { id: 'oRef', status: 'approved', nickname: '小红' },
        { id: 'oMe', referrerId: 'oRef', bindingExpiresAt: new Date(now + 86_400_000) },
        { id: 'oLapsed', referrerId: 'oRef', bindingExpiresAt: new Date(now - 1000) },
        { id: 'oForever', referrerId: 'oRef' },
      ]);
      f.emu.emulator.put('users', 'oRef', { ...ref, avatarUrl: 'https://img.example.com/a.png' } as never);
      expect((await call({ $url: 'get' })).result).toMatchObject({
        data: {
          referrer: {
            nickname: '小红',
            avatarUrl: 'https://img.example.com/a.png',
            bindingExpiresAt: new Date(now + 86_400_000).toISOString(),
          },
        },
      });
      expect((await call({ $url: 'get' }, 'oForever')).result).toMatchObject({
        data: { referrer: { nickname: '小红', bindingExpiresAt: null } },
      });
      expect((await call({ $url: 'get' }, 'oLapsed')).result).toMatchObject({ data: { referrer: null } });
    });
  });

  describe('balances and earnings (the 我的 page earnings card)', () => {
    /** Seeds the ledgers of profile-ledger.ts and proves them consistent with the invariants of docs/rules.md. */
    function seedConsistentLedgers(): void {
      seedLedgers(f.emu);
      const snapshot = snapshotOf(f.emu.emulator.store);
      expect([
        ...checkAccounts(snapshot),
        ...checkCommissions(snapshot),
        ...checkConservation(snapshot),
        ...checkCrossBalances(snapshot),
      ]).toEqual([]);
    }

    it("answers the caller's balances and net earnings in the profile's single aggregation", async () => {
      seedRules(f.emu);
      seedUsers(f.emu, [
        { id: 'oMe', status: 'approved' },
        { id: 'oOther', status: 'approved' },
      ]);
      seedConsistentLedgers();
      const { result, invocation } = await call({ $url: 'get' });
      expect(result).toMatchObject({
        ok: true,
        data: {
          distributor: { status: 'approved', isDistributor: true },
          balances: { frozenFen: 500, availableFen: 200, withdrawingFen: 200, withdrawnFen: 800 },
          // 1000 + 500 + (300 − 100 clawed back) + (400 − 400 reversed); oOther's 999 is not counted.
          earnings: { totalFen: 1700 },
        },
      });
      expect(() => ProfileView.parse((result as { data: unknown }).data)).not.toThrow();
      // The account and the total are joins on the same aggregation: no round trip more.
      expect(invocation.roundTrips.byAction).toEqual({ 'database.aggregateDocuments': 1 });
      expect(invocation.roundTrips.total).toBe(1);
    });

    it('agrees with the distributor center on balances and earnings in total', async () => {
      seedRules(f.emu);
      seedUsers(f.emu, [
        { id: 'oMe', status: 'approved' },
        { id: 'oOther', status: 'approved' },
        { id: 'oQuit', status: 'exited' },
      ]);
      seedConsistentLedgers();
      for (const openid of ['oMe', 'oOther', 'oQuit']) {
        const mine = (await call({ $url: 'get' }, openid)).result as { data: ProfileView };
        const center = (await f.emu.call('distributor', { $url: 'center' }, { openid })).result as {
          ok: boolean;
          data: { balances: unknown; earnings: { totalFen: number } };
        };
        expect(center.ok).toBe(true);
        expect(mine.data.balances).toEqual(center.data.balances);
        expect(mine.data.earnings).toEqual({ totalFen: center.data.earnings.totalFen });
      }
    });

    it('an exited distributor keeps their money: a negative available balance after a clawback is answered as it is', async () => {
      seedRules(f.emu);
      seedUsers(f.emu, [{ id: 'oQuit', status: 'exited' }]);
      seedConsistentLedgers();
      expect((await call({ $url: 'get' }, 'oQuit')).result).toMatchObject({
        ok: true,
        data: {
          distributor: { status: 'exited', isDistributor: false },
          balances: { frozenFen: 0, availableFen: -300, withdrawingFen: 0, withdrawnFen: 1000 },
          earnings: { totalFen: 700 },
        },
      });
    });

    it('answers null balances and earnings without an account, still in one round trip', async () => {
      seedRules(f.emu);
      seedUsers(f.emu, [
        { id: 'oMe', status: 'approved' },
        { id: 'oOther', status: 'approved' },
      ]);
      seedConsistentLedgers();
      seedUsers(f.emu, [{ id: 'oPlain', status: 'approved' }]);
      const plain = await call({ $url: 'get' }, 'oPlain');
      expect(plain.result).toMatchObject({
        ok: true,
        data: { distributor: { isDistributor: true }, balances: null, earnings: null },
      });
      expect(plain.invocation.roundTrips.total).toBe(1);
      expect((await call({ $url: 'get' }, 'oNew')).result).toMatchObject({
        ok: true,
        data: { balances: null, earnings: null },
      });
    });

    it('update answers the balances too, with the same two round trips', async () => {
      seedRules(f.emu);
      seedUsers(f.emu, [
        { id: 'oMe', status: 'approved' },
        { id: 'oOther', status: 'approved' },
      ]);
      seedConsistentLedgers();
      const { result, invocation } = await call({ $url: 'update', nickname: '阿明' });
      expect(result).toMatchObject({
        ok: true,
        data: { nickname: '阿明', balances: { availableFen: 200 }, earnings: { totalFen: 1700 } },
      });
      expect(invocation.roundTrips.database).toBe(2);
    });
  });

  describe('update', () => {
    it('sets a trimmed nickname and answers the whole profile', async () => {
      seedRules(f.emu);
      seedUsers(f.emu, [{ id: 'oMe', nickname: '' }]);
      const { result, invocation } = await call({ $url: 'update', nickname: '  阿明 ' });
      expect(result).toMatchObject({
        ok: true,
        data: { nickname: '阿明', avatarUrl: '', distributor: { status: 'none' } },
      });
      expect(invocation.roundTrips.database).toBe(2);
      expect((await userDoc(f.emu, 'oMe'))?.nickname).toBe('阿明');
    });

    it('accepts a cloud file id or an https URL as the avatar', async () => {
      seedRules(f.emu);
      const fileId = 'cloud://emulator-env.656d-emulator-env-1300000000/avatars/oMe.png';
      expect((await call({ $url: 'update', avatarUrl: fileId })).result).toMatchObject({
        ok: true,
        data: { avatarUrl: fileId, nickname: '' },
      });
      expect((await userDoc(f.emu, 'oMe'))?.avatarUrl).toBe(fileId);
      const https = 'https://thirdwx.qlogo.cn/mmopen/vi_32/abc/132';
      expect((await call({ $url: 'update', avatarUrl: https, nickname: 'Ming' })).result).toMatchObject({
        ok: true,
        data: { avatarUrl: https, nickname: 'Ming' },
      });
      expect(await userDoc(f.emu, 'oMe')).toMatchObject({ avatarUrl: https, nickname: 'Ming' });
    });

    it('counts characters, not UTF-16 units: 20 emoji are a valid nickname, 21 letters are not', async () => {
      seedRules(f.emu);
      const twenty = '😀'.repeat(20);
      expect((await call({ $url: 'update', nickname: twenty })).result).toMatchObject({
        ok: true,
        data: { nickname: twenty },
      });
      expect((await call({ $url: 'update', nickname: 'a'.repeat(21) })).result).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    });

    it('a replay answers the same and changes nothing more', async () => {
      seedRules(f.emu);
      seedUsers(f.emu, [{ id: 'oMe' }]);
      const first = await call({ $url: 'update', nickname: 'Ming' });
      const before = users();
      const second = await call({ $url: 'update', nickname: 'Ming' });
      expect(second.result).toEqual(first.result);
      expect(users()).toBe(before);
    });

    it.each([
      ['an empty nickname', { nickname: '   ' }],
      ['a nickname of 21 characters', { nickname: '一二三四五六七八九十一二三四五六七八九十一' }],
      ['a nickname with a line break', { nickname: 'a\nb' }],
      ['a nickname that is not a string', { nickname: 42 }],
      ['an http avatar', { avatarUrl: 'http://img.example.com/a.png' }],
      ['a javascript: avatar', { avatarUrl: 'javascript:alert(1)' }],
      ['an avatar that is no URL', { avatarUrl: 'avatar.png' }],
      ['an avatar longer than 1024', { avatarUrl: `https://a.example.com/${'x'.repeat(1024)}` }],
      ['nothing to change', {}],
    ])('refuses %s with INVALID_INPUT and writes nothing', async (_label, change) => {
      seedRules(f.emu);
      seedUsers(f.emu, [{ id: 'oMe', nickname: 'Old' }]);
      const before = users();
      const { result } = await call({ $url: 'update', ...change });
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.any(String) } });
      expect(users()).toBe(before);
    });

    it('never takes identity from the event: identity fields are unknown fields, refused with INVALID_INPUT', async () => {
      seedRules(f.emu);
      seedUsers(f.emu, [
        { id: 'oMe', nickname: 'Me' },
        { id: 'oOther', nickname: 'Other' },
      ]);
      const before = users();
      for (const field of [{ openid: 'oOther' }, { _id: 'oOther' }, { userId: 'oOther' }]) {
        expect((await call({ $url: 'update', nickname: 'Hacked', ...field })).result).toMatchObject({
          ok: false,
          error: { code: 'INVALID_INPUT' },
        });
      }
      expect((await call({ $url: 'get', openid: 'oOther' })).result).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
      expect(users()).toBe(before);
    });
  });

  describe('routing and identity', () => {
    it.each([['nope'], [''], [null], ['constructor'], ['toString']])(
      'answers UNKNOWN_ROUTE for $url %p and writes nothing',
      async (url) => {
        const { result } = await call({ $url: url });
        expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ROUTE' } });
        expect(f.emu.emulator.store.scan('users')).toHaveLength(0);
      },
    );

    it('answers UNKNOWN_ROUTE without $url', async () => {
      expect((await call({})).result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ROUTE' } });
    });

    it('refuses a caller without a user identity with UNAUTHENTICATED and writes nothing', async () => {
      const { result } = await call({ $url: 'get' }, null);
      expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(f.emu.emulator.store.scan('users')).toHaveLength(0);
    });
  });
});
