/**
 * Exit (退出推广, docs/team.md section 4): what happens to a distributor who leaves or whom the
 * merchant removes. The rules section `exit` says what becomes of the frozen commission and when
 * a leaver may come back; the exit record (collection `distributorExits`) keeps the facts of one
 * exit and the progress of its hand-over, so a crashed hand-over resumes where it stopped.
 */
import { z } from 'zod';

/**
 * `keep`: frozen commission keeps releasing at the end of each return window, as for any
 * distributor; `forfeit`: it is forfeited at the exit (one `forfeit` ledger entry, frozen −).
 */
export const FROZEN_ON_EXIT = ['keep', 'forfeit'] as const;
export type FrozenOnExit = (typeof FROZEN_ON_EXIT)[number];

/** When a leaver may become a distributor again (apply or appointment). */
export const Rejoin = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('allowed') }).strict(),
  z.object({ kind: z.literal('afterDays'), days: z.number().int().min(1).max(3650) }).strict(),
  z.object({ kind: z.literal('never') }).strict(),
]);
export type Rejoin = z.infer<typeof Rejoin>;

export const ExitRules = z
  .object({
    frozenOnExit: z.enum(FROZEN_ON_EXIT),
    rejoin: Rejoin,
  })
  .strict();
export type ExitRules = z.infer<typeof ExitRules>;

/** Today's behaviour: frozen commission keeps releasing and a leaver may come back at once. */
export const DEFAULT_EXIT_RULES: ExitRules = { frozenOnExit: 'keep', rejoin: { kind: 'allowed' } };

/** The exit section of the rules; the defaults when the rules predate it. */
export function exitRulesOf(rules: { exit?: ExitRules | undefined }): ExitRules {
  return rules.exit ?? DEFAULT_EXIT_RULES;
}

const DAY_MS = 86_400_000;

/**
 * Whether a user who exited at `exitedAt` may become a distributor again at `now`; null when they
 * may, else the earliest time they may (`never`: null time with `never: true`).
 */
export function rejoinRefusal(
  rules: ExitRules,
  exitedAt: Date | null | undefined,
  now: Date,
): { never: boolean; notBefore: Date | null } | null {
  if (!exitedAt) return null;
  switch (rules.rejoin.kind) {
    case 'allowed':
      return null;
    case 'never':
      return { never: true, notBefore: null };
    case 'afterDays': {
      const notBefore = new Date(exitedAt.getTime() + rules.rejoin.days * DAY_MS);
      return now.getTime() >= notBefore.getTime() ? null : { never: false, notBefore };
    }
  }
}

/** Who ended the distributorship: the distributor (退出推广) or the merchant (移除分销员). */
export type ExitBy = 'self' | 'merchant';

/**
 * `pending`: direct members are still bound to the leaver (the hand-over moves them page by page);
 * `done`: every direct member was handed to the upline (or unbound when there was none).
 */
export type HandoverStatus = 'pending' | 'done';

export interface DistributorExitDocument {
  /** `exit:<userId>:<n>` (exitId), n = the user's number of exits so far, from 1. */
  _id: string;
  /** The leaver's OPENID. */
  userId: string;
  by: ExitBy;
  /** The admin's OPENID for a removal; null when the distributor left on their own. */
  adminId: string | null;
  /** The merchant's reason for a removal; null for a distributor's own exit. */
  reason: string | null;
  /** The distributor status the exit started from. */
  fromStatus: string;
  exitedAt: Date;
  /** The rules' `exit.frozenOnExit` at the exit. */
  frozenOnExit: FrozenOnExit;
  /** Fen taken from the frozen balance by the exit (0 under `keep`). */
  forfeitedFen: number;
  /** How many commissions were forfeited (status `reversed`, `forfeitedBy` this exit). */
  forfeitedCommissions: number;
  /** The leaver's referrer at the exit, who takes over the direct members; null: they become unbound. */
  uplineId: string | null;
  /** The chain the direct members get: [uplineId, ...the upline's ancestors], at most 3; [] without an upline. */
  memberChain: string[];
  handover: {
    status: HandoverStatus;
    /** Direct members handed over so far, people. */
    movedMembers: number;
    /** When the last member was handed over; null while pending. */
    doneAt: Date | null;
    updatedAt: Date;
  };
}

export function exitId(userId: string, n: number): string {
  return `exit:${userId}:${n}`;
}

/** The id of the ledger entry that forfeits an exit's frozen commission: one per account and exit. */
export function forfeitEntryId(exitDocId: string): string {
  return `forfeit:${exitDocId}`;
}
