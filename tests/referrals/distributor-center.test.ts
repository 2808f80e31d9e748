/** distributor: center (with the grade refresh on the way) and gradeHistory. */
import { CenterOutput, GradeHistoryOutput } from '@shared/contracts/distributor';
import type { GradeChangeDocument } from '@shared/grades';
import type { UserDocument } from '@shared/users';
import { useEmulator } from '../helpers/emulator';
import { seedRules, seedUsers, userDoc } from '../helpers/referrals';

describe('distributor: center and gradeHistory', () => {
  const f = useEmulator();
  beforeEach(() => f.emu.reset());

  const call = (data: Record<string, unknown>, openid = 'oMe') => f.emu.call('distributor', data, { openid });
  const changes = () => f.emu.emulator.store.scan('gradeChanges') as unknown as GradeChangeDocument[];
  const state = () =>
    JSON.stringify(['users', 'distributorApplications', 'gradeChanges'].map((name) => f.emu.emulator.store.scan(name)));
  /** Waits until the delayed request has reached the emulator: the function has read its state by then. */
  async function delayedRequestStarted(ruleId: string): Promise<void> {
    while (!f.emu.emulator.faults.list().some((rule) => rule.id === ruleId && rule.fired > 0))
      await new Promise((resolve) => setTimeout(resolve, 5));
  }

  async function patchUser(
    id: string,
    patch: { stats?: Partial<UserDocument['stats']>; distributor?: Partial<UserDocument['distributor']> },
  ): Promise<void> {
    const user = (await userDoc(f.emu, id)) as UserDocument;
    f.emu.emulator.put('users', id, {
      ...user,
      stats: { ...user.stats, ...patch.stats },
      distributor: { ...user.distributor, ...patch.distributor },
    } as never);
  }

  /** oMe with two direct members, one at level 2 and one at level 3, and an unrelated user. */
  function seedTeam(myStatus: UserDocument['distributor']['status'] = 'approved'): void {
    seedUsers(f.emu, [
      { id: 'oMe', status: myStatus },
      { id: 'oA', referrerId: 'oMe', ancestors: ['oMe'] },
      { id: 'oB', referrerId: 'oMe', ancestors: ['oMe'] },
      { id: 'oC', referrerId: 'oA', ancestors: ['oA', 'oMe'] },
      { id: 'oD', referrerId: 'oC', ancestors: ['oC', 'oA', 'oMe'] },
      { id: 'oX' },
    ]);
  }

  describe('center', () => {
    it("answers the distributor's summary with counted team sizes and the next grade", async () => {
      seedRules(f.emu);
      seedTeam();
      await patchUser('oMe', { stats: { teamPaidSalesFen: 250_000, paidSpendFen: 1_200, releasedCommissionFen: 300 } });
      const me = (await userDoc(f.emu, 'oMe')) as UserDocument;
      const { result, invocation } = await call({ $url: 'center' });
      // The profile fields; the ledger figures beside them are tested in tests/ledger/center.test.ts.
      expect(result).toMatchObject({
        ok: true,
        data: {
          status: 'approved',
          isDistributor: true,
          recruitment: 'apply',
          shareCode: me.shareCode,
          levels: 2,
          grade: { id: 'standard', name: '普通分销员', rank: 0, ratesBp: [1000, 500] },
          autoUpgrade: true,
          upgraded: null,
          team: { directMembers: 2, level2Members: 1, level3Members: 1 },
          progress: {
            directInvitees: 2,
            ownPaidSpendFen: 1_200,
            teamPaidSalesFen: 250_000,
            releasedCommissionFen: 300,
          },
          nextGrade: {
            id: 'silver',
            name: '银牌分销员',
            conditions: [
              { metric: 'directInvitees', target: 20, current: 2, met: false },
              { metric: 'teamPaidSalesFen', target: 1_000_000, current: 250_000, met: false },
            ],
          },
          application: null,
        },
      });
      expect(() => CenterOutput.parse((result as { data: unknown }).data)).not.toThrow();
      // One aggregation (user, rules, applications, team counts, ledger figures) and the held count; no write.
      expect(invocation.roundTrips.database).toBe(2);
      expect(changes()).toHaveLength(0);
    });

    it('upgrades on the way when a condition is met, records the change once, and shows it in the history', async () => {
      seedRules(f.emu);
      seedTeam();
      await patchUser('oMe', { stats: { teamPaidSalesFen: 1_000_000 } });
      const first = await call({ $url: 'center' });
      expect(first.result).toMatchObject({
        ok: true,
        data: {
          grade: { id: 'silver', name: '银牌分销员', rank: 1, ratesBp: [1200, 600] },
          upgraded: { fromGradeId: 'standard', toGradeId: 'silver' },
          nextGrade: { id: 'gold' },
        },
      });
      expect((await userDoc(f.emu, 'oMe'))?.distributor).toMatchObject({ gradeId: 'silver', gradeSetByAdmin: false });
      expect(changes()).toEqual([
        {
          _id: 'auto-oMe-silver',
          userId: 'oMe',
          fromGradeId: 'standard',
          toGradeId: 'silver',
          reason: 'auto',
          progress: { directInvitees: 2, ownPaidSpendFen: 0, teamPaidSalesFen: 1_000_000, releasedCommissionFen: 0 },
          at: expect.any(Date),
        },
      ]);
      const before = state();
      const second = await call({ $url: 'center' });
      expect(second.result).toMatchObject({ ok: true, data: { grade: { id: 'silver' }, upgraded: null } });
      expect(state()).toBe(before);
      expect((await call({ $url: 'gradeHistory' })).result).toEqual({
        ok: true,
        data: {
          changes: [
            {
              fromGradeId: 'standard',
              fromGradeName: '普通分销员',
              toGradeId: 'silver',
              toGradeName: '银牌分销员',
              reason: 'auto',
              at: changes()[0]?.at.toISOString(),
            },
          ],
          page: 1,
          pageSize: 20,
          hasMore: false,
        },
      });
    });

    it('counts direct invitees for the upgrade: 20 direct members reach silver, 100 gold', async () => {
      seedRules(f.emu);
      seedUsers(f.emu, [
        { id: 'oMe', status: 'approved' },
        ...Array.from({ length: 20 }, (_, i) => ({ id: `oM${i}`, referrerId: 'oMe' })),
      ]);
      expect((await call({ $url: 'center' })).result).toMatchObject({
        data: { grade: { id: 'silver' }, team: { directMembers: 20 }, upgraded: { toGradeId: 'silver' } },
      });
      seedUsers(
        f.emu,
        Array.from({ length: 80 }, (_, i) => ({ id: `oN${i}`, referrerId: 'oMe' })),
      );
      expect((await call({ $url: 'center' })).result).toMatchObject({
        data: { grade: { id: 'gold' }, upgraded: { fromGradeId: 'silver', toGradeId: 'gold' }, nextGrade: null },
      });
      expect(
        changes()
          .map((change) => change._id)
          .sort(),
      ).toEqual(['auto-oMe-gold', 'auto-oMe-silver']);
    });

    it('leaves a grade set by hand alone, and shows no next grade', async () => {
      seedRules(f.emu);
      seedTeam();
      await patchUser('oMe', {
        stats: { teamPaidSalesFen: 50_000_000 },
        distributor: { gradeId: 'standard', gradeSetByAdmin: true },
      });
      const before = state();
      expect((await call({ $url: 'center' })).result).toMatchObject({
        data: { grade: { id: 'standard' }, autoUpgrade: false, upgraded: null, nextGrade: null },
      });
      expect(state()).toBe(before);
    });

    it('does not upgrade a user who is no distributor, and shows their pending application', async () => {
      seedRules(f.emu);
      seedTeam('none');
      await patchUser('oMe', { stats: { teamPaidSalesFen: 50_000_000 } });
      await call({ $url: 'apply', form: { realName: '张三', phone: '13800138000' } });
      const { result } = await call({ $url: 'center' });
      expect(result).toMatchObject({
        data: {
          status: 'pending',
          isDistributor: false,
          grade: { id: 'standard' },
          upgraded: null,
          application: { id: 'app-oMe-1', status: 'pending', form: { realName: '张三', phone: '13800138000' } },
        },
      });
      expect(changes()).toHaveLength(0);
    });

    it('under everyone, a user with status none is upgraded like an approved distributor', async () => {
      seedRules(f.emu, { recruitment: 'everyone' });
      seedTeam('none');
      await patchUser('oMe', { stats: { teamPaidSalesFen: 1_000_000 } });
      expect((await call({ $url: 'center' })).result).toMatchObject({
        data: { status: 'none', isDistributor: true, recruitment: 'everyone', upgraded: { toGradeId: 'silver' } },
      });
    });

    it('creates a first-time caller and answers an empty center', async () => {
      seedRules(f.emu);
      const { result } = await call({ $url: 'center' }, 'oNew');
      expect(result).toMatchObject({
        ok: true,
        data: { status: 'none', team: { directMembers: 0, level2Members: 0, level3Members: 0 }, application: null },
      });
      expect(await userDoc(f.emu, 'oNew')).not.toBeNull();
    });

    it('a crash between recording the change and moving the grade is completed by the next call', async () => {
      seedRules(f.emu);
      seedTeam();
      await patchUser('oMe', { stats: { teamPaidSalesFen: 1_000_000 } });
      f.emu.injectFault({ action: 'database.insertDocument', function: 'distributor', kind: 'killInstance' });
      expect((await call({ $url: 'center' })).error?.code).toBe('FUNCTIONS_EXECUTE_FAIL');
      expect(changes().map((change) => change._id)).toEqual(['auto-oMe-silver']);
      expect((await userDoc(f.emu, 'oMe'))?.distributor.gradeId).toBeNull();
      expect((await call({ $url: 'center' })).result).toMatchObject({
        data: { grade: { id: 'silver' }, upgraded: { toGradeId: 'silver' } },
      });
      expect(changes()).toHaveLength(1);
    });

    it('when an admin sets the grade meanwhile, the recorded change is removed again (compensation)', async () => {
      seedRules(f.emu);
      seedTeam();
      await patchUser('oMe', { stats: { teamPaidSalesFen: 1_000_000 } });
      const delay = f.emu.injectFault({
        action: 'database.insertDocument',
        function: 'distributor',
        kind: 'delay',
        delayMs: 500,
      });
      const refreshing = call({ $url: 'center' });
      await delayedRequestStarted(delay.id);
      await patchUser('oMe', { distributor: { gradeId: 'gold', gradeSetByAdmin: true } });
      expect((await refreshing).result).toMatchObject({ ok: true, data: { grade: { id: 'gold' }, upgraded: null } });
      expect(changes()).toHaveLength(0);
      expect((await userDoc(f.emu, 'oMe'))?.distributor).toMatchObject({ gradeId: 'gold', gradeSetByAdmin: true });
    });

    it('concurrent centers upgrade once', async () => {
      seedRules(f.emu);
      seedTeam();
      await patchUser('oMe', { stats: { teamPaidSalesFen: 1_000_000 } });
      const results = await Promise.all([1, 2, 3].map(() => call({ $url: 'center' })));
      for (const { result } of results) expect(result).toMatchObject({ ok: true, data: { grade: { id: 'silver' } } });
      expect(changes()).toHaveLength(1);
      expect((await userDoc(f.emu, 'oMe'))?.distributor.gradeId).toBe('silver');
    });
  });

  describe('gradeHistory', () => {
    const at = (minutes: number) => new Date(Date.UTC(2026, 2, 1, 0, minutes));
    function seedChanges(): void {
      const docs: GradeChangeDocument[] = [
        {
          _id: 'auto-oMe-silver',
          userId: 'oMe',
          fromGradeId: 'standard',
          toGradeId: 'silver',
          reason: 'auto',
          at: at(1),
        },
        {
          _id: 'admin-1',
          userId: 'oMe',
          fromGradeId: 'silver',
          toGradeId: 'diamond',
          reason: 'admin',
          by: 'oAdmin',
          at: at(2),
        },
        {
          _id: 'admin-2',
          userId: 'oMe',
          fromGradeId: 'diamond',
          toGradeId: 'gold',
          reason: 'admin',
          by: 'oAdmin',
          at: at(3),
        },
        {
          _id: 'auto-oOther-gold',
          userId: 'oOther',
          fromGradeId: 'standard',
          toGradeId: 'gold',
          reason: 'auto',
          at: at(4),
        },
      ];
      f.emu.insert('gradeChanges', docs as never);
    }

    it("answers only the caller's own changes, newest first, with today's grade names (the id for a removed grade)", async () => {
      seedRules(f.emu);
      seedChanges();
      const { result } = await call({ $url: 'gradeHistory' });
      expect(result).toEqual({
        ok: true,
        data: {
          changes: [
            {
              fromGradeId: 'diamond',
              fromGradeName: 'diamond',
              toGradeId: 'gold',
              toGradeName: '金牌分销员',
              reason: 'admin',
              at: at(3).toISOString(),
            },
            {
              fromGradeId: 'silver',
              fromGradeName: '银牌分销员',
              toGradeId: 'diamond',
              toGradeName: 'diamond',
              reason: 'admin',
              at: at(2).toISOString(),
            },
            {
              fromGradeId: 'standard',
              fromGradeName: '普通分销员',
              toGradeId: 'silver',
              toGradeName: '银牌分销员',
              reason: 'auto',
              at: at(1).toISOString(),
            },
          ],
          page: 1,
          pageSize: 20,
          hasMore: false,
        },
      });
      expect(() => GradeHistoryOutput.parse((result as { data: unknown }).data)).not.toThrow();
    });

    it('pages', async () => {
      seedRules(f.emu);
      seedChanges();
      expect((await call({ $url: 'gradeHistory', pageSize: 2 })).result).toMatchObject({
        data: { changes: [{ toGradeId: 'gold' }, { toGradeId: 'diamond' }], hasMore: true },
      });
      expect((await call({ $url: 'gradeHistory', page: 2, pageSize: 2 })).result).toMatchObject({
        data: { changes: [{ toGradeId: 'silver' }], page: 2, hasMore: false },
      });
    });

    it.each([[{ page: 0 }], [{ pageSize: 51 }], [{ page: 1.5 }], [{ pageSize: '10' }]])(
      'refuses %p with INVALID_INPUT',
      async (input) => {
        seedRules(f.emu);
        const before = state();
        expect((await call({ $url: 'gradeHistory', ...input })).result).toMatchObject({
          ok: false,
          error: { code: 'INVALID_INPUT' },
        });
        expect(state()).toBe(before);
      },
    );
  });
});
