/** upgradeGrades: the daily timer that refreshes every distributor's grade, in resumable pages. */
import type { GradeChangeDocument } from '@shared/grades';
import { newUser, type DistributorStatus, type UserDocument } from '@shared/users';
import { useEmulator } from '../helpers/emulator';
import { seedRules, testShareCode, userDoc } from '../helpers/referrals';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

describe('upgradeGrades', () => {
  const f = useEmulator({ timers: ['upgradeGrades'] });
  beforeEach(() => f.emu.reset());

  const run = (data: Record<string, unknown> = {}) => f.emu.runTimer('upgradeGrades', data);
  const changes = () => f.emu.emulator.store.scan('gradeChanges') as unknown as GradeChangeDocument[];
  const grade = async (id: string) => (await userDoc(f.emu, id))?.distributor.gradeId;
  const state = () =>
    JSON.stringify(['users', 'gradeChanges', 'system'].map((name) => f.emu.emulator.store.scan(name)));

  interface Person {
    id: string;
    status?: DistributorStatus;
    teamPaidSalesFen?: number;
    gradeId?: string;
    gradeSetByAdmin?: boolean;
    ancestors?: string[];
  }

  function seed(people: Person[]): void {
    const docs = people.map((person): UserDocument => {
      const doc = newUser(person.id, testShareCode(), new Date(f.emu.emulator.options.clock.now()));
      doc.distributor.status = person.status ?? 'approved';
      doc.distributor.gradeId = person.gradeId ?? null;
      doc.distributor.gradeSetByAdmin = person.gradeSetByAdmin ?? false;
      doc.stats.teamPaidSalesFen = person.teamPaidSalesFen ?? 0;
      doc.ancestors = person.ancestors ?? [];
      doc.referrerId = doc.ancestors[0] ?? null;
      doc.boundAt = doc.referrerId ? new Date(f.emu.emulator.options.clock.now()) : null;
      return doc;
    });
    f.emu.insert('users', docs as never);
  }

  /** Five approved distributors d1..d5, each with team sales worth silver. */
  const fiveForSilver = (): Person[] => [1, 2, 3, 4, 5].map((n) => ({ id: `d${n}`, teamPaidSalesFen: 1_000_000 }));

  it('fires daily at 03:00 UTC+8 and upgrades every distributor whose progress earns it', async () => {
    seedRules(f.emu);
    seed([
      { id: 'oSilver', teamPaidSalesFen: 1_000_000 },
      { id: 'oGold', teamPaidSalesFen: 10_000_000 },
      { id: 'oInviter' },
      ...Array.from({ length: 20 }, (_, i) => ({ id: `m${i}`, status: 'none' as const, ancestors: ['oInviter'] })),
      { id: 'oApplicant', status: 'pending', teamPaidSalesFen: 10_000_000 },
      { id: 'oNone', status: 'none', teamPaidSalesFen: 10_000_000 },
      { id: 'oByHand', teamPaidSalesFen: 10_000_000, gradeId: 'standard', gradeSetByAdmin: true },
      { id: 'oDisabled', status: 'disabled', teamPaidSalesFen: 10_000_000 },
      { id: 'oAlreadyGold', gradeId: 'gold' },
    ]);
    // The next 03:00 in UTC+8, computed here from the definition of the time zone.
    const now = f.emu.emulator.options.clock.now();
    const localMidnight = Math.floor((now + 8 * HOUR_MS) / DAY_MS) * DAY_MS;
    let dueLocal = localMidnight + 3 * HOUR_MS;
    if (dueLocal <= now + 8 * HOUR_MS) dueLocal += DAY_MS;
    const dueAt = dueLocal - 8 * HOUR_MS;
    await f.emu.advanceClock(dueAt - now - 1000);
    expect(f.emu.emulator.timers.history().filter((firing) => firing.function === 'upgradeGrades')).toEqual([]);
    await f.emu.advanceClock(2000);
    expect(f.emu.emulator.timers.history().filter((firing) => firing.function === 'upgradeGrades')).toEqual([
      {
        trigger: 'daily0300',
        function: 'upgradeGrades',
        dueAt: new Date(dueAt).toISOString(),
        invocationId: expect.any(String),
        ok: true,
      },
    ]);
    expect(await grade('oSilver')).toBe('silver');
    expect(await grade('oGold')).toBe('gold');
    expect(await grade('oInviter')).toBe('silver');
    for (const id of ['oApplicant', 'oNone', 'oDisabled']) expect(await grade(id)).toBeNull();
    expect(await grade('oByHand')).toBe('standard');
    expect(await grade('oAlreadyGold')).toBe('gold');
    expect(
      changes()
        .map((change) => change._id)
        .sort(),
    ).toEqual(['auto-oGold-gold', 'auto-oInviter-silver', 'auto-oSilver-silver']);
    expect(changes().find((change) => change._id === 'auto-oInviter-silver')?.progress).toEqual({
      directInvitees: 20,
      ownPaidSpendFen: 0,
      teamPaidSalesFen: 0,
      releasedCommissionFen: 0,
    });
    expect(f.emu.emulator.store.scan('system').find((doc) => doc._id === 'upgradeGrades')).toMatchObject({
      cursor: null,
      passesCompleted: 1,
    });
  });

  it('continues where the previous run stopped, then starts a new pass', async () => {
    seedRules(f.emu);
    seed(fiveForSilver());
    expect((await run({ pageSize: 2, maxPages: 1 })).result).toEqual({
      ok: true,
      data: { scanned: 2, upgraded: 2, conflicts: 0, done: false, failed: 0, cursor: 'd2' },
    });
    expect([await grade('d1'), await grade('d2'), await grade('d3')]).toEqual(['silver', 'silver', null]);
    expect((await run({ pageSize: 2, maxPages: 1 })).result).toEqual({
      ok: true,
      data: { scanned: 2, upgraded: 2, conflicts: 0, done: false, failed: 0, cursor: 'd4' },
    });
    expect((await run({ pageSize: 2, maxPages: 1 })).result).toEqual({
      ok: true,
      data: { scanned: 1, upgraded: 1, conflicts: 0, done: true, failed: 0, cursor: null },
    });
    expect((await run({ pageSize: 2, maxPages: 1 })).result).toEqual({
      ok: true,
      data: { scanned: 2, upgraded: 0, conflicts: 0, done: false, failed: 0, cursor: 'd2' },
    });
    expect(changes()).toHaveLength(5);
  });

  it('stops starting pages when its time budget is spent', async () => {
    seedRules(f.emu);
    seed(fiveForSilver());
    // Every page costs at least 150 ms; a 100 ms budget lets exactly one page start.
    f.emu.injectFault({
      action: 'database.aggregateDocuments',
      function: 'upgradeGrades',
      kind: 'delay',
      delayMs: 150,
      times: 0,
    });
    const { result } = await run({ pageSize: 2, budgetMs: 100 });
    expect(result).toEqual({
      ok: true,
      data: { scanned: 2, upgraded: 2, conflicts: 0, done: false, failed: 0, cursor: 'd2' },
    });
  });

  it('a run that dies mid-page is repaired by the next: nothing is upgraded or recorded twice', async () => {
    seedRules(f.emu);
    seed(fiveForSilver());
    // The first grade move commits, then the instance dies before the cursor is saved.
    f.emu.injectFault({ action: 'database.modifyDocument', function: 'upgradeGrades', kind: 'killInstance' });
    expect((await run()).error?.code).toBe('FUNCTIONS_EXECUTE_FAIL');
    expect(await grade('d1')).toBe('silver');
    expect((await run()).result).toEqual({
      ok: true,
      data: { scanned: 5, upgraded: 4, conflicts: 0, done: true, failed: 0, cursor: null },
    });
    expect(
      changes()
        .map((change) => change._id)
        .sort(),
    ).toEqual(['auto-d1-silver', 'auto-d2-silver', 'auto-d3-silver', 'auto-d4-silver', 'auto-d5-silver']);
  });

  it('under everyone, users with status none are distributors and are swept too', async () => {
    seedRules(f.emu, { recruitment: 'everyone' });
    seed([
      { id: 'oNone', status: 'none', teamPaidSalesFen: 1_000_000 },
      { id: 'oExited', status: 'exited', teamPaidSalesFen: 1_000_000 },
    ]);
    expect((await run()).result).toMatchObject({ ok: true, data: { scanned: 1, upgraded: 1, done: true } });
    expect(await grade('oNone')).toBe('silver');
    expect(await grade('oExited')).toBeNull();
  });

  it('refuses a mini-program user with FORBIDDEN and writes nothing', async () => {
    seedRules(f.emu);
    seed(fiveForSilver());
    const before = state();
    expect((await f.emu.call('upgradeGrades', {}, { openid: 'oMe' })).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect(state()).toBe(before);
  });

  it.each([[{ pageSize: 0 }], [{ pageSize: 101 }], [{ maxPages: 0 }], [{ budgetMs: -1 }]])(
    'refuses %p with INVALID_INPUT and writes nothing',
    async (input) => {
      seedRules(f.emu);
      seed(fiveForSilver());
      const before = state();
      expect((await run(input)).result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(state()).toBe(before);
    },
  );
});
