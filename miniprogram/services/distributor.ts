/**
 * The `distributor` function: applying, exiting, the distributor center, team, ranking and
 * grade history (分销中心). One method per tcb-router route, typed by shared/contracts/distributor.ts.
 */
import type {
  ApplyInput,
  ApplyOutput,
  CenterOutput,
  ExitOutput,
  GradeHistoryInput,
  GradeHistoryOutput,
  RankingInput,
  RankingOutput,
  TeamInput,
  TeamOutput,
  WithdrawApplicationOutput,
} from '@shared/contracts/distributor';
import type { Result } from '@shared/result';
import { callRoute } from './call';

export const distributor = {
  apply(input: ApplyInput): Promise<Result<ApplyOutput>> {
    return callRoute<ApplyInput, ApplyOutput>('distributor', 'apply', input);
  },
  withdrawApplication(): Promise<Result<WithdrawApplicationOutput>> {
    return callRoute<object, WithdrawApplicationOutput>('distributor', 'withdrawApplication', {});
  },
  exit(): Promise<Result<ExitOutput>> {
    return callRoute<object, ExitOutput>('distributor', 'exit', {});
  },
  center(): Promise<Result<CenterOutput>> {
    return callRoute<object, CenterOutput>('distributor', 'center', {});
  },
  team(input: TeamInput): Promise<Result<TeamOutput>> {
    return callRoute<TeamInput, TeamOutput>('distributor', 'team', input);
  },
  ranking(input: RankingInput): Promise<Result<RankingOutput>> {
    return callRoute<RankingInput, RankingOutput>('distributor', 'ranking', input);
  },
  gradeHistory(input: GradeHistoryInput): Promise<Result<GradeHistoryOutput>> {
    return callRoute<GradeHistoryInput, GradeHistoryOutput>('distributor', 'gradeHistory', input);
  },
};
