/**
 * The admin function's distributor routes: listApplications, reviewApplication,
 * setDistributorStatus (the merchant's transition table), setGrade and listDistributors.
 */
import { COLLECTIONS } from '@shared/collections';
import { ADMIN_CONTRACTS } from '@shared/contracts/admin';
import type { Result } from '@shared/result';
import type { DistributorStatus } from '@shared/users';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { seedRules, seedUsers, userDoc } from '../helpers/referrals';

const ADMIN = 'oADMIN';
const DAY_MS = 86_400_000;

function dump(f: EmulatorFixture): Record<string, unknown[]> {
  return Object.fromEntries(
    COLLECTIONS.map((collection) => [collection.name, f.emu.emulator.store.scan(collection.name)]),
  );
}

interface SeedApplication {
  n?: number;
  userId: string;
  status?: 'pending' | 'approved' | 'rejected' | 'retracted';
  createdAt?: Date;
}

function seedApplications(f: EmulatorFixture, applications: SeedApplication[]): string[] {
  const docs = applications.map((application) => ({
    _id: `app-${application.userId}-${application.n ?? 1}`,
    userId: application.userId,
    status: application.status ?? 'pending',
    form: { realName: `名-${application.userId}`, phone: '13800138000', reason: '想推广' },
    createdAt: application.createdAt ?? new Date(f.emu.emulator.options.clock.now()),
    reviewedAt: null,
    reviewedBy: null,
    reviewReason: null,
  }));
  f.emu.insert('distributorApplications', docs);
  return docs.map((doc) => doc._id);
}

const application = (f: EmulatorFixture, id: string) =>
  f.emu.emulator.store.scan('distributorApplications').find((doc) => doc._id === id);

