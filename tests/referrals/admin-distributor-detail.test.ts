/**
 * The merchant's distributor management beyond the status table: the list with teams, balances,
 * grade filter and OPENID search; the detail (referrer, team, commissions, withdrawals, grade
 * history with who and why); appointing by share code; and a grade set by hand needing a reason.
 */
import { COLLECTIONS } from '@shared/collections';
import { ADMIN_CONTRACTS } from '@shared/contracts/admin';
import type { Result } from '@shared/result';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { seedRules, seedUsers, userDoc } from '../helpers/referrals';

const ADMIN = 'oADMIN';

function dump(f: EmulatorFixture): Record<string, unknown[]> {
  return Object.fromEntries(
    COLLECTIONS.map((collection) => [collection.name, f.emu.emulator.store.scan(collection.name)]),
  );
}

/** oTop ← oRef ← {oA, oB} ← oC: oRef has two direct members and one at level 2; oTop has all four below. */
function seedTeam(f: EmulatorFixture): void {
  seedUsers(f.emu, [
    { id: 'oTop', status: 'approved', nickname: '老王' },
    { id: 'oRef', status: 'approved', nickname: '小李', referrerId: 'oTop', ancestors: ['oTop'] },
    { id: 'oA', status: 'approved', nickname: '阿甲', referrerId: 'oRef', ancestors: ['oRef', 'oTop'] },
    { id: 'oB', nickname: '阿乙', referrerId: 'oRef', ancestors: ['oRef', 'oTop'] },
    { id: 'oC', nickname: '阿丙', referrerId: 'oA', ancestors: ['oA', 'oRef', 'oTop'] },
  ]);
}

function seedMoney(f: EmulatorFixture, at: Date): void {
  f.emu.insert('accounts', [
    {
      _id: 'oRef',
      frozenFen: 2_560,
      availableFen: 1_000,
      withdrawingFen: 300,
      withdrawnFen: 700,
      createdAt: at,
      updatedAt: at,
    },
  ]);
  const commission = (n: number, status: string, amountFen: number) => ({
    _id: `c:order-${n}:0:1`,
    orderId: `order-${n}`,
    lineIndex: 0,
    level: 1,
    beneficiaryId: 'oRef',
    buyerId: 'oA',
    amountFen,
    baseFen: amountFen * 10,
    basis: { kind: 'rate', rateBp: 1000 },
    capApplied: false,
    rulesVersion: 1,
    status,
    reversedFen: 0,
    clawedBackFen: 0,
    releaseAt: null,
    releaseBatch: null,
    releasedAt: null,
    history: [],
    createdAt: new Date(at.getTime() + n * 1000),
    updatedAt: at,
  });
  f.emu.insert('commissions', [commission(1, 'released', 1_000), commission(2, 'frozen', 2_560)]);
  f.emu.insert('withdrawals', [
    {
      _id: 'w:oRef:req-00000001',
      userId: 'oRef',
      amountFen: 700,
      channel: 'manual',
      status: 'withdrawn',
      createdAt: at,
    },
    {
      _id: 'w:oRef:req-00000002',
      userId: 'oRef',
      amountFen: 300,
      channel: 'wechatTransfer',
      status: 'reviewing',
      createdAt: new Date(at.getTime() + 1000),
    },
  ]);
  f.emu.insert('gradeChanges', [
    { _id: 'auto-oRef-silver', userId: 'oRef', fromGradeId: 'standard', toGradeId: 'silver', reason: 'auto', at },
  ]);
}

