/**
 * 我的团队: the team on all three levels (一级 / 二级 / 三级 tabs) from `distributor.teamMembers`:
 * each member's join date, paid orders and sales (what they paid, net of refunds), newest first,
 * 20 a page as the list scrolls; a search by nickname or by the member's number (编号, the tail of
 * their id); pulling down reloads the tab. The first page also brings the level sizes and the
 * team's sales. Opened with `?status=2` or `3` on that level.
 */
import type { TeamMembersOutput } from '@shared/contracts/distributorTeam';
import { formatFen } from '@shared/money';
import { distributor } from '../../services/distributor';
import { displayName, formatDate } from '../../utils/format';
import { tabbedListPage } from '../../utils/list-page';
import { listData, type ListSource } from '../../utils/paged-list';

const PAGE_SIZE = 20;

type LevelTab = '1' | '2' | '3';
const LEVEL_TABS: ReadonlyArray<{ value: LevelTab; label: string }> = [
  { value: '1', label: '一级成员' },
  { value: '2', label: '二级成员' },
  { value: '3', label: '三级成员' },
];

interface MemberView {
  key: string;
  name: string;
  avatarUrl: string;
  idTail: string;
  joined: string;
  orders: string;
  spend: string;
  via: string;
}

function memberView(member: TeamMembersOutput['members'][number], key: string): MemberView {
  return {
    key,
    name: displayName(member.nickname),
    avatarUrl: member.avatarUrl,
    idTail: member.idTail,
    joined: formatDate(member.joinedAt),
    orders: `${member.orders} 单`,
    spend: formatFen(member.salesFen),
    via: member.viaNickname === null ? '' : `经 ${displayName(member.viaNickname)} 加入`,
  };
}

function summaryOf(answer: TeamMembersOutput): Record<string, unknown> {
  return {
    counts: { direct: answer.counts.level1, level2: answer.counts.level2, level3: answer.counts.level3 },
    teamSales: formatFen(answer.teamPaidSalesFen),
  };
}

/**
 * The route pages by an opaque cursor string, the list helpers by a number: page n's cursor is
 * kept here under n (page 0 has none). One team page is open at a time, and a first page starts
 * the table again, so a new tab or search never follows another list's cursor.
 */
const cursors: string[] = [];

function sourceOf(tab: LevelTab, search: string): ListSource<MemberView> {
  return {
    first: 0,
    fetch: async (index) => {
      if (index === 0) cursors.length = 0;
      const cursor = cursors[index];
      const result = await distributor.teamMembers({
        level: Number(tab) as 1 | 2 | 3,
        pageSize: PAGE_SIZE,
        ...(search ? { search } : {}),
        ...(cursor ? { cursor } : {}),
      });
      if (!result.ok) return result;
      const { nextCursor } = result.data;
      if (nextCursor) cursors[index + 1] = nextCursor;
      return {
        ok: true,
        data: {
          rows: result.data.members.map((member, i) => memberView(member, `${index}-${i}`)),
          next: nextCursor ? index + 1 : null,
          summary: summaryOf(result.data),
        },
      };
    },
  };
}

Page({
  ...tabbedListPage({
    data: {
      tab: '1' as LevelTab,
      search: '',
      ...listData<MemberView>(),
      counts: { direct: 0, level2: 0, level3: 0 },
      teamSales: '',
    },
    tabs: LEVEL_TABS,
    loadOn: 'load',
    onReload: 'keep',
    source: ({ tab, search }) => sourceOf(tab, search),
  }),

  onSearch(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
    this.setData({ search: event.detail.value.trim() });
    void this.reload();
  },

  onSearchClear() {
    this.setData({ search: '' });
    void this.reload();
  },
});
