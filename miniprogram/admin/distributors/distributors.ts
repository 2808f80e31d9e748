/**
 * 分销员管理: every user with their distributor status (`admin.listDistributors`, newest first,
 * 20 a page, more on reaching the bottom, pull down to reload), filtered by status and grade and
 * searched by nickname, share code or OPENID; each row shows the grade, team, sales and balances
 * and opens the distributor's detail (admin/distributor). 任命 appoints a user by share code or
 * OPENID (`admin.setDistributorStatus` action `appoint`, the `designated` way in).
 */
import type { DistributorView } from '@shared/contracts/adminDistributors';
import { formatFen } from '@shared/money';
import { SHARE_CODE_PATTERN } from '@shared/shareCode';
import { admin } from '../../services/admin';
import { filterBarListPage } from '../../utils/list-page';
import { listData } from '../../utils/paged-list';
import { identityOf } from '../distributor/view';
import { adminFailureMessage } from '../gate';
import { adminSource, statusPage } from '../list';

type Filter = 'all' | 'approved' | 'pending' | 'disabled' | 'exited';

const FILTERS: Array<{ value: Filter; label: string }> = [
  { value: 'all', label: '全部' },
  { value: 'approved', label: '分销员' },
  { value: 'pending', label: '审核中' },
  { value: 'disabled', label: '已停用' },
  { value: 'exited', label: '已退出' },
];

interface Row {
  id: string;
  name: string;
  avatar: string;
  /** The name's first character, shown in place of a missing avatar. */
  initial: string;
  shareCode: string;
  status: string;
  statusLabel: string;
  gradeName: string;
  team: string;
  sales: string;
  frozen: string;
  available: string;
  withdrawn: string;
}

function rowOf(view: DistributorView): Row {
  return {
    id: view.userId,
    ...identityOf(view),
    team: `团队 ${view.team.totalMembers} 人（直属 ${view.team.directMembers}）`,
    sales: formatFen(view.stats.teamPaidSalesFen),
    frozen: formatFen(view.balances.frozenFen),
    available: formatFen(view.balances.availableFen),
    withdrawn: formatFen(view.balances.withdrawnFen),
  };
}

/** The appointment's target: a share code (any case) when the text is one, else an OPENID. */
function appointee(text: string): { shareCode: string } | { userId: string } {
  const code = text.toUpperCase();
  return SHARE_CODE_PATTERN.test(code) ? { shareCode: code } : { userId: text };
}

Page({
  ...filterBarListPage({
    data: {
      ...listData<Row>(),
      filter: 'all' as Filter,
      search: '',
      /** The chosen grade's id; '' lists every grade. */
      gradeId: '',
      grades: [] as Array<{ id: string; name: string }>,
      appointing: false,
    },
    filters: FILTERS,
    loadOn: 'show',
    onReload: 'keep',
    source: ({ filter, search, gradeId }) =>
      adminSource(
        (offset) =>
          admin('listDistributors', {
            ...statusPage(filter, offset),
            ...(search ? { search } : {}),
            ...(gradeId ? { gradeId } : {}),
          }),
        rowOf,
      ),
  }),

  onReady() {
    void this.loadGrades();
  },

  /** The grade filter's choices, from the current rules (lowest rank first); without them only 全部等级 shows. */
  async loadGrades() {
    const result = await admin('getRules', {});
    if (!result.ok) return;
    const grades = [...result.data.rules.grades].sort((a, b) => a.rank - b.rank);
    this.setData({ grades: [{ id: '', name: '全部等级' }, ...grades.map(({ id, name }) => ({ id, name }))] });
  },

  onGradeTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    const { id } = event.currentTarget.dataset;
    if (id === this.data.gradeId) return;
    this.setData({ gradeId: id, rows: [] });
    void this.reload();
  },

  onSearch(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
    this.setData({ search: event.detail.value.trim() });
    void this.reload();
  },

  onSearchClear() {
    this.setData({ search: '' });
    void this.reload();
  },

  onOpenTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    void wx.navigateTo({ url: `/admin/distributor/distributor?userId=${event.currentTarget.dataset.id}` });
  },

  async onAppointTap() {
    if (this.data.appointing) return;
    const answer = await wx.showModal({
      title: '任命分销员',
      editable: true,
      placeholderText: '输入用户的推广码或 openid',
      confirmText: '任命',
    });
    if (!answer.confirm) return;
    const text = (answer.content ?? '').trim();
    if (text === '') {
      void wx.showToast({ title: '请输入推广码或 openid', icon: 'none' });
      return;
    }
    this.setData({ appointing: true });
    const result = await admin('setDistributorStatus', { ...appointee(text), action: 'appoint' });
    this.setData({ appointing: false });
    if (!result.ok) {
      void wx.showModal({ title: '未能任命', content: adminFailureMessage(result.error), showCancel: false });
      return;
    }
    const changed = result.data.status === 'changed';
    void wx.showToast({ title: changed ? '已任命' : '已是分销员', icon: changed ? 'success' : 'none' });
    await this.reload();
  },
});
