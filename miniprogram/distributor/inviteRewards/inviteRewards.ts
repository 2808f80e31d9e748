/**
 * 拉新奖励: the shop's invite rule and the caller's invite rewards, newest first, each with the
 * invitee, its state (冻结中 until the first order's return window ends) and its explanation, from
 * `distributor.inviteRewards`. Pages of 10 load as the list scrolls; pulling down reloads.
 */
import { distributor } from '../../services/distributor';
import { listPage } from '../../utils/list-page';
import { listData, pageSource } from '../../utils/paged-list';
import { ruleOf, rowsOf, type InviteRow, type RuleView } from './view';

const PAGE_SIZE = 10;

const SOURCE = pageSource((page) => distributor.inviteRewards({ page, pageSize: PAGE_SIZE }), rowsOf, {
  summaryOf: (answer) => ({ rule: ruleOf(answer) }),
});

Page({
  ...listPage({
    data: {
      ...listData<InviteRow>(),
      rule: null as RuleView | null,
    },
    loadOn: 'load',
    onReload: 'keep',
    source: () => SOURCE,
  }),
});
