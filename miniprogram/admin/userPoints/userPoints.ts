/**
 * 用户积分: one user's points for the merchant (admin › userPoints): 可用, 冻结中, the next expiry
 * and the history with reasons, 20 a page; 调整积分 adds or takes points with a reason
 * (admin › adjustPoints: the same request adjusts once; a deduction below zero is refused).
 * Opened from the distributor detail page with `?userId=`.
 */
import { admin } from '../../services/admin';
import { listPage } from '../../utils/list-page';
import { listData, type ListSource } from '../../utils/paged-list';
import { pointsRow, summaryOf, type PointsRow, type PointsSummaryView } from '../../shop/points/view';
import { adminFailureMessage } from '../gate';
import { askReason } from '../list';

const PAGE_SIZE = 20;

function sourceFor(userId: string): ListSource<PointsRow> {
  return {
    first: 0,
    messageOf: adminFailureMessage,
    fetch: async (offset) => {
      const result = await admin('userPoints', { userId, offset, limit: PAGE_SIZE });
      if (!result.ok) return result;
      const { entries, nextOffset } = result.data;
      return {
        ok: true,
        data: { rows: entries.map(pointsRow), next: nextOffset, summary: { summary: summaryOf(result.data) } },
      };
    },
  };
}

/** A new request id for each adjustment the merchant confirms (the route adjusts once per id). */
function requestId(): string {
  return `adj${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

Page({
  ...listPage({
    data: {
      ...listData<PointsRow>(),
      userId: '',
      summary: null as PointsSummaryView | null,
      amount: '',
      adjusting: false,
    },
    loadOn: 'show',
    onReload: 'keep',
    source: (data) => sourceFor(data.userId),
  }),

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ userId: query.userId ?? '' });
  },

  onAmount(event: WechatMiniprogram.Input) {
    this.setData({ amount: event.detail.value });
  },

  async onAdjustTap() {
    const points = Number(this.data.amount);
    if (!Number.isInteger(points) || points === 0) {
      void wx.showToast({ title: '请输入非零整数（负数为扣减）', icon: 'none' });
      return;
    }
    const reason = await askReason(
      points > 0 ? `增加 ${points} 积分` : `扣减 ${-points} 积分`,
      '请填写调整原因（用户可见）',
      '确定',
    );
    if (!reason || this.data.adjusting) return;
    this.setData({ adjusting: true });
    const result = await admin('adjustPoints', { userId: this.data.userId, points, reason, requestId: requestId() });
    this.setData({ adjusting: false });
    if (!result.ok) {
      void wx.showToast({ title: adminFailureMessage(result.error), icon: 'none' });
      return;
    }
    this.setData({ amount: '' });
    void wx.showToast({ title: '已调整', icon: 'success' });
    await this.reload();
  },
});
