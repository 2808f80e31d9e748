/**
 * distributor: the user side of distribution, one route per action (`event.$url`, the table
 * DISTRIBUTOR_CONTRACTS): apply, retractApplication, exit, center, team, teamMembers, ranking, gradeHistory,
 * the ledger views commissions, commission, withdrawals, promotionOrders, the materials library (materials),
 * analytics (数据), teamBonus (团队奖励) and inviteRewards (拉新奖励). See docs/api.md (distributor).
 */
import { DISTRIBUTOR_CONTRACTS, type DistributorError } from '@shared/contracts/distributor';
import { serveTable, type Handlers } from '../_lib/router';
import { distributorAnalytics } from './analytics';
import { apply, retractApplication } from './apply';
import { center } from './center';
import { commission, commissions } from './commissions';
import { exitDistribution } from './exit';
import { gradeHistory } from './history';
import { materials } from './materials';
import { promotionOrders } from './promotionOrders';
import { ranking } from './ranking';
import { team } from './team';
import { inviteRewards } from './inviteRewards';
import { teamBonus } from './teamBonus';
import { teamMembers } from './teamMembers';
import { withdrawals } from './withdrawalHistory';

const HANDLERS: Handlers<typeof DISTRIBUTOR_CONTRACTS, DistributorError> = {
  apply: (input, { openid, now }) => apply(openid, input.form, now),
  retractApplication: (_input, { openid, now }) => retractApplication(openid, now),
  exit: (_input, { openid, now }) => exitDistribution(openid, now),
  center: (_input, { openid, now }) => center(openid, now),
  team: (input, { openid }) => team(openid, input.page, input.pageSize),
  teamMembers: (input, { openid }) => teamMembers(openid, input),
  ranking: (input, { openid, now }) => ranking(openid, input.by, input.month, now),
  gradeHistory: (input, { openid }) => gradeHistory(openid, input.page, input.pageSize),
  commissions: (input, { openid, now }) => commissions(openid, input.page, input.pageSize, input.status, now),
  commission: (input, { openid, now }) => commission(openid, input.id, now),
  withdrawals: (input, { openid }) => withdrawals(openid, input.page, input.pageSize),
  promotionOrders: (input, { openid }) => promotionOrders(openid, input.page, input.pageSize),
  materials: (input, { openid, now }) => materials(openid, input.productId, now),
  analytics: (_input, { openid, now }) => distributorAnalytics(openid, now),
  teamBonus: (input, { openid, now }) => teamBonus(openid, input.page, input.pageSize, now),
  inviteRewards: (input, { openid }) => inviteRewards(openid, input.page, input.pageSize),
};

export const main = serveTable(DISTRIBUTOR_CONTRACTS, HANDLERS, { name: 'distributor' });