describe('admin distributor management', () => {
  const f = useEmulator({ timers: [] });
  const call = async (route: string, input: object = {}, openid = ADMIN) => {
    const response = await f.emu.call('admin', { $url: route, ...input }, { openid });
    return { result: response.result as Result<any>, invocation: response.invocation };
  };

  beforeEach(() => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' }]);
    seedRules(f.emu);
  });

  it('lists each user with grade name, team sizes and balances, in a fixed number of round trips', async () => {
    seedTeam(f);
    seedMoney(f, new Date(f.emu.emulator.options.clock.now()));
    const { result, invocation } = await call('listDistributors', {});
    const page = ADMIN_CONTRACTS.listDistributors.output.parse(result.ok && result.data);
    const byId = Object.fromEntries(page.items.map((item) => [item.userId, item]));
    expect(byId.oRef).toMatchObject({
      nickname: '小李',
      gradeName: '普通分销员',
      team: { directMembers: 2, totalMembers: 3 },
      balances: { frozenFen: 2_560, availableFen: 1_000, withdrawingFen: 300, withdrawnFen: 700 },
    });
    expect(byId.oTop?.team).toEqual({ directMembers: 1, totalMembers: 4 });
    expect(byId.oC?.balances).toEqual({ frozenFen: 0, availableFen: 0, withdrawingFen: 0, withdrawnFen: 0 });
    // The admin check, the rules and the users, then the page's accounts and teams: never a read per row.
    expect(invocation.roundTrips.database).toBe(5);
    // A shorter page costs the same: the reads are batched over the page, not made per row.
    expect((await call('listDistributors', { limit: 2 })).invocation.roundTrips.database).toBe(5);
  });

  it('filters by grade (the default grade includes users without one) and finds a user by OPENID', async () => {
    seedTeam(f);
    const user = (await userDoc(f.emu, 'oA')) as unknown as Record<string, any>;
    f.emu.emulator.put('users', 'oA', { ...user, distributor: { ...user.distributor, gradeId: 'gold' } });
    const ids = async (input: object) => {
      const { result } = await call('listDistributors', input);
      return result.ok ? (result.data.items as Array<{ userId: string }>).map((item) => item.userId).sort() : [];
    };
    expect(await ids({ gradeId: 'gold' })).toEqual(['oA']);
    expect(await ids({ gradeId: 'standard' })).toEqual(['oB', 'oC', 'oRef', 'oTop']);
    expect(await ids({ gradeId: 'standard', status: 'approved' })).toEqual(['oRef', 'oTop']);
    expect(await ids({ search: 'oRef' })).toEqual(['oRef']);
  });

  it('shows one distributor: referrer, team by level, commissions, withdrawals and grade history', async () => {
    seedTeam(f);
    seedMoney(f, new Date(f.emu.emulator.options.clock.now()));
    // The nightly sweep moved oRef to silver (its record is seeded); the merchant then sets gold by hand.
    const user = (await userDoc(f.emu, 'oRef')) as unknown as Record<string, any>;
    f.emu.emulator.put('users', 'oRef', { ...user, distributor: { ...user.distributor, gradeId: 'silver' } });
    await f.emu.advanceClock(1000);
    expect((await call('setGrade', { userId: 'oRef', gradeId: 'gold', reason: '年度销售冠军' })).result.ok).toBe(true);
    const { result, invocation } = await call('distributorDetail', { userId: 'oRef' });
    const detail = ADMIN_CONTRACTS.distributorDetail.output.parse(result.ok && result.data);
    expect(detail.distributor).toMatchObject({ userId: 'oRef', gradeId: 'gold', gradeName: '金牌分销员' });
    expect(detail.referrer).toMatchObject({ userId: 'oTop', nickname: '老王' });
    expect(detail.team).toMatchObject({ directMembers: 2, level2Members: 1, level3Members: 0 });
    expect(detail.team.members.map((member) => member.userId).sort()).toEqual(['oA', 'oB']);
    expect(detail.commissions.map((row) => [row.id, row.status, row.amountFen])).toEqual([
      ['c:order-2:0:1', 'frozen', 2_560],
      ['c:order-1:0:1', 'released', 1_000],
    ]);
    expect(detail.withdrawals.map((row) => [row.id, row.status])).toEqual([
      ['w:oRef:req-00000002', 'reviewing'],
      ['w:oRef:req-00000001', 'withdrawn'],
    ]);
    expect(detail.gradeHistory).toEqual([
      expect.objectContaining({
        fromGradeName: '银牌分销员',
        toGradeName: '金牌分销员',
        reason: 'admin',
        by: ADMIN,
        note: '年度销售冠军',
      }),
      expect.objectContaining({
        fromGradeName: '普通分销员',
        toGradeName: '银牌分销员',
        reason: 'auto',
        by: null,
        note: null,
      }),
    ]);
    expect(detail.grades.map((grade) => grade.id)).toEqual(['standard', 'silver', 'gold']);
    expect(detail.recruitment).toBe('apply');
    // The admin check; the user, the 20 newest members, three team counts, commissions, withdrawals, grade
    // changes, account and rules side by side; then the referrer. Bounded whatever the team's size.
    expect(invocation.roundTrips.database).toBe(12);
  });

  it('answers USER_NOT_FOUND for an unknown user, and FORBIDDEN to a non-admin', async () => {
    seedTeam(f);
    expect((await call('distributorDetail', { userId: 'oNOBODY' })).result).toMatchObject({
      ok: false,
      error: { code: 'USER_NOT_FOUND' },
    });
    expect((await call('distributorDetail', { userId: 'oRef' }, 'oRef')).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect((await call('listDistributors', {}, 'oRef')).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('appoints by share code; appointing a distributor again or an unknown code changes nothing', async () => {
    seedRules(f.emu, { recruitment: 'designated' });
    seedUsers(f.emu, [{ id: 'oNew' }, { id: 'oOld', status: 'approved' }]);
    const code = (await userDoc(f.emu, 'oNew'))?.shareCode as string;
    expect((await call('setDistributorStatus', { shareCode: code.toLowerCase(), action: 'appoint' })).result).toEqual({
      ok: true,
      data: { status: 'changed', userId: 'oNew', from: 'none', to: 'approved' },
    });
    const before = dump(f);
    const oldCode = (await userDoc(f.emu, 'oOld'))?.shareCode as string;
    expect((await call('setDistributorStatus', { shareCode: oldCode, action: 'appoint' })).result).toMatchObject({
      ok: true,
      data: { status: 'unchanged', userId: 'oOld', from: 'approved' },
    });
    expect((await call('setDistributorStatus', { shareCode: '22222222', action: 'appoint' })).result).toMatchObject({
      ok: false,
      error: { code: 'USER_NOT_FOUND' },
    });
    expect(
      (await call('setDistributorStatus', { userId: 'oOld', shareCode: oldCode, action: 'appoint' })).result,
    ).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(dump(f)).toEqual(before);
  });

  it('refuses a grade set by hand without a reason (INVALID_INPUT), writing nothing', async () => {
    seedUsers(f.emu, [{ id: 'oU', status: 'approved' }]);
    const before = dump(f);
    for (const input of [
      { userId: 'oU', gradeId: 'gold' },
      { userId: 'oU', gradeId: 'gold', reason: '   ' },
    ]) {
      expect((await call('setGrade', input)).result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(dump(f)).toEqual(before);
  });
});
