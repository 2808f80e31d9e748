/**
 * 我的团队: team sizes per level, the team's paid sales and the direct members (直属成员),
 * newest first, from `distributor.team`. Pages of 20 load as the list scrolls to the bottom;
 * pulling down reloads from the first page.
 */
import type { TeamOutput } from '@shared/contracts/distributor';
import { formatFen } from '@shared/money';
import { distributor } from '../../services/distributor';
import { displayName, formatDate } from '../../utils/format';
import type { PageStatus } from '../../utils/page-state';

const PAGE_SIZE = 20;

interface MemberView {
  key: string;
  name: string;
  avatarUrl: string;
  joined: string;
  spend: string;
}

function membersOf(team: TeamOutput): MemberView[] {
  return team.members.map((member, index) => ({
    key: `${team.page}-${index}`,
    name: displayName(member.nickname),
    avatarUrl: member.avatarUrl,
    joined: formatDate(member.joinedAt),
    spend: formatFen(member.paidSpendFen),
  }));
}

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    counts: { direct: 0, level2: 0, level3: 0 },
    teamSales: '',
    members: [] as MemberView[],
    page: 0,
    hasMore: false,
    loadingMore: false,
    moreError: '',
  },

  onLoad() {
    void this.reload();
  },

  async onPullDownRefresh() {
    await this.reload();
    void wx.stopPullDownRefresh();
  },

  onReachBottom() {
    void this.loadMore();
  },

  /** Loads the first page; the page's whole state follows it. */
  async reload() {
    if (this.data.page === 0) this.setData({ status: 'loading' });
    const result = await distributor.team({ page: 1, pageSize: PAGE_SIZE });
    if (!result.ok) {
      this.setData({ status: 'error', message: result.error.message });
      return;
    }
    const team = result.data;
    this.setData({
      status: team.members.length === 0 ? 'empty' : 'ready',
      counts: { direct: team.directMembers, level2: team.level2Members, level3: team.level3Members },
      teamSales: formatFen(team.teamPaidSalesFen),
      members: membersOf(team),
      page: 1,
      hasMore: team.hasMore,
      moreError: '',
    });
  },

  /** Appends the next page; a failure shows under the list and the next scroll tries again. */
  async loadMore() {
    if (!this.data.hasMore || this.data.loadingMore) return;
    this.setData({ loadingMore: true, moreError: '' });
    const result = await distributor.team({ page: this.data.page + 1, pageSize: PAGE_SIZE });
    if (!result.ok) {
      this.setData({ loadingMore: false, moreError: result.error.message });
      return;
    }
    this.setData({
      loadingMore: false,
      members: [...this.data.members, ...membersOf(result.data)],
      page: result.data.page,
      hasMore: result.data.hasMore,
    });
  },

  onRetry() {
    void this.reload();
  },
});
