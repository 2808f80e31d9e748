/**
 * 我的团队: team sizes per level, the team's paid sales and the direct members (直属成员),
 * newest first, from `distributor.team`. Pages of 20 load as the list scrolls to the bottom;
 * pulling down reloads from the first page.
 */
import type { TeamOutput } from '@shared/contracts/distributor';
import { formatFen } from '@shared/money';
import { distributor } from '../../services/distributor';
import { displayName, formatDate } from '../../utils/format';
import { listPage } from '../../utils/list-page';
import { listData, pageSource } from '../../utils/paged-list';

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

/** The direct members, page by page; the first page also brings the team's sizes and sales. */
const SOURCE = pageSource((page) => distributor.team({ page, pageSize: PAGE_SIZE }), membersOf, {
  summaryOf: (team) => ({
    counts: { direct: team.directMembers, level2: team.level2Members, level3: team.level3Members },
    teamSales: formatFen(team.teamPaidSalesFen),
  }),
});

Page({
  ...listPage({
    data: {
      ...listData<MemberView>(),
      counts: { direct: 0, level2: 0, level3: 0 },
      teamSales: '',
    },
    loadOn: 'load',
    onReload: 'keep',
    source: () => SOURCE,
  }),
});
