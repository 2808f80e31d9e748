/**
 * 积分: the shopper's points (docs/wallet.md section 4): 可用 and 冻结中, when the next points
 * expire, how the shop's points work, and the history with reasons, 20 a page as the list
 * scrolls (profile › points). Reloads on every show, since orders change the points.
 */
import { profile } from '../../services/profile';
import { listPage } from '../../utils/list-page';
import { listData, type ListSource } from '../../utils/paged-list';
import { pointsRow, summaryOf, type PointsRow, type PointsSummaryView } from './view';

const PAGE_SIZE = 20;

const SOURCE: ListSource<PointsRow> = {
  first: 0,
  fetch: async (offset) => {
    const result = await profile.points({ offset, limit: PAGE_SIZE });
    if (!result.ok) return result;
    const { entries, nextOffset } = result.data;
    return {
      ok: true,
      data: { rows: entries.map(pointsRow), next: nextOffset, summary: { summary: summaryOf(result.data) } },
    };
  },
};

Page({
  ...listPage({
    data: {
      ...listData<PointsRow>(),
      summary: null as PointsSummaryView | null,
    },
    loadOn: 'show',
    onReload: 'keep',
    source: () => SOURCE,
  }),
});
