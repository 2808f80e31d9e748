/**
 * 风险审核 (merchant): the orders whose commissions a risk signal put on hold (docs/rules.md
 * section 9), open ones first, by status, each with its reasons and the held amount; tap a case
 * for its evidence and the decision (admin/riskCase). 风险设置 opens the rules' risk section.
 */
import { admin } from '../../services/admin';
import { filterBarListPage } from '../../utils/list-page';
import { listData } from '../../utils/paged-list';
import { adminSource, statusPage } from '../list';
import { riskCaseRow, type RiskCaseRow } from './rows';

type Filter = 'all' | 'open' | 'approved' | 'voided';

const FILTERS: Array<{ value: Filter; label: string }> = [
  { value: 'all', label: '全部' },
  { value: 'open', label: '待审核' },
  { value: 'approved', label: '已通过' },
  { value: 'voided', label: '已作废' },
];

Page({
  ...filterBarListPage({
    data: { ...listData<RiskCaseRow>(), filter: 'all' as Filter },
    filters: FILTERS,
    loadOn: 'show',
    onReload: 'clear',
    source: ({ filter }) => adminSource((offset) => admin('listRiskCases', statusPage(filter, offset)), riskCaseRow),
  }),

  onCaseTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    void wx.navigateTo({
      url: `/admin/riskCase/riskCase?caseId=${encodeURIComponent(event.currentTarget.dataset.id)}`,
    });
  },

  onSettingsTap() {
    void wx.navigateTo({ url: '/admin/riskSettings/riskSettings' });
  },
});