describe('admin distributor routes', () => {
  const f = useEmulator({ timers: [] });
  const call = async (route: string, input: object = {}, openid = ADMIN) => {
    const response = await f.emu.call('admin', { $url: route, ...input }, { openid });
    return { result: response.result as Result<any>, error: response.error, invocation: response.invocation };
  };

  beforeEach(() => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' }]);
    seedRules(f.emu);
  });

  describe('listApplications', () => {
    it('lists by status, newest first, in pages, with the applicant as they are now', async () => {
      const base = f.emu.emulator.options.clock.now();
      seedUsers(f.emu, [
        { id: 'oA', status: 'pending', nickname: 'Ann' },
        { id: 'oB', status: 'pending', nickname: 'Bob' },
        { id: 'oC', status: 'rejected', nickname: 'Cat' },
        { id: 'oD', status: 'pending', nickname: 'Dan' },
      ]);
      seedApplications(f, [
        { userId: 'oA', createdAt: new Date(base - 3 * DAY_MS) },
        { userId: 'oB', createdAt: new Date(base - 2 * DAY_MS) },
        { userId: 'oC', status: 'rejected', createdAt: new Date(base - 1 * DAY_MS) },
        { userId: 'oD', createdAt: new Date(base) },
      ]);
      const first = await call('listApplications', { status: 'pending', limit: 2 });
      const page1 = ADMIN_CONTRACTS.listApplications.output.parse(first.result.ok && first.result.data);
      expect(page1.items.map((item) => item.id)).toEqual(['app-oD-1', 'app-oB-1']);
      expect(page1.nextOffset).toBe(2);
      expect(page1.items[0]).toMatchObject({
        userId: 'oD',
        status: 'pending',
        form: { realName: '名-oD', phone: '13800138000', reason: '想推广' },
        reviewedAt: null,
        user: { nickname: 'Dan', distributorStatus: 'pending' },
      });
      const second = await call('listApplications', { status: 'pending', limit: 2, offset: 2 });
      expect(second.result).toMatchObject({ ok: true, data: { items: [{ id: 'app-oA-1' }], nextOffset: null } });
      const rejected = await call('listApplications', { status: 'rejected' });
      expect(rejected.result).toMatchObject({
        ok: true,
        data: { items: [{ id: 'app-oC-1', user: { nickname: 'Cat' } }] },
      });
      const all = await call('listApplications');
      expect((all.result.ok && all.result.data.items.map((item: { id: string }) => item.id)) || []).toEqual([
        'app-oD-1',
        'app-oC-1',
        'app-oB-1',
        'app-oA-1',
      ]);
    });
  });

  describe('reviewApplication', () => {
    it('approves: the application is approved and the user goes pending → approved with since', async () => {
      seedUsers(f.emu, [{ id: 'oA', status: 'pending', nickname: 'Ann' }]);
      const [id] = seedApplications(f, [{ userId: 'oA' }]);
      const { result } = await call('reviewApplication', { applicationId: id, decision: 'approve' });
      const data = ADMIN_CONTRACTS.reviewApplication.output.parse(result.ok && result.data);
      expect(data).toMatchObject({
        status: 'reviewed',
        application: {
          id,
          status: 'approved',
          reviewedBy: ADMIN,
          reviewReason: null,
          user: { distributorStatus: 'approved' },
        },
      });
      expect(application(f, id as string)).toMatchObject({
        status: 'approved',
        reviewedBy: ADMIN,
        reviewedAt: expect.any(Date),
      });
      const user = await userDoc(f.emu, 'oA');
      expect(user?.distributor).toMatchObject({ status: 'approved', since: expect.any(Date) });
      // A replay (double tap) changes nothing and answers unchanged.
      const before = dump(f);
      const again = await call('reviewApplication', { applicationId: id, decision: 'approve' });
      expect(again.result).toMatchObject({
        ok: true,
        data: { status: 'unchanged', application: { status: 'approved' } },
      });
      expect(dump(f)).toEqual(before);
    });

    it('rejects with a reason: the application is rejected, the user pending → rejected', async () => {
      seedUsers(f.emu, [{ id: 'oA', status: 'pending' }]);
      const [id] = seedApplications(f, [{ userId: 'oA' }]);
      const { result } = await call('reviewApplication', { applicationId: id, decision: 'reject', reason: '资料不全' });
      expect(result).toMatchObject({
        ok: true,
        data: {
          status: 'reviewed',
          application: { status: 'rejected', reviewReason: '资料不全', user: { distributorStatus: 'rejected' } },
        },
      });
      expect(application(f, id as string)).toMatchObject({ status: 'rejected', reviewReason: '资料不全' });
      expect((await userDoc(f.emu, 'oA'))?.distributor).toMatchObject({ status: 'rejected', since: null });
      const before = dump(f);
      expect(
        (await call('reviewApplication', { applicationId: id, decision: 'reject', reason: '资料不全' })).result,
      ).toMatchObject({ ok: true, data: { status: 'unchanged' } });
      expect(dump(f)).toEqual(before);
    });

    it('refuses the other outcome of a decided application and a retracted one (INVALID_TRANSITION), writing nothing', async () => {
      seedUsers(f.emu, [
        { id: 'oA', status: 'approved' },
        { id: 'oB', status: 'none' },
      ]);
      const [approved, retracted] = seedApplications(f, [
        { userId: 'oA', status: 'approved' },
        { userId: 'oB', status: 'retracted' },
      ]);
      const before = dump(f);
      for (const [applicationId, decision] of [
        [approved, 'reject'],
        [retracted, 'approve'],
        [retracted, 'reject'],
      ] as const) {
        const { result } = await call('reviewApplication', { applicationId, decision, reason: 'x' });
        expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
      }
      expect(dump(f)).toEqual(before);
    });

    it('refuses a pending application whose applicant is not pending (its apply is unfinished)', async () => {
      seedUsers(f.emu, [{ id: 'oA', status: 'none' }]);
      const [id] = seedApplications(f, [{ userId: 'oA' }]);
      const before = dump(f);
      expect((await call('reviewApplication', { applicationId: id, decision: 'approve' })).result).toMatchObject({
        ok: false,
        error: { code: 'INVALID_TRANSITION' },
      });
      expect(dump(f)).toEqual(before);
    });

    it('refuses an unknown application (APPLICATION_NOT_FOUND) and one without a user (USER_NOT_FOUND)', async () => {
      const [orphan] = seedApplications(f, [{ userId: 'oGONE' }]);
      const before = dump(f);
      expect(
        (await call('reviewApplication', { applicationId: 'app-oX-1', decision: 'approve' })).result,
      ).toMatchObject({ ok: false, error: { code: 'APPLICATION_NOT_FOUND' } });
      expect((await call('reviewApplication', { applicationId: orphan, decision: 'approve' })).result).toMatchObject({
        ok: false,
        error: { code: 'USER_NOT_FOUND' },
      });
      expect(dump(f)).toEqual(before);
    });

    it('a crash after the application was approved is completed by the replay', async () => {
      seedUsers(f.emu, [{ id: 'oA', status: 'pending' }]);
      const [id] = seedApplications(f, [{ userId: 'oA' }]);
      // The second conditional update (the user's) fails: the function dies between the two writes.
      f.emu.injectFault({ action: 'database.modifyDocument', function: 'admin', kind: 'fail', nth: 2 });
      const crashed = await call('reviewApplication', { applicationId: id, decision: 'approve' });
      expect(crashed.error).toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL' });
      expect(application(f, id as string)).toMatchObject({ status: 'approved' });
      expect((await userDoc(f.emu, 'oA'))?.distributor.status).toBe('pending');
      const replay = await call('reviewApplication', { applicationId: id, decision: 'approve' });
      expect(replay.result).toMatchObject({
        ok: true,
        data: { status: 'unchanged', application: { user: { distributorStatus: 'approved' } } },
      });
      expect((await userDoc(f.emu, 'oA'))?.distributor).toMatchObject({ status: 'approved', since: expect.any(Date) });
    });

    it('a late replay of an old review leaves a newer pending application alone', async () => {
      seedUsers(f.emu, [{ id: 'oA', status: 'pending' }]);
      seedApplications(f, [
        { userId: 'oA', n: 1, status: 'rejected' },
        { userId: 'oA', n: 2, status: 'pending' },
      ]);
      const before = dump(f);
      expect(
        (await call('reviewApplication', { applicationId: 'app-oA-1', decision: 'reject', reason: 'old' })).result,
      ).toMatchObject({ ok: true, data: { status: 'unchanged' } });
      expect(dump(f)).toEqual(before);
      expect((await userDoc(f.emu, 'oA'))?.distributor.status).toBe('pending');
    });

    it('an approval and a rejection at once: exactly one outcome, for the application and the user alike', async () => {
      for (let round = 0; round < 8; round += 1) {
        f.emu.reset();
        f.emu.insert('admins', [
          { _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' },
          { _id: 'oADMIN2', addedBy: ADMIN, addedAt: new Date(), note: '' },
        ]);
        seedUsers(f.emu, [{ id: 'oA', status: 'pending' }]);
        const [id] = seedApplications(f, [{ userId: 'oA' }]);
        const [approve, reject] = await Promise.all([
          call('reviewApplication', { applicationId: id, decision: 'approve' }, ADMIN),
          call('reviewApplication', { applicationId: id, decision: 'reject', reason: 'no' }, 'oADMIN2'),
        ]);
        const results = [approve.result, reject.result];
        expect(results.filter((result) => result.ok)).toHaveLength(1);
        expect(results.find((result) => !result.ok)).toMatchObject({
          ok: false,
          error: { code: 'INVALID_TRANSITION' },
        });
        const final = application(f, id as string)?.status;
        expect((await userDoc(f.emu, 'oA'))?.distributor.status).toBe(final);
      }
    });
  });

  describe('setDistributorStatus', () => {
    const STATUSES: DistributorStatus[] = ['none', 'pending', 'approved', 'rejected', 'disabled', 'exited'];
    const x = 'INVALID_TRANSITION';
    const same = 'unchanged';
    /** The merchant's transition table under the `apply` recruitment mode. */
    const TABLE: Record<
      'appoint' | 'disable' | 'enable',
      Record<DistributorStatus, DistributorStatus | typeof same | typeof x>
    > = {
      appoint: { none: 'approved', pending: x, approved: same, rejected: 'approved', disabled: x, exited: 'approved' },
      disable: { none: x, pending: x, approved: 'disabled', rejected: x, disabled: same, exited: x },
      enable: { none: x, pending: x, approved: same, rejected: x, disabled: 'approved', exited: x },
    };
    const cells = (Object.keys(TABLE) as Array<keyof typeof TABLE>).flatMap((action) =>
      STATUSES.map((from) => [action, from, TABLE[action][from]] as const),
    );

    it.each(cells)('%s from %s → %s', async (action, from, expected) => {
      seedUsers(f.emu, [{ id: 'oU', status: from }]);
      const before = dump(f);
      const { result } = await call('setDistributorStatus', { userId: 'oU', action });
      if (expected === x) {
        expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_TRANSITION' } });
        expect(dump(f)).toEqual(before);
        return;
      }
      const to = expected === same ? from : expected;
      expect(ADMIN_CONTRACTS.setDistributorStatus.output.parse(result.ok && result.data)).toEqual({
        status: expected === same ? 'unchanged' : 'changed',
        userId: 'oU',
        from,
        to,
      });
      if (expected === same) expect(dump(f)).toEqual(before);
      const user = await userDoc(f.emu, 'oU');
      expect(user?.distributor.status).toBe(to);
      if (expected === 'approved') expect(user?.distributor.since).toEqual(expect.any(Date));
    });

    it('under `everyone` a user who never applied can be disabled, then enabled', async () => {
      seedRules(f.emu, { recruitment: 'everyone' });
      seedUsers(f.emu, [{ id: 'oU', status: 'none' }]);
      expect((await call('setDistributorStatus', { userId: 'oU', action: 'disable' })).result).toMatchObject({
        ok: true,
        data: { from: 'none', to: 'disabled' },
      });
      expect((await call('setDistributorStatus', { userId: 'oU', action: 'enable' })).result).toMatchObject({
        ok: true,
        data: { from: 'disabled', to: 'approved' },
      });
    });

    it('re-enabling keeps the original since; appointing after an exit starts a new one', async () => {
      seedUsers(f.emu, [{ id: 'oU', status: 'none' }]);
      await call('setDistributorStatus', { userId: 'oU', action: 'appoint' });
      const since = (await userDoc(f.emu, 'oU'))?.distributor.since;
      await f.emu.advanceClock(DAY_MS);
      await call('setDistributorStatus', { userId: 'oU', action: 'disable' });
      await call('setDistributorStatus', { userId: 'oU', action: 'enable' });
      expect((await userDoc(f.emu, 'oU'))?.distributor.since).toEqual(since);
      f.emu.emulator.put('users', 'oU', {
        ...((await userDoc(f.emu, 'oU')) as unknown as Record<string, unknown>),
        distributor: { status: 'exited', gradeId: null, gradeSetByAdmin: false, since },
      });
      await call('setDistributorStatus', { userId: 'oU', action: 'appoint' });
      expect(((await userDoc(f.emu, 'oU'))?.distributor.since as Date).getTime()).toBeGreaterThan(
        (since as Date).getTime(),
      );
    });

    it('refuses an unknown user (USER_NOT_FOUND) and writes nothing', async () => {
      const before = dump(f);
      expect((await call('setDistributorStatus', { userId: 'oNOBODY', action: 'appoint' })).result).toMatchObject({
        ok: false,
        error: { code: 'USER_NOT_FOUND' },
      });
      expect(dump(f)).toEqual(before);
    });

    it('two disables at once: one changes the status, the other answers unchanged', async () => {
      for (let round = 0; round < 5; round += 1) {
        f.emu.reset();
        f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' }]);
        seedUsers(f.emu, [{ id: 'oU', status: 'approved' }]);
        const outcomes = await Promise.all(
          [1, 2].map(() => call('setDistributorStatus', { userId: 'oU', action: 'disable' })),
        );
        const statuses = outcomes
          .map((outcome) => (outcome.result.ok ? outcome.result.data.status : outcome.result.error.code))
          .sort();
        expect(statuses).toEqual(['changed', 'unchanged']);
        expect((await userDoc(f.emu, 'oU'))?.distributor.status).toBe('disabled');
      }
    });
  });

  describe('setGrade', () => {
    it('sets the grade by hand, pins it and records the change; a replay records nothing', async () => {
      seedUsers(f.emu, [{ id: 'oU', status: 'approved' }]);
      const { result } = await call('setGrade', { userId: 'oU', gradeId: 'gold', reason: '业绩突出' });
      expect(ADMIN_CONTRACTS.setGrade.output.parse(result.ok && result.data)).toEqual({
        status: 'changed',
        userId: 'oU',
        fromGradeId: 'standard',
        toGradeId: 'gold',
      });
      expect((await userDoc(f.emu, 'oU'))?.distributor).toMatchObject({ gradeId: 'gold', gradeSetByAdmin: true });
      expect(f.emu.emulator.store.scan('gradeChanges')).toEqual([
        {
          _id: expect.any(String),
          userId: 'oU',
          fromGradeId: 'standard',
          toGradeId: 'gold',
          reason: 'admin',
          by: ADMIN,
          note: '业绩突出',
          at: expect.any(Date),
        },
      ]);
      const before = dump(f);
      expect((await call('setGrade', { userId: 'oU', gradeId: 'gold', reason: '业绩突出' })).result).toMatchObject({
        ok: true,
        data: { status: 'unchanged' },
      });
      expect(dump(f)).toEqual(before);
      await call('setGrade', { userId: 'oU', gradeId: 'silver', reason: '业绩突出' });
      expect(f.emu.emulator.store.scan('gradeChanges').map((doc) => [doc.fromGradeId, doc.toGradeId])).toEqual([
        ['standard', 'gold'],
        ['gold', 'silver'],
      ]);
    });

    it('pins a grade reached automatically', async () => {
      seedUsers(f.emu, [{ id: 'oU', status: 'approved' }]);
      const user = (await userDoc(f.emu, 'oU')) as unknown as Record<string, unknown>;
      f.emu.emulator.put('users', 'oU', {
        ...user,
        distributor: { status: 'approved', gradeId: 'silver', gradeSetByAdmin: false, since: new Date() },
      });
      expect((await call('setGrade', { userId: 'oU', gradeId: 'silver', reason: '业绩突出' })).result).toMatchObject({
        ok: true,
        data: { status: 'changed', fromGradeId: 'silver' },
      });
      expect((await userDoc(f.emu, 'oU'))?.distributor).toMatchObject({ gradeId: 'silver', gradeSetByAdmin: true });
    });

    it('in a new shop (no rules stored yet) checks the grade against the defaults and stores no rules', async () => {
      f.emu.emulator.put('rules', 'current', null);
      seedUsers(f.emu, [{ id: 'oU', status: 'approved' }]);
      const before = dump(f);
      expect((await call('setGrade', { userId: 'oU', gradeId: 'diamond', reason: '业绩突出' })).result).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_GRADE' },
      });
      expect(dump(f)).toEqual(before);
      expect((await call('setGrade', { userId: 'oU', gradeId: 'silver', reason: '业绩突出' })).result).toMatchObject({
        ok: true,
        data: { status: 'changed', fromGradeId: 'standard' },
      });
      expect(f.emu.emulator.store.scan('rules')).toEqual([]);
    });

    it('refuses an unknown grade (UNKNOWN_GRADE) and an unknown user (USER_NOT_FOUND), writing nothing', async () => {
      seedUsers(f.emu, [{ id: 'oU', status: 'approved' }]);
      const before = dump(f);
      expect((await call('setGrade', { userId: 'oU', gradeId: 'diamond', reason: '业绩突出' })).result).toMatchObject({
        ok: false,
        error: { code: 'UNKNOWN_GRADE' },
      });
      expect((await call('setGrade', { userId: 'oNOBODY', gradeId: 'gold', reason: '业绩突出' })).result).toMatchObject(
        {
          ok: false,
          error: { code: 'USER_NOT_FOUND' },
        },
      );
      expect(dump(f)).toEqual(before);
    });

    it('concurrent grade changes leave one history record per change, chained from the old grade to the new', async () => {
      for (let round = 0; round < 3; round += 1) {
        f.emu.reset();
        f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' }]);
        seedRules(f.emu);
        seedUsers(f.emu, [{ id: 'oU', status: 'approved' }]);
        const outcomes = await Promise.all(
          ['gold', 'silver', 'gold', 'silver'].map((gradeId) =>
            call('setGrade', { userId: 'oU', gradeId, reason: '业绩突出' }),
          ),
        );
        expect(outcomes.every((outcome) => outcome.result.ok)).toBe(true);
        const changed = outcomes.filter((outcome) => outcome.result.ok && outcome.result.data.status === 'changed');
        const edges = f.emu.emulator.store
          .scan('gradeChanges')
          .map((record) => [record.fromGradeId as string, record.toGradeId as string] as const);
        expect(edges).toHaveLength(changed.length);
        // The records can be ordered into one chain standard → … → the user's grade (each change saw the previous one).
        const final = (await userDoc(f.emu, 'oU'))?.distributor.gradeId;
        const chains = (at: string, left: ReadonlyArray<readonly [string, string]>): boolean =>
          left.length === 0
            ? at === final
            : left.some(([from, to], i) => from === at && chains(to, [...left.slice(0, i), ...left.slice(i + 1)]));
        expect(chains('standard', edges)).toBe(true);
      }
    });

    it('a grade change whose transaction keeps conflicting answers BUSY and writes nothing', async () => {
      seedUsers(f.emu, [{ id: 'oU', status: 'approved' }]);
      f.emu.injectFault({
        action: 'database.insertDocument',
        function: 'admin',
        kind: 'fail',
        times: 0,
        code: 'DATABASE_TRANSACTION_CONFLICT',
        message:
          '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others.',
      });
      const before = dump(f);
      expect((await call('setGrade', { userId: 'oU', gradeId: 'gold', reason: '业绩突出' })).result).toMatchObject({
        ok: false,
        error: { code: 'BUSY' },
      });
      expect(dump(f)).toEqual(before);
    });
  });

  describe('listDistributors', () => {
    beforeEach(async () => {
      const base = f.emu.emulator.options.clock.now();
      const users = seedUsers(f.emu, [
        { id: 'o1', status: 'approved', nickname: 'Alice Wang' },
        { id: 'o2', status: 'approved', nickname: '小明' },
        { id: 'o3', status: 'disabled', nickname: 'alicia' },
        { id: 'o4', status: 'none', nickname: 'a.b' },
        { id: 'o5', status: 'pending', nickname: 'axb' },
      ]);
      // Newest last: createdAt one minute apart.
      users.forEach((user, index) =>
        f.emu.emulator.put('users', user._id, {
          ...(user as unknown as Record<string, unknown>),
          createdAt: new Date(base + index * 60_000),
        }),
      );
    });
    const ids = (result: Result<any>): string[] =>
      result.ok ? result.data.items.map((item: { userId: string }) => item.userId) : [];

    it('lists every user newest first in pages, or only one status', async () => {
      const first = await call('listDistributors', { limit: 3 });
      const page = ADMIN_CONTRACTS.listDistributors.output.parse(first.result.ok && first.result.data);
      expect(page.items.map((item) => item.userId)).toEqual(['o5', 'o4', 'o3']);
      expect(page.nextOffset).toBe(3);
      expect(page.items[2]).toMatchObject({
        nickname: 'alicia',
        status: 'disabled',
        gradeId: null,
        gradeSetByAdmin: false,
        stats: { paidSpendFen: 0 },
      });
      expect(ids((await call('listDistributors', { limit: 3, offset: 3 })).result)).toEqual(['o2', 'o1']);
      expect(ids((await call('listDistributors', { status: 'approved' })).result)).toEqual(['o2', 'o1']);
    });

    it('searches nicknames (part, any case) and share codes (whole, any case), alone or with a status', async () => {
      expect(ids((await call('listDistributors', { search: 'ALIC' })).result)).toEqual(['o3', 'o1']);
      expect(ids((await call('listDistributors', { search: 'alic', status: 'approved' })).result)).toEqual(['o1']);
      expect(ids((await call('listDistributors', { search: '小明' })).result)).toEqual(['o2']);
      // Regular-expression characters are plain text.
      expect(ids((await call('listDistributors', { search: 'a.b' })).result)).toEqual(['o4']);
      const code = (await userDoc(f.emu, 'o2'))?.shareCode as string;
      expect(ids((await call('listDistributors', { search: code.toLowerCase() })).result)).toEqual(['o2']);
      expect(ids((await call('listDistributors', { search: code, status: 'disabled' })).result)).toEqual([]);
    });
  });
});
