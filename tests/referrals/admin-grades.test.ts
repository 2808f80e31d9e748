/**
 * The admin's grade routes: saveGrade and deleteGrade save the rules through updateRules (a new
 * version in the history, compare-and-set on the version, replays), refuse what the grade page
 * refuses (shared/grades.ts gradeProblems), and refuse to remove a grade distributors hold or the
 * default grade; updateRules refuses removing a held grade too. The distributor center then shows
 * how far a distributor is from a grade created here.
 */
import { COLLECTIONS } from '@shared/collections';
import { ADMIN_CONTRACTS } from '@shared/contracts/admin';
import { gradeProblems } from '@shared/grades';
import { DEFAULT_RULES, type Grade } from '@shared/rules';
import { rulesLimits } from '@shared/rulesLimits';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { seedRules, seedUsers } from '../helpers/referrals';

type Answer = { ok: boolean; data?: any; error?: any };
const ADMIN = 'oADMIN';

const dump = (f: EmulatorFixture): Record<string, unknown[]> =>
  Object.fromEntries(COLLECTIONS.map((collection) => [collection.name, f.emu.emulator.store.scan(collection.name)]));

const PLATINUM: Grade = {
  id: 'platinum',
  name: '铂金分销员',
  rank: 3,
  ratesBp: [1800, 900],
  upgradeWhen: { releasedCommissionFen: 50_000 },
};

