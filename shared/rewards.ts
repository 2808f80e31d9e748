/**
 * Rewards (docs/ledger.md, "Rewards"): money paid into a distributor's commission account that is
 * not the commission of an order line: the monthly team bonus (团队奖励) and the invite reward
 * (拉新奖励). A reward is one document with a deterministic id (its cause), credited to the frozen
 * balance with a `reward` entry when it is granted, moved to available by a `rewardRelease` entry
 * once its release date has come, and taken back whole: from frozen by `rewardVoid` before its
 * release, from available by `rewardClawback` after it. Pure: no I/O, no clock.
 */

export type RewardKind = 'teamBonus' | 'inviteReward';

/**
 * frozen: granted, waiting for releaseAt (amountFen sits in the frozen balance);
 * released: moved to the available balance (clawedBackFen says whether it was taken back since);
 * voided: taken back before release (nothing of it is in any balance).
 */
export type RewardStatus = 'frozen' | 'released' | 'voided';

/** One line of a reward's explanation: what it is computed from, in the order it is shown. */
export interface RewardExplanationLine {
  /**
   * order: an order counted (its net goods in amountFen); total: the sum the reward is computed
   * from; tier: the tier reached; cap: the cap that cut the amount; amount: the reward itself;
   * note: any other remark.
   */
  kind: 'order' | 'total' | 'tier' | 'cap' | 'amount' | 'note';
  /** The line as the distributor reads it (Simplified Chinese). */
  text: string;
  /** The fen the line is about, when it is about an amount. */
  amountFen?: number;
  /** The order the line is about (kind order). */
  orderId?: string;
}

export interface RewardEvent {
  event: 'granted' | 'released' | 'voided' | 'clawedBack';
  at: Date;
  /** Fen moved by the event. */
  amountFen: number;
  /** Why it was voided or clawed back (e.g. the refund of the reward's order). */
  reason?: string;
}

export interface RewardDocument {
  /** Deterministic from the cause: `tb:<userId>:<yyyymm>` (teamBonusRewardId), `ir:<inviteeId>` (inviteRewardId). */
  _id: string;
  kind: RewardKind;
  /** The OPENID whose account the reward is paid into. */
  beneficiaryId: string;
  /** What the reward is worth, fen (> 0). */
  amountFen: number;
  status: RewardStatus;
  /**
   * When it may be released; null while it waits for its order's return window to be known (a
   * reward tied to an order that has not completed yet).
   */
  releaseAt: Date | null;
  /** The order the reward is tied to (the invitee's first order), or null (the team bonus). */
  orderId: string | null;
  /** The China month the reward is for, `yyyymm` (the team bonus), or null. */
  period: string | null;
  /** Taken back from the available balance after release, fen: 0, or amountFen once clawed back. */
  clawedBackFen: number;
  /**
   * The risk case holding it (`risk:<orderId>`, docs/rules.md section 9): set when the reward's
   * order had an open case at the grant; a release skips it until the merchant approves the case
   * (cleared) or voids it (the reward is voided). Absent or null: not held.
   */
  riskHold?: string | null;
  explanation: RewardExplanationLine[];
  /** Its life so far, oldest first. */
  history: RewardEvent[];
  releasedAt: Date | null;
  voidedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a caller asks to grant; the rest of the document follows from it. */
export interface RewardGrant {
  _id: string;
  kind: RewardKind;
  beneficiaryId: string;
  amountFen: number;
  releaseAt: Date | null;
  orderId: string | null;
  period: string | null;
  explanation: RewardExplanationLine[];
}

export function teamBonusRewardId(userId: string, period: string): string {
  return `tb:${userId}:${period}`;
}

export function inviteRewardId(inviteeId: string): string {
  return `ir:${inviteeId}`;
}

/** The ledger entry ids of a reward's four moves: one each at most, whatever retries. */
export const rewardEntryIds = (rewardId: string) => ({
  grant: `reward:${rewardId}`,
  release: `rewardRelease:${rewardId}`,
  void: `rewardVoid:${rewardId}`,
  clawback: `rewardClawback:${rewardId}`,
});

/** The reward document a grant creates: frozen, with its first history event. */
export function newReward(grant: RewardGrant, now: Date): RewardDocument {
  if (!Number.isSafeInteger(grant.amountFen) || grant.amountFen <= 0)
    throw new Error(`reward ${grant._id}: amount ${grant.amountFen} is not a positive whole number of fen`);
  return {
    ...grant,
    status: 'frozen',
    clawedBackFen: 0,
    riskHold: null,
    history: [{ event: 'granted', at: now, amountFen: grant.amountFen }],
    releasedAt: null,
    voidedAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** What of the reward still sits in the frozen balance. */
export function rewardFrozenFen(reward: Pick<RewardDocument, 'status' | 'amountFen'>): number {
  return reward.status === 'frozen' ? reward.amountFen : 0;
}

/** What of the reward sits in the available balance (before withdrawals): released less clawed back. */
export function rewardAvailableFen(reward: Pick<RewardDocument, 'status' | 'amountFen' | 'clawedBackFen'>): number {
  return reward.status === 'released' ? reward.amountFen - reward.clawedBackFen : 0;
}
