/** distributor: team (the caller's own, paged) and the monthly ranking by invitees. */
import { RankingOutput, TeamOutput } from '@shared/contracts/distributor';
import { newUser, type DistributorStatus, type UserDocument } from '@shared/users';
import { useEmulator } from '../helpers/emulator';
import { seedRules, testShareCode } from '../helpers/referrals';

describe('distributor: team and ranking', () => {
  const f = useEmulator();
  beforeEach(() => f.emu.reset());

  const call = (data: Record<string, unknown>, openid = 'oMe') => f.emu.call('distributor', data, { openid });
  const state = () =>
    JSON.stringify(['users', 'distributorApplications', 'gradeChanges'].map((name) => f.emu.emulator.store.scan(name)));

  interface Person {
    id: string;
    ancestors?: string[];
    boundAt?: string;
    status?: DistributorStatus;
    paidSpendFen?: number;
    teamPaidSalesFen?: number;
    avatarUrl?: string;
  }

  function seed(people: Person[]): void {
    const docs = people.map((person): UserDocument => {
      const doc = newUser(person.id, testShareCode(), new Date('2026-01-01T00:00:00Z'));
      doc.nickname = `nick-${person.id}`;
      doc.avatarUrl = person.avatarUrl ?? '';
      doc.ancestors = person.ancestors ?? [];
      doc.referrerId = doc.ancestors[0] ?? null;
      doc.boundAt = person.boundAt ? new Date(person.boundAt) : null;
      doc.bindingVersion = doc.referrerId ? 1 : 0;
      doc.distributor.status = person.status ?? 'approved';
      doc.stats.paidSpendFen = person.paidSpendFen ?? 0;
      doc.stats.teamPaidSalesFen = person.teamPaidSalesFen ?? 0;
      return doc;
    });
    f.emu.insert('users', docs as never);
  }

  describe('team', () => {
    function seedTeam(): void {
      seed([
        { id: 'oMe', teamPaidSalesFen: 123_456 },
        {
          id: 'oA',
          ancestors: ['oMe'],
          boundAt: '2026-03-01T10:00:00Z',
          paidSpendFen: 5_000,
          avatarUrl: 'https://img.example.com/a.png',
        },
        { id: 'oB', ancestors: ['oMe'], boundAt: '2026-03-02T10:00:00Z', paidSpendFen: 0 },
        { id: 'oC', ancestors: ['oA', 'oMe'], boundAt: '2026-03-03T10:00:00Z', paidSpendFen: 700 },
        { id: 'oD', ancestors: ['oC', 'oA', 'oMe'], boundAt: '2026-03-04T10:00:00Z' },
        { id: 'oE', ancestors: ['oOther'], boundAt: '2026-03-05T10:00:00Z' },
      ]);
    }

    it('answers the direct members newest first, the level-2 and level-3 counts and the team sales', async () => {
      seedRules(f.emu);
      seedTeam();
      const before = state();
      const { result } = await call({ $url: 'team' });
      expect(result).toEqual({
        ok: true,
        data: {
          directMembers: 2,
          level2Members: 1,
          level3Members: 1,
          members: [
            { nickname: 'nick-oB', avatarUrl: '', joinedAt: '2026-03-02T10:00:00.000Z', paidSpendFen: 0 },
            {
              nickname: 'nick-oA',
              avatarUrl: 'https://img.example.com/a.png',
              joinedAt: '2026-03-01T10:00:00.000Z',
              paidSpendFen: 5_000,
            },
          ],
          page: 1,
          pageSize: 20,
          hasMore: false,
          teamPaidSalesFen: 123_456,
        },
      });
      expect(() => TeamOutput.parse((result as { data: unknown }).data)).not.toThrow();
      // Members are shown without their OPENIDs.
      expect(JSON.stringify(result)).not.toMatch(/"o[A-E]"/);
      expect(state()).toBe(before);
    });

    it("answers only the caller's own team", async () => {
      seedRules(f.emu);
      seedTeam();
      expect((await call({ $url: 'team' }, 'oA')).result).toMatchObject({
        data: {
          directMembers: 1,
          level2Members: 1,
          level3Members: 0,
          members: [{ nickname: 'nick-oC', paidSpendFen: 700 }],
          teamPaidSalesFen: 0,
        },
      });
    });

    it('pages through the direct members', async () => {
      seedRules(f.emu);
      seed([
        { id: 'oMe' },
        ...[1, 2, 3, 4, 5].map((n) => ({ id: `oM${n}`, ancestors: ['oMe'], boundAt: `2026-03-0${n}T00:00:00Z` })),
      ]);
      const names = (result: unknown) =>
        (result as { data: { members: Array<{ nickname: string }> } }).data.members.map((member) => member.nickname);
      const first = await call({ $url: 'team', pageSize: 2 });
      expect(names(first.result)).toEqual(['nick-oM5', 'nick-oM4']);
      expect(first.result).toMatchObject({ data: { hasMore: true, directMembers: 5 } });
      const last = await call({ $url: 'team', page: 3, pageSize: 2 });
      expect(names(last.result)).toEqual(['nick-oM1']);
      expect(last.result).toMatchObject({ data: { page: 3, hasMore: false } });
    });

    it('answers an empty team to a first-time caller without creating them', async () => {
      seedRules(f.emu);
      const { result } = await call({ $url: 'team' }, 'oNew');
      expect(result).toMatchObject({
        ok: true,
        data: {
          directMembers: 0,
          level2Members: 0,
          level3Members: 0,
          members: [],
          hasMore: false,
          teamPaidSalesFen: 0,
        },
      });
      expect(f.emu.emulator.store.scan('users')).toHaveLength(0);
    });

    it.each([[{ page: 0 }], [{ page: 501 }], [{ pageSize: 0 }], [{ pageSize: 51 }]])(
      'refuses %p with INVALID_INPUT',
      async (input) => {
        seedRules(f.emu);
        expect((await call({ $url: 'team', ...input })).result).toMatchObject({
          ok: false,
          error: { code: 'INVALID_INPUT' },
        });
      },
    );
  });

  describe('ranking', () => {
    /**
     * March 2026 in UTC+8 runs from 2026-02-28T16:00Z to 2026-03-31T16:00Z.
     * R1: 3 (one exactly at the month's first instant); R2 and R3: 2 each (one more each just
     * outside the month); R4: 5 but disabled; Me: 1; Quiet: none this month.
     */
    function seedMarch(): void {
      seed([
        { id: 'oR1' },
        { id: 'oR2' },
        { id: 'oR3' },
        { id: 'oR4', status: 'disabled' },
        { id: 'oMe' },
        { id: 'oQuiet' },
        { id: 'u11', ancestors: ['oR1'], boundAt: '2026-02-28T16:00:00Z' },
        { id: 'u12', ancestors: ['oR1'], boundAt: '2026-03-10T00:00:00Z' },
        { id: 'u13', ancestors: ['oR1', 'oR2'], boundAt: '2026-03-11T00:00:00Z' },
        { id: 'u21', ancestors: ['oR2'], boundAt: '2026-03-12T00:00:00Z' },
        { id: 'u22', ancestors: ['oR2'], boundAt: '2026-03-13T00:00:00Z' },
        { id: 'u23', ancestors: ['oR2'], boundAt: '2026-02-28T15:59:59Z' },
        { id: 'u31', ancestors: ['oR3'], boundAt: '2026-03-14T00:00:00Z' },
        { id: 'u32', ancestors: ['oR3'], boundAt: '2026-03-31T15:59:59Z' },
        { id: 'u33', ancestors: ['oR3'], boundAt: '2026-03-31T16:00:00Z' },
        ...[1, 2, 3, 4, 5].map((n) => ({ id: `u4${n}`, ancestors: ['oR4'], boundAt: '2026-03-15T00:00:00Z' })),
        { id: 'u51', ancestors: ['oMe'], boundAt: '2026-03-16T00:00:00Z' },
        { id: 'u61', ancestors: ['oQuiet'], boundAt: '2026-04-02T00:00:00Z' },
      ]);
    }

    it('ranks referrers by invitees bound in the UTC+8 month, ties sharing a rank, disabled distributors left out', async () => {
      seedRules(f.emu);
      seedMarch();
      const before = state();
      const { result } = await call({ $url: 'ranking', by: 'invitees', month: '2026-03' });
      expect(result).toEqual({
        ok: true,
        data: {
          by: 'invitees',
          month: '2026-03',
          entries: [
            { rank: 1, nickname: 'nick-oR1', avatarUrl: '', count: 3, salesFen: 0, isMe: false },
            { rank: 2, nickname: 'nick-oR2', avatarUrl: '', count: 2, salesFen: 0, isMe: false },
            { rank: 2, nickname: 'nick-oR3', avatarUrl: '', count: 2, salesFen: 0, isMe: false },
            { rank: 4, nickname: 'nick-oMe', avatarUrl: '', count: 1, salesFen: 0, isMe: true },
          ],
          me: { rank: 4, count: 1, salesFen: 0 },
        },
      });
      expect(() => RankingOutput.parse((result as { data: unknown }).data)).not.toThrow();
      expect(state()).toBe(before);
    });

    it('answers the caller without invitees with rank null', async () => {
      seedRules(f.emu);
      seedMarch();
      expect((await call({ $url: 'ranking', month: '2026-03' }, 'oQuiet')).result).toMatchObject({
        ok: true,
        data: { me: { rank: null, count: 0 } },
      });
      expect((await call({ $url: 'ranking', month: '2026-04' }, 'oQuiet')).result).toMatchObject({
        ok: true,
        // u33 was bound at 2026-04-01 00:00 UTC+8: April for R3.
        data: {
          entries: [
            { rank: 1, nickname: 'nick-oQuiet', avatarUrl: '', count: 1, salesFen: 0, isMe: true },
            { rank: 1, nickname: 'nick-oR3', avatarUrl: '', count: 1, salesFen: 0, isMe: false },
          ],
          me: { rank: 1, count: 1, salesFen: 0 },
        },
      });
    });

    it("shows the top 50 and the caller's own rank outside them", async () => {
      seedRules(f.emu);
      const referrers = Array.from({ length: 51 }, (_, i) => `oTop${String(i).padStart(2, '0')}`);
      seed([
        { id: 'oMe' },
        { id: 'oBanned', status: 'disabled' },
        ...referrers.map((id) => ({ id })),
        ...referrers.flatMap((id) =>
          [1, 2].map((n) => ({ id: `${id}-${n}`, ancestors: [id], boundAt: '2026-05-10T00:00:00Z' })),
        ),
        ...[1, 2, 3].map((n) => ({ id: `banned-${n}`, ancestors: ['oBanned'], boundAt: '2026-05-10T00:00:00Z' })),
        { id: 'mine-1', ancestors: ['oMe'], boundAt: '2026-05-11T00:00:00Z' },
      ]);
      const { result } = await call({ $url: 'ranking', month: '2026-05' });
      const data = (result as { data: { entries: Array<{ rank: number; isMe: boolean; count: number }>; me: unknown } })
        .data;
      expect(data.entries).toHaveLength(50);
      expect(data.entries.every((entry) => entry.rank === 1 && entry.count === 2 && !entry.isMe)).toBe(true);
      expect(data.me).toEqual({ rank: 52, count: 1, salesFen: 0 });
    });

    it('defaults to the current month in UTC+8', async () => {
      seedRules(f.emu);
      const now = f.emu.emulator.options.clock.now();
      // The calendar month in China Standard Time, by the platform's own time-zone data.
      const month = new Intl.DateTimeFormat('en-CA', {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: '2-digit',
      }).format(now);
      seed([
        { id: 'oMe' },
        { id: 'now', ancestors: ['oMe'], boundAt: new Date(now - 1000).toISOString() },
        { id: 'earlier', ancestors: ['oMe'], boundAt: new Date(now - 40 * 86_400_000).toISOString() },
      ]);
      expect((await call({ $url: 'ranking' })).result).toMatchObject({
        ok: true,
        data: { by: 'invitees', month, me: { rank: 1, count: 1 } },
      });
    });

    it.each([
      [{ month: '2026-13' }],
      [{ month: '2026-3' }],
      [{ month: 'March' }],
      [{ month: '1999-12' }],
      [{ by: 'orders' }],
    ])('refuses %p with INVALID_INPUT', async (input) => {
      seedRules(f.emu);
      expect((await call({ $url: 'ranking', ...input })).result).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    });
  });
});
