/**
 * The merchant's removal (移除分销员), the hand-over of a big team page by page, a leaver without an
 * upline (members become unbound and may bind again), and re-joining per the rules' exit.rejoin
 * (docs/team.md section 4). Users are seeded straight into the emulator; every call is real.
 */
import type { DistributorExitDocument } from '@shared/exit';
import type { Result } from '@shared/result';
import type { Rules } from '@shared/rules';
import type { UserDocument } from '@shared/users';
import { useEmulator } from '../helpers/emulator';
import { checkChains, snapshotOf } from '../helpers/invariants';
import { seedRules, seedUsers, type SeedUser } from '../helpers/referrals';

const ADMIN = 'oADMIN';

describe('removal, hand-over and re-joining', () => {
  const f = useEmulator({ runScheduler: false, timers: [] });
  const scan = <T>(collection: string): T[] => f.emu.emulator.store.scan(collection) as unknown as T[];
  const user = (id: string) => scan<UserDocument>('users').find((doc) => doc._id === id) as UserDocument;
  const exitOf = (id: string) => scan<DistributorExitDocument>('distributorExits').find((doc) => doc._id === id);
  const admin = async (route: string, input: object) =>
    (await f.emu.call('admin', { $url: route, ...input }, { openid: ADMIN })).result as Result<any>;
  const distributor = async (route: string, openid: string, input: object = {}) =>
    (await f.emu.call('distributor', { $url: route, ...input }, { openid })).result as Result<any>;
  const chains = () => checkChains(snapshotOf(f.emu.emulator.store));

  function setup(people: SeedUser[], changes: Partial<Rules> = {}): void {
    f.emu.reset();
    seedRules(f.emu, changes);
    seedUsers(f.emu, people);
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' }]);
  }

  /** oUp ← oLeave ← oM1 ← oD1 ← oE1: the leaver's three levels under one upline. */
  const threeLevels: SeedUser[] = [
    { id: 'oUpUp', status: 'approved' },
    { id: 'oUp', status: 'approved', referrerId: 'oUpUp', ancestors: ['oUpUp'] },
    { id: 'oLeave', status: 'approved', referrerId: 'oUp', ancestors: ['oUp', 'oUpUp'] },
    { id: 'oM1', status: 'approved', referrerId: 'oLeave', ancestors: ['oLeave', 'oUp', 'oUpUp'] },
    { id: 'oD1', status: 'approved', referrerId: 'oM1', ancestors: ['oM1', 'oLeave', 'oUp'] },
    { id: 'oE1', referrerId: 'oD1', ancestors: ['oD1', 'oM1', 'oLeave'] },
  ];

  it('the merchant removes a distributor with a reason: audited, the team moves up, levels 2 and 3 follow', async () => {
    setup(threeLevels);
    expect(await admin('removeDistributor', { userId: 'oLeave', reason: '违规刷单' })).toMatchObject({
      ok: true,
      data: {
        status: 'removed',
        exitId: 'exit:oLeave:1',
        forfeitedFen: 0,
        handover: { status: 'done', movedMembers: 1 },
      },
    });
    expect(user('oLeave').distributor).toMatchObject({ status: 'exited', exitCount: 1 });
    expect(exitOf('exit:oLeave:1')).toMatchObject({
      by: 'merchant',
      adminId: ADMIN,
      reason: '违规刷单',
      fromStatus: 'approved',
      uplineId: 'oUp',
      memberChain: ['oUp', 'oUpUp'],
    });
    expect(user('oM1')).toMatchObject({ referrerId: 'oUp', ancestors: ['oUp', 'oUpUp'] });
    expect(user('oD1').ancestors).toEqual(['oM1', 'oUp', 'oUpUp']);
    expect(user('oE1').ancestors).toEqual(['oD1', 'oM1', 'oUp']);
    expect(chains()).toEqual([]);
    // The leaver keeps their own place under their upline; their team is empty now.
    expect(user('oLeave').ancestors).toEqual(['oUp', 'oUpUp']);
    expect(await distributor('teamMembers', 'oLeave')).toMatchObject({
      data: { counts: { level1: 0, level2: 0, level3: 0 } },
    });

    const detail = await admin('distributorDetail', { userId: 'oLeave' });
    expect(detail).toMatchObject({
      ok: true,
      data: {
        distributor: { status: 'exited' },
        exit: {
          exitId: 'exit:oLeave:1',
          by: 'merchant',
          reason: '违规刷单',
          frozenOnExit: 'keep',
          forfeitedFen: 0,
          upline: { userId: 'oUp', nickname: 'oUp' },
          handover: { status: 'done', movedMembers: 1 },
        },
      },
    });
    // A replay writes nothing.
    const before = JSON.stringify(['users', 'distributorExits'].map(scan));
    expect(await admin('removeDistributor', { userId: 'oLeave', reason: '违规刷单' })).toMatchObject({
      ok: true,
      data: { status: 'unchanged' },
    });
    expect(JSON.stringify(['users', 'distributorExits'].map(scan))).toBe(before);
  });

  it('a hand-over killed between its steps is finished by 继续交接, each step set once', async () => {
    setup(threeLevels);
    // The instance dies right after the member's team took the new chain, before the member moved.
    f.emu.injectFault({ action: 'database.modifyDocument', function: 'admin', kind: 'killInstance', nth: 4 });
    const killed = await f.emu.call(
      'admin',
      { $url: 'removeDistributor', userId: 'oLeave', reason: '违规刷单' },
      { openid: ADMIN },
    );
    expect(killed.error?.code).toBe('FUNCTIONS_EXECUTE_FAIL');
    f.emu.emulator.faults.clear();
    expect(user('oLeave').distributor.status).toBe('exited');
    expect(exitOf('exit:oLeave:1')?.handover.status).toBe('pending');
    expect(user('oM1').referrerId).toBe('oLeave');
    expect(user('oD1').ancestors).toEqual(['oM1', 'oUp', 'oUpUp']);
    expect(await admin('continueHandover', { userId: 'oLeave' })).toMatchObject({
      ok: true,
      data: { moved: 1, handover: { status: 'done', movedMembers: 1 } },
    });
    expect(user('oM1')).toMatchObject({ referrerId: 'oUp', ancestors: ['oUp', 'oUpUp'] });
    expect(user('oD1').ancestors).toEqual(['oM1', 'oUp', 'oUpUp']);
    expect(user('oE1').ancestors).toEqual(['oD1', 'oM1', 'oUp']);
    expect(chains()).toEqual([]);
  });

  it('refuses to remove a user who is not a distributor, and an unknown user', async () => {
    setup([{ id: 'oPending', status: 'pending' }]);
    expect(await admin('removeDistributor', { userId: 'oPending', reason: '测试' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_TRANSITION' },
    });
    expect(await admin('removeDistributor', { userId: 'oNobody', reason: '测试' })).toMatchObject({
      ok: false,
      error: { code: 'USER_NOT_FOUND' },
    });
    expect(scan('distributorExits')).toEqual([]);
  });

  it('a leaver without an upline: a big team is handed over page by page, members become unbound and may bind again', async () => {
    const members: SeedUser[] = Array.from({ length: 130 }, (_, i) => ({
      id: `oM${String(i).padStart(3, '0')}`,
      referrerId: 'oRoot',
      ancestors: ['oRoot'],
      status: 'approved' as const,
    }));
    setup([
      { id: 'oRoot', status: 'approved' },
      ...members,
      { id: 'oD', status: 'approved', referrerId: 'oM000', ancestors: ['oM000', 'oRoot'] },
      { id: 'oE', referrerId: 'oD', ancestors: ['oD', 'oM000', 'oRoot'] },
    ]);
    expect(await distributor('exit', 'oRoot')).toEqual({ ok: true, data: { distributorStatus: 'exited' } });
    // The first call handed over one page (100); the record says pending.
    expect(exitOf('exit:oRoot:1')).toMatchObject({
      uplineId: null,
      memberChain: [],
      handover: { status: 'pending', movedMembers: 100 },
    });
    expect(await admin('distributorDetail', { userId: 'oRoot' })).toMatchObject({
      data: { exit: { upline: null, handover: { status: 'pending', movedMembers: 100 } } },
    });
    expect(await admin('continueHandover', { userId: 'oRoot' })).toMatchObject({
      ok: true,
      data: { exitId: 'exit:oRoot:1', moved: 30, handover: { status: 'done', movedMembers: 130 } },
    });
    expect(exitOf('exit:oRoot:1')?.handover).toMatchObject({ status: 'done', movedMembers: 130 });
    // Continuing a finished hand-over changes nothing.
    expect(await admin('continueHandover', { userId: 'oRoot' })).toMatchObject({
      data: { moved: 0, handover: { status: 'done', movedMembers: 130 } },
    });
    expect(user('oM000')).toMatchObject({ referrerId: null, ancestors: [], boundAt: null });
    expect(user('oD').ancestors).toEqual(['oM000']);
    expect(user('oE').ancestors).toEqual(['oD', 'oM000']);
    expect(chains()).toEqual([]);
    // Unbound, a member may bind again (permanent binding holds only while bound).
    const code = user('oM001').shareCode;
    expect((await f.emu.call('bindReferrer', { shareCode: code }, { openid: 'oM000' })).result).toMatchObject({
      ok: true,
      data: { status: 'bound' },
    });
    expect(user('oE').ancestors).toEqual(['oD', 'oM000', 'oM001']);
    expect(await admin('continueHandover', { userId: 'oM001' })).toMatchObject({
      ok: false,
      error: { code: 'NO_EXIT' },
    });
  });

  describe('re-joining', () => {
    const team: SeedUser[] = [
      { id: 'oUp', status: 'approved' },
      { id: 'oLeave', status: 'approved', referrerId: 'oUp', ancestors: ['oUp'] },
      { id: 'oM', referrerId: 'oLeave', ancestors: ['oLeave', 'oUp'] },
    ];
    const apply = (openid: string) =>
      distributor('apply', openid, { form: { realName: '张三', phone: '13800138000' } });

    it('never: neither an application nor an appointment brings the leaver back', async () => {
      setup(team, { exit: { frozenOnExit: 'keep', rejoin: { kind: 'never' } } });
      expect(await distributor('exit', 'oLeave')).toMatchObject({ ok: true });
      expect(await apply('oLeave')).toMatchObject({ ok: false, error: { code: 'REJOIN_NOT_ALLOWED' } });
      expect(await admin('setDistributorStatus', { userId: 'oLeave', action: 'appoint' })).toMatchObject({
        ok: false,
        error: { code: 'REJOIN_NOT_ALLOWED' },
      });
      expect(user('oLeave').distributor.status).toBe('exited');
      expect(await distributor('center', 'oLeave')).toMatchObject({
        data: { exit: { rejoin: 'never', record: { rejoinFrom: null } } },
      });
    });

    it('afterDays: back only after the days have passed, and without the old team', async () => {
      setup(team, { exit: { frozenOnExit: 'keep', rejoin: { kind: 'afterDays', days: 30 } } });
      expect(await distributor('exit', 'oLeave')).toMatchObject({ ok: true });
      expect(user('oM')).toMatchObject({ referrerId: 'oUp', ancestors: ['oUp'] });
      expect(await admin('setDistributorStatus', { userId: 'oLeave', action: 'appoint' })).toMatchObject({
        ok: false,
        error: { code: 'REJOIN_NOT_ALLOWED' },
      });
      await f.emu.advanceClock(30 * 86_400_000 + 1_000);
      expect(await apply('oLeave')).toMatchObject({ ok: true, data: { distributorStatus: 'pending' } });
      expect(user('oM')).toMatchObject({ referrerId: 'oUp' });
      expect(await distributor('teamMembers', 'oLeave')).toMatchObject({ data: { counts: { level1: 0 } } });
    });

    it('allowed (the default): the merchant appoints the leaver again at once', async () => {
      setup(team, { recruitment: 'designated' });
      expect(await distributor('exit', 'oLeave')).toMatchObject({ ok: true });
      expect(await admin('setDistributorStatus', { userId: 'oLeave', action: 'appoint' })).toMatchObject({
        ok: true,
        data: { status: 'changed', from: 'exited', to: 'approved' },
      });
      // A second exit gets its own record.
      expect(await distributor('exit', 'oLeave')).toMatchObject({ ok: true });
      expect(
        scan<DistributorExitDocument>('distributorExits')
          .map((doc) => doc._id)
          .sort(),
      ).toEqual(['exit:oLeave:1', 'exit:oLeave:2']);
    });
  });
});
