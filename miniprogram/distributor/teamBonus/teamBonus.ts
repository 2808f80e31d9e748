/**
 * 团队奖励: this month's team sales counted so far, the tier reached and the next one, the shop's
 * tiers, and the team bonuses granted, newest first, each explained line by line (the orders,
 * the team sales, the tier, the cap), from `distributor.teamBonus`. Pages of 10 load as the list
 * scrolls to the bottom; pulling down reloads from the first page.
 */
import { distributor } from '../../services/distributor';
import { listPage } from '../../utils/list-page';
import { listData, pageSource } from '../../utils/paged-list';
import { monthOf, rowsOf, type BonusRow, type MonthView } from './view';

const PAGE_SIZE = 10;

const SOURCE = pageSource((page) => distributor.teamBonus({ page, pageSize: PAGE_SIZE }), rowsOf, {
  summaryOf: (answer) => ({ month: monthOf(answer) }),
});

Page({
  ...listPage({
    data: {
      ...listData<BonusRow>(),
      month: null as MonthView | null,
    },
    loadOn: 'load',
    onReload: 'keep',
    source: () => SOURCE,
  }),
});
