/**
 * distributor › inviteRewards: the caller's invite rewards (拉新奖励, docs/team.md section 3): the
 * shop's rule as it stands and the rewards earned, newest first, each with the invitee, its state
 * and its explanation. Registered in DISTRIBUTOR_CONTRACTS (shared/contracts/distributor.ts).
 */
import { z } from 'zod';
import { Page, PageSize } from './distributorLedger';

const Fen = z.number().int();
const IsoTime = z.iso.datetime();

export const InviteRewardsInput = z.strictObject({ page: Page, pageSize: PageSize });
export type InviteRewardsInput = z.input<typeof InviteRewardsInput>;

export const InviteRewardView = z.object({
  /** `ir:<inviteeId>`. */
  id: z.string(),
  /** The invitee's nickname as stored (empty when the account is gone). */
  inviteeName: z.string(),
  /** The invitee's first order, the one the reward follows. */
  orderId: z.string().nullable(),
  amountFen: Fen,
  status: z.enum(['frozen', 'released', 'voided']),
  /** 冻结中 / 待审核 / 已发放 / 已扣回 / 已收回. */
  statusLabel: z.string(),
  /** Frozen on a risk hold of its order: released only once the merchant approves (风险审核). */
  underReview: z.boolean(),
  /** When it is (or was) released; null until the first order has completed. */
  releaseAt: IsoTime.nullable(),
  explanation: z.array(z.string()),
  createdAt: IsoTime,
});
export type InviteRewardView = z.infer<typeof InviteRewardView>;

export const InviteRewardsOutput = z.object({
  /** The rule now: whether it is on, the reward per invitee, the daily cap, the first order's minimum. */
  rule: z.object({ enabled: z.boolean(), amountFen: Fen, dailyCap: z.number().int(), minOrderFen: Fen }),
  rewards: z.array(InviteRewardView),
  page: z.number().int(),
  pageSize: z.number().int(),
  hasMore: z.boolean(),
});
export type InviteRewardsOutput = z.infer<typeof InviteRewardsOutput>;
