/**
 * 排行榜: the month's top 50 distributors (`distributor.ranking`), by new invitees (邀请) or by
 * sales (销售额: paid orders attributed at level 1, net of refunds), and the caller's own rank.
 */
import type { RankingOutput } from '@shared/contracts/distributor';
import { formatFen } from '@shared/money';
import { distributor } from '../../services/distributor';
import { currentMonth, displayName } from '../../utils/format';
import type { PageStatus } from '../../utils/page-state';
import { refreshed } from '../../utils/pull-down';

type By = 'invitees' | 'sales';

interface EntryView {
  key: string;
  rank: number;
  name: string;
  avatarUrl: string;
  figure: string;
  isMe: boolean;
}

/** What an entry is ranked by, as shown: people invited, or the sales amount and orders. */
function figureOf(by: By, count: number, salesFen: number): string {
  return by === 'sales' ? `${formatFen(salesFen)}（${count} 单）` : `${count} 人`;
}

function entriesOf(ranking: RankingOutput): EntryView[] {
  return ranking.entries.map((entry, index) => ({
    key: String(index),
    rank: entry.rank,
    name: entry.isMe ? `${displayName(entry.nickname)}（我）` : displayName(entry.nickname),
    avatarUrl: entry.avatarUrl,
    figure: figureOf(ranking.by, entry.count, entry.salesFen),
    isMe: entry.isMe,
  }));
}

function myRankOf(ranking: RankingOutput): string {
  const { me, by } = ranking;
  const mine = by === 'sales' ? `销售额 ${formatFen(me.salesFen)}` : `邀请 ${me.count} 人`;
  return me.rank === null ? `本月${mine}，暂未上榜` : `第 ${me.rank} 名，${mine}`;
}

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    by: 'invitees' as By,
    tabs: [
      { value: 'invitees', label: '邀请榜' },
      { value: 'sales', label: '销售榜' },
    ],
    month: currentMonth(),
    latestMonth: currentMonth(),
    entries: [] as EntryView[],
    myRank: '',
  },

  onLoad() {
    void this.load();
  },

  onPullDownRefresh() {
    return refreshed(this.load());
  },

  async load() {
    this.setData({ status: 'loading' });
    const result = await distributor.ranking({ by: this.data.by, month: this.data.month });
    if (!result.ok) {
      this.setData({ status: 'error', message: result.error.message });
      return;
    }
    this.setData({
      status: result.data.entries.length === 0 ? 'empty' : 'ready',
      entries: entriesOf(result.data),
      myRank: myRankOf(result.data),
    });
  },

  onTabTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { by: By }>) {
    if (event.currentTarget.dataset.by === this.data.by) return;
    this.setData({ by: event.currentTarget.dataset.by });
    void this.load();
  },

  onMonthChange(event: WechatMiniprogram.PickerChange) {
    this.setData({ month: String(event.detail.value) });
    void this.load();
  },

  onRetry() {
    void this.load();
  },
});
