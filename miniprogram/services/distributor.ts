/**
 * The `distributor` function: applying, exiting, the distributor center, team, ranking, grade
 * history, and the ledger views: commissions (佣金明细) with each record's explanation, one
 * commission, withdrawal history (提现记录) and promotion orders (推广订单); the team bonus (团队奖励). One method per
 * route, named as the route, typed by the route table DISTRIBUTOR_CONTRACTS (shared/contracts/distributor.ts).
 */
import type { DISTRIBUTOR_CONTRACTS } from '@shared/contracts/distributor';
import type { RouteInput } from '@shared/routeTable';
import { callRoute } from './call';

type Input<R extends keyof typeof DISTRIBUTOR_CONTRACTS> = RouteInput<typeof DISTRIBUTOR_CONTRACTS, R>;

export const distributor = {
  apply: (input: Input<'apply'>) => callRoute('distributor', 'apply', input),
  retractApplication: () => callRoute('distributor', 'retractApplication', {}),
  exit: () => callRoute('distributor', 'exit', {}),
  center: () => callRoute('distributor', 'center', {}),
  team: (input: Input<'team'>) => callRoute('distributor', 'team', input),
  /** One level of the caller's team (1-3), searchable, paged by `cursor`. */
  teamMembers: (input: Input<'teamMembers'>) => callRoute('distributor', 'teamMembers', input),
  ranking: (input: Input<'ranking'>) => callRoute('distributor', 'ranking', input),
  gradeHistory: (input: Input<'gradeHistory'>) => callRoute('distributor', 'gradeHistory', input),
  /** A page of the caller's commissions, newest first; `status` filters (held = 售后冻结). */
  commissions: (input: Input<'commissions'>) => callRoute('distributor', 'commissions', input),
  /** One of the caller's commissions with its explanation; NOT_FOUND for any other id. */
  commission: (input: Input<'commission'>) => callRoute('distributor', 'commission', input),
  withdrawals: (input: Input<'withdrawals'>) => callRoute('distributor', 'withdrawals', input),
  promotionOrders: (input: Input<'promotionOrders'>) => callRoute('distributor', 'promotionOrders', input),
  /** 数据: earnings, team sales and share conversion over 30 days (shared/contracts/distributorAnalytics.ts). */
  analytics: () => callRoute('distributor', 'analytics', {}),
  /** This month's team sales with the tier reached and the next, and a page of the team bonuses (团队奖励). */
  teamBonus: (input: Input<'teamBonus'>) => callRoute('distributor', 'teamBonus', input),
  /** The rule and a page of the caller's invite rewards (拉新奖励). */
  inviteRewards: (input: Input<'inviteRewards'>) => callRoute('distributor', 'inviteRewards', input),
};
