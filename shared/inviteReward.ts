/**
 * The invite reward (拉新奖励, docs/team.md section 3): a fixed amount for the distributor who
 * brought a shopper in, earned when that shopper's first paid order settles, never on binding, so
 * that accounts created only to be bound earn nothing. Pure: the settlement step gathers the facts
 * and _lib/inviteReward.ts writes what this decides.
 */
import { z } from 'zod';

/** The `inviteReward` section of the rules document. */
export const InviteRewardRules = z
  .object({
    enabled: z.boolean(),
    /** What one invitee's first paid order earns the referrer, fen. */
    amountFen: z.number().int().min(1).max(1_000_000),
    /** Invite rewards one distributor may earn per China day (by the day the first order settled). */
    dailyCap: z.number().int().min(1).max(1_000),
    /** The first order's paid goods (net of refunds at settlement) must reach this, fen; 0 accepts any. */
    minOrderFen: z.number().int().min(0).max(100_000_000),
  })
  .strict();
export type InviteRewardRules = z.infer<typeof InviteRewardRules>;

/** Off until the merchant turns it on; the figures are the form's starting values. */
export const DEFAULT_INVITE_REWARD_RULES: InviteRewardRules = {
  enabled: false,
  amountFen: 500,
  dailyCap: 20,
  minOrderFen: 0,
};

/** The invite reward section of `rules`; absent (rules saved before it existed) reads as off. */
export function inviteRewardRulesOf(rules: { inviteReward?: InviteRewardRules | undefined }): InviteRewardRules {
  return rules.inviteReward ?? DEFAULT_INVITE_REWARD_RULES;
}

/** Why an order earns no invite reward (recorded on nothing: it is simply not granted). */
export type InviteSkipReason =
  | 'disabled'
  /** Nobody but the buyer stands in the order's chain. */
  | 'noReferrer'
  /** The buyer had paid an order before this one. */
  | 'notFirstOrder'
  /** The order's net paid goods are below `minOrderFen`, or nothing is left after refunds. */
  | 'belowMinimum'
  /** The referrer cannot earn now (not a distributor, disabled, exited). */
  | 'referrerCannotEarn';

export interface InviteFacts {
  rules: InviteRewardRules;
  buyerId: string;
  /** The order's beneficiary chain as snapshotted at placement (levels 1..n). */
  chain: readonly string[];
  /** True when no other order of the buyer was paid before this one. */
  firstPaidOrder: boolean;
  /** The order's paid goods net of refunds so far, fen. */
  netGoodsFen: number;
  /** Whether the referrer may earn now (shared/users.ts isDistributor). */
  referrerCanEarn: (referrerId: string) => boolean;
}

export type InviteDecision =
  { grant: true; referrerId: string; amountFen: number } | { grant: false; reason: InviteSkipReason };

/**
 * The referrer is the first member of the chain other than the buyer: with self-purchase the buyer
 * stands on level 1 of their own order, and the person who invited them is the next one.
 */
export function inviteReferrerOf(buyerId: string, chain: readonly string[]): string | null {
  return chain.find((memberId) => memberId !== buyerId) ?? null;
}

/** Whether this order earns an invite reward, and for whom. The daily cap is decided by the write. */
export function decideInviteReward(facts: InviteFacts): InviteDecision {
  const { rules } = facts;
  if (!rules.enabled) return { grant: false, reason: 'disabled' };
  const referrerId = inviteReferrerOf(facts.buyerId, facts.chain);
  if (referrerId === null) return { grant: false, reason: 'noReferrer' };
  if (!facts.firstPaidOrder) return { grant: false, reason: 'notFirstOrder' };
  if (facts.netGoodsFen <= 0 || facts.netGoodsFen < rules.minOrderFen) return { grant: false, reason: 'belowMinimum' };
  if (!facts.referrerCanEarn(referrerId)) return { grant: false, reason: 'referrerCannotEarn' };
  return { grant: true, referrerId, amountFen: rules.amountFen };
}

/** The counter of one distributor's invite rewards on one China day (`yyyy-mm-dd`). */
export function inviteDayCounterId(referrerId: string, chinaDay: string): string {
  return `inviteDay:${referrerId}:${chinaDay}`;
}

/**
 * The slots of one distributor's daily cap (collection `inviteRewardDays`, `_id` from
 * inviteDayCounterId). The day is the China day the invitee's first order was paid, fixed by the
 * order, so a decision replayed on a later day takes the same day's slot.
 */
export interface InviteRewardDayDocument {
  _id: string;
  /** The distributor (OPENID) the slots belong to. */
  referrerId: string;
  /** `yyyy-mm-dd`, China time. */
  day: string;
  /** The invitees (OPENIDs) whose rewards took a slot, at most the cap in force when each was added. */
  inviteeIds: string[];
  updatedAt: Date;
}

/** Whether `inviteeId` holds a slot of the day, or can take one under `dailyCap`. */
export function slotFor(
  day: Pick<InviteRewardDayDocument, 'inviteeIds'> | null,
  inviteeId: string,
  dailyCap: number,
): 'held' | 'free' | 'full' {
  const taken = day?.inviteeIds ?? [];
  if (taken.includes(inviteeId)) return 'held';
  return taken.length < dailyCap ? 'free' : 'full';
}
