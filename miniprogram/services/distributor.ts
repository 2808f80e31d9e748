/**
 * The `distributor` function: applying, exiting, the distributor center, team, ranking, grade
 * history, and the ledger views: commissions (佣金明细) with each record's explanation, one
 * commission, withdrawal history (提现记录) and promotion orders (推广订单). One method per
 * tcb-router route, named as the route, typed by shared/contracts/distributor.ts.
 */
import type {
  ApplyInput,
  ApplyOutput,
  CenterOutput,
  CommissionInput,
  CommissionOutput,
  CommissionsInput,
  CommissionsOutput,
  ExitOutput,
  GradeHistoryInput,
  GradeHistoryOutput,
  PromotionOrdersInput,
  PromotionOrdersOutput,
  RankingInput,
  RankingOutput,
  TeamInput,
  TeamOutput,
  WithdrawApplicationOutput,
  WithdrawalsInput,
  WithdrawalsOutput,
} from '@shared/contracts/distributor';
import type { Result } from '@shared/result';
import { legacyCallRoute } from './call';

export const distributor = {
  apply(input: ApplyInput): Promise<Result<ApplyOutput>> {
    return legacyCallRoute<ApplyInput, ApplyOutput>('distributor', 'apply', input);
  },
  withdrawApplication(): Promise<Result<WithdrawApplicationOutput>> {
    return legacyCallRoute<object, WithdrawApplicationOutput>('distributor', 'withdrawApplication', {});
  },
  exit(): Promise<Result<ExitOutput>> {
    return legacyCallRoute<object, ExitOutput>('distributor', 'exit', {});
  },
  center(): Promise<Result<CenterOutput>> {
    return legacyCallRoute<object, CenterOutput>('distributor', 'center', {});
  },
  team(input: TeamInput): Promise<Result<TeamOutput>> {
    return legacyCallRoute<TeamInput, TeamOutput>('distributor', 'team', input);
  },
  ranking(input: RankingInput): Promise<Result<RankingOutput>> {
    return legacyCallRoute<RankingInput, RankingOutput>('distributor', 'ranking', input);
  },
  gradeHistory(input: GradeHistoryInput): Promise<Result<GradeHistoryOutput>> {
    return legacyCallRoute<GradeHistoryInput, GradeHistoryOutput>('distributor', 'gradeHistory', input);
  },
  /** A page of the caller's commissions, newest first; `status` filters (held = 售后冻结). */
  commissions(input: CommissionsInput): Promise<Result<CommissionsOutput>> {
    return legacyCallRoute<CommissionsInput, CommissionsOutput>('distributor', 'commissions', input);
  },
  /** One of the caller's commissions with its explanation; NOT_FOUND for any other id. */
  commission(input: CommissionInput): Promise<Result<CommissionOutput>> {
    return legacyCallRoute<CommissionInput, CommissionOutput>('distributor', 'commission', input);
  },
  withdrawals(input: WithdrawalsInput): Promise<Result<WithdrawalsOutput>> {
    return legacyCallRoute<WithdrawalsInput, WithdrawalsOutput>('distributor', 'withdrawals', input);
  },
  promotionOrders(input: PromotionOrdersInput): Promise<Result<PromotionOrdersOutput>> {
    return legacyCallRoute<PromotionOrdersInput, PromotionOrdersOutput>('distributor', 'promotionOrders', input);
  },
};
