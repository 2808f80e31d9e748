/**
 * distributor: teamMembers, the team lists of levels 1, 2 and 3 (docs/team.md section 2): each
 * member's join date, paid orders and sales, a search by nickname or id tail, and cursor paging
 * that neither repeats nor skips members bound at the same instant.
 */
import { TeamMembersOutput } from '@shared/contracts/distributorTeam';
import { newUser, type UserDocument } from '@shared/users';
import { useEmulator } from '../helpers/emulator';
import { seedRules, testShareCode } from '../helpers/referrals';
import { lastInvocationOf } from '../bench/measure';

describe('distributor: teamMembers', () => {
  const f = useEmulator({ runScheduler: false, timers: [] });
  beforeEach(() => f.emu.reset());

  const call = async (input: Record<string, unknown>, openid = 'oMe') =>
    (await f.emu.call('distributor', { $url: 'teamMembers', ...input }, { openid })).result as {
      ok: boolean;
      data: TeamMembersOutput;
      error?: { code: string };
    };

  function person(id: string, ancestors: string[], boundAt: string, paidSpendFen = 0): UserDocument {
    const doc = newUser(id, testShareCode(), new Date('2026-01-01T00:00:00Z'));
    doc.nickname = `昵称${id}`;
    doc.ancestors = ancestors;
    doc.referrerId = ancestors[0] ?? null;
    doc.boundAt = new Date(boundAt);
    doc.stats.paidSpendFen = paidSpendFen;
    return doc;
  }

  function order(id: string, buyerId: string, paid: boolean): Record<string, unknown> {
    return {
      _id: id,
      buyerId,
      status: paid ? 'paid' : 'pending_payment',
      payment: { paidAt: paid ? new Date() : null },
    };
  }

  /** oMe ← oA ← oC ← oD, oMe ← oB; oX belongs to someone else. */
  function seedTeam(): void {
    seedRules(f.emu);
    const me = person('oMe', [], '2026-01-01T00:00:00Z');
    me.stats.teamPaidSalesFen = 99_900;
    f.emu.insert('users', [
      me,
      person('oAAAAAA1', ['oMe'], '2026-03-01T10:00:00Z', 5_000),
      person('oBBBBBB2', ['oMe'], '2026-03-02T10:00:00Z'),
      person('oCCCCCC3', ['oAAAAAA1', 'oMe'], '2026-03-03T10:00:00Z', 700),
      person('oDDDDDD4', ['oCCCCCC3', 'oAAAAAA1', 'oMe'], '2026-03-04T10:00:00Z', 300),
      person('oXXXXXX5', ['oOther'], '2026-03-05T10:00:00Z'),
    ] as never);
    f.emu.insert('orders', [
      order('o1', 'oAAAAAA1', true),
      order('o2', 'oAAAAAA1', true),
      order('o3', 'oAAAAAA1', false),
      order('o4', 'oCCCCCC3', true),
    ] as never);
  }

  it('lists each level with join date, paid orders and sales, without OPENIDs', async () => {
    seedTeam();
    const level1 = await call({});
    expect(level1).toEqual({
      ok: true,
      data: {
        level: 1,
        counts: { level1: 2, level2: 1, level3: 1 },
        members: [
          {
            nickname: '昵称oBBBBBB2',
            avatarUrl: '',
            idTail: 'BBBBB2',
            joinedAt: '2026-03-02T10:00:00.000Z',
            orders: 0,
            salesFen: 0,
            viaNickname: null,
          },
          {
            nickname: '昵称oAAAAAA1',
            avatarUrl: '',
            idTail: 'AAAAA1',
            joinedAt: '2026-03-01T10:00:00.000Z',
            orders: 2,
            salesFen: 5_000,
            viaNickname: null,
          },
        ],
        nextCursor: null,
        teamPaidSalesFen: 99_900,
      },
    });
    expect(() => TeamMembersOutput.parse(level1.data)).not.toThrow();
    expect(JSON.stringify(level1)).not.toMatch(/"o[A-Z]{6}\d"/);
    expect((await call({ level: 2 })).data.members).toEqual([
      expect.objectContaining({ idTail: 'CCCCC3', orders: 1, salesFen: 700, viaNickname: '昵称oAAAAAA1' }),
    ]);
    expect((await call({ level: 3 })).data.members).toEqual([
      expect.objectContaining({ idTail: 'DDDDD4', orders: 0, salesFen: 300, viaNickname: '昵称oCCCCCC3' }),
    ]);
    // Someone else's member never shows.
    expect((await call({ level: 1 }, 'oOther')).data.members.map((member) => member.idTail)).toEqual(['XXXXX5']);
  });

  it('searches by part of a nickname or by the tail of the id, within the level', async () => {
    seedTeam();
    const tails = async (input: Record<string, unknown>) =>
      (await call(input)).data.members.map((member) => member.idTail);
    expect(await tails({ search: 'oaaa' })).toEqual(['AAAAA1']);
    expect(await tails({ search: 'BBB2' })).toEqual(['BBBBB2']);
    // A tail must be the end of the id; the middle of one does not match.
    expect(await tails({ search: 'AAA1x' })).toEqual([]);
    expect(await tails({ search: 'CCCCC3' })).toEqual([]);
    expect(await tails({ level: 2, search: 'CCCCC3' })).toEqual(['CCCCC3']);
    // Regular-expression characters are taken literally.
    expect(await tails({ search: '.*' })).toEqual([]);
  });

  it('pages with a cursor, members bound at the same instant neither repeated nor skipped', async () => {
    seedRules(f.emu);
    const same = '2026-03-05T00:00:00Z';
    f.emu.insert('users', [
      person('oMe', [], '2026-01-01T00:00:00Z'),
      person('oM1', ['oMe'], '2026-03-01T00:00:00Z'),
      person('oM2', ['oMe'], same),
      person('oM3', ['oMe'], same),
      person('oM4', ['oMe'], same),
      person('oM5', ['oMe'], same),
      person('oM6', ['oMe'], '2026-03-06T00:00:00Z'),
    ] as never);
    const seen: string[] = [];
    let cursor: string | null | undefined;
    for (let page = 0; page < 10; page += 1) {
      const { data } = await call({ pageSize: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...data.members.map((member) => member.nickname.replace('昵称', '')));
      cursor = data.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(['oM6', 'oM2', 'oM3', 'oM4', 'oM5', 'oM1']);
  });

  it('takes the same few round trips and no unindexed scan whatever the team size', async () => {
    seedRules(f.emu);
    const big = Array.from({ length: 300 }, (_, i) =>
      person(
        `oBig${String(i).padStart(3, '0')}`,
        ['oHub', 'oMe'],
        `2026-03-01T00:${String(i % 60).padStart(2, '0')}:00Z`,
      ),
    );
    f.emu.insert('users', [
      person('oMe', [], '2026-01-01T00:00:00Z'),
      person('oHub', ['oMe'], '2026-02-01T00:00:00Z'),
      ...big,
    ] as never);
    f.emu.insert('orders', big.slice(0, 50).map((member, i) => order(`ob${i}`, member._id, true)) as never);
    for (const [level, bound] of [
      [1, 6],
      [2, 7],
    ] as const) {
      const { data } = await call({ level, pageSize: 20 });
      expect(data.members).toHaveLength(level === 1 ? 1 : 20);
      const invocation = lastInvocationOf(f.emu, 'distributor');
      expect(invocation.roundTrips.total).toBeLessThanOrEqual(bound);
      expect(invocation.unindexedScans).toEqual([]);
    }
  });

  it.each([[{ level: 4 }], [{ pageSize: 51 }], [{ search: '' }], [{ cursor: '' }], [{ userId: 'oOther' }]])(
    'refuses %p with INVALID_INPUT',
    async (input) => {
      seedRules(f.emu);
      expect(await call(input)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    },
  );
});