describe('admin grade routes', () => {
  const f = useEmulator();
  const admin = async (route: string, input: object = {}): Promise<Answer> => {
    const response = await f.emu.call('admin', { $url: route, ...input }, { openid: ADMIN });
    if (response.error) throw new Error(`admin ${route} failed: ${response.error.message}`);
    return response.result as Answer;
  };
  const history = (): number[] =>
    f.emu.emulator.store
      .scan('rulesHistory')
      .map((doc) => doc.version as number)
      .sort();

  beforeEach(() => {
    f.emu.reset();
    f.emu.insert('admins', [
      { _id: ADMIN, addedBy: 'test', addedAt: new Date(f.emu.emulator.options.clock.now()), note: '' },
    ]);
  });

  it('creates a grade as a new rules version (kept in rank order), answers a retry replayed', async () => {
    const created = await admin('saveGrade', { expectedVersion: 1, mode: 'create', grade: PLATINUM });
    expect(() => ADMIN_CONTRACTS.saveGrade.output.parse(created.data)).not.toThrow();
    expect(created.data.status).toBe('updated');
    expect(created.data.current.version).toBe(2);
    expect(created.data.current.rules.grades.map((grade: Grade) => grade.id)).toEqual([
      'standard',
      'silver',
      'gold',
      'platinum',
    ]);
    expect(history()).toEqual([1, 2]);
    const before = dump(f);
    const retry = await admin('saveGrade', { expectedVersion: 1, mode: 'create', grade: PLATINUM });
    expect(retry.data).toMatchObject({ status: 'replayed', current: { version: 2 } });
    expect(dump(f)).toEqual(before);
    expect(await admin('saveGrade', { expectedVersion: 2, mode: 'create', grade: PLATINUM })).toMatchObject({
      ok: false,
      error: { code: 'GRADE_EXISTS' },
    });
  });

  it('edits a grade (rename, rates, rank, conditions) and refuses a stale version', async () => {
    const gold = DEFAULT_RULES.grades[2] as Grade;
    const edited = { ...gold, name: '金牌', rank: 0, ratesBp: [2000, 1000], upgradeWhen: { directInvitees: 50 } };
    const saved = await admin('saveGrade', { expectedVersion: 1, mode: 'update', grade: edited });
    expect(saved.data.current.rules.grades.map((grade: Grade) => grade.id)).toEqual(['standard', 'gold', 'silver']);
    expect(saved.data.current.rules.grades[1]).toEqual(edited);
    expect(
      await admin('saveGrade', { expectedVersion: 1, mode: 'update', grade: { ...edited, name: '金' } }),
    ).toMatchObject({ ok: false, error: { code: 'VERSION_CONFLICT' } });
    expect(
      await admin('saveGrade', { expectedVersion: 2, mode: 'update', grade: { ...PLATINUM, id: 'nobody' } }),
    ).toMatchObject({ ok: false, error: { code: 'UNKNOWN_GRADE' } });
  });

  it('refuses bad rates with the verdict the grade page shows, writing nothing', async () => {
    await admin('getRules');
    const before = dump(f);
    const overCap = { ...PLATINUM, ratesBp: [2500, 1000] };
    const [problem] = gradeProblems(overCap, DEFAULT_RULES, rulesLimits());
    expect(problem).toEqual({
      field: 'ratesBp',
      code: 'GRADE_OVER_CAP',
      message: '各级比例合计 35%，超过了佣金封顶 30% (the rates add up to more than capBp)',
    });
    expect(await admin('saveGrade', { expectedVersion: 1, mode: 'create', grade: overCap })).toEqual({
      ok: false,
      error: { code: problem!.code, message: problem!.message },
    });
    const oneRate = { ...PLATINUM, ratesBp: [1000] };
    expect(await admin('saveGrade', { expectedVersion: 1, mode: 'create', grade: oneRate })).toEqual({
      ok: false,
      error: gradeProblems(oneRate, DEFAULT_RULES, rulesLimits()).map(({ code, message }) => ({ code, message }))[0],
    });
    expect(
      await admin('saveGrade', { expectedVersion: 1, mode: 'create', grade: { ...PLATINUM, ratesBp: [10_001, 0] } }),
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(dump(f)).toEqual(before);
  });

  it('refuses to delete a grade distributors hold or the default grade; deletes a free one', async () => {
    // Stored as a new shop stores them (version 1 in the history too), so a retry can find its base.
    await admin('getRules');
    seedUsers(f.emu, [
      { id: 'oA', status: 'approved' },
      { id: 'oB', status: 'approved' },
    ]);
    for (const id of ['oA', 'oB']) {
      const user = f.emu.emulator.store.scan('users').find((doc) => doc._id === id)!;
      f.emu.emulator.put('users', id, { ...user, distributor: { ...(user.distributor as object), gradeId: 'gold' } });
    }
    const before = dump(f);
    expect(await admin('deleteGrade', { expectedVersion: 1, gradeId: 'gold' })).toEqual({
      ok: false,
      error: {
        code: 'GRADE_IN_USE',
        message: '等级「金牌分销员」还有 2 位分销员，请先调整他们的等级 (2 users hold grade gold)',
      },
    });
    expect(await admin('deleteGrade', { expectedVersion: 1, gradeId: 'standard' })).toMatchObject({
      ok: false,
      error: { code: 'GRADE_IS_DEFAULT' },
    });
    // The whole-rules save refuses the same removal.
    const withoutGold = { ...DEFAULT_RULES, grades: DEFAULT_RULES.grades.filter((grade) => grade.id !== 'gold') };
    expect(await admin('updateRules', { expectedVersion: 1, rules: withoutGold })).toMatchObject({
      ok: false,
      error: { code: 'GRADE_IN_USE' },
    });
    expect(dump(f)).toEqual(before);
    const deleted = await admin('deleteGrade', { expectedVersion: 1, gradeId: 'silver' });
    expect(deleted.data.status).toBe('updated');
    expect(deleted.data.current.rules.grades.map((grade: Grade) => grade.id)).toEqual(['standard', 'gold']);
    expect((await admin('deleteGrade', { expectedVersion: 1, gradeId: 'silver' })).data.status).toBe('replayed');
    expect(await admin('deleteGrade', { expectedVersion: 2, gradeId: 'silver' })).toMatchObject({
      ok: false,
      error: { code: 'UNKNOWN_GRADE' },
    });
  });

  it('shows a distributor how far they are from a grade created here (distributor.center)', async () => {
    const rules = { ...DEFAULT_RULES, grades: [DEFAULT_RULES.grades[0] as Grade] };
    seedRules(f.emu, rules);
    seedUsers(f.emu, [{ id: 'oMe', status: 'approved' }]);
    const me = f.emu.emulator.store.scan('users').find((doc) => doc._id === 'oMe')!;
    f.emu.emulator.put('users', 'oMe', { ...me, stats: { ...(me.stats as object), releasedCommissionFen: 38_000 } });
    const silver: Grade = { ...PLATINUM, id: 'silver', name: '银牌', rank: 1, ratesBp: [1200, 600] };
    expect((await admin('saveGrade', { expectedVersion: 1, mode: 'create', grade: silver })).ok).toBe(true);
    const center = await f.emu.call('distributor', { $url: 'center' }, { openid: 'oMe' });
    expect(center.result).toMatchObject({
      ok: true,
      data: {
        grade: { id: 'standard' },
        nextGrade: {
          id: 'silver',
          name: '银牌',
          conditions: [
            { metric: 'releasedCommissionFen', target: 50_000, current: 38_000, met: false, remaining: 12_000 },
          ],
        },
      },
    });
  });
});
