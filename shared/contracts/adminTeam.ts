/**
 * The merchant's side of exit (docs/team.md section 4) in the `admin` function: removing a
 * distributor (移除分销员) with a reason, and continuing the hand-over of a big team. The detail's
 * exit view is here too; shared/contracts/admin.ts spreads the table and the errors.
 */
import { z } from 'zod';

const UserId = z.string().trim().min(1).max(128);
const Fen = z.number().int();

const HandoverView = z.object({
  /** `pending`: direct members are still bound to the leaver; `done`: all handed over. */
  status: z.enum(['pending', 'done']),
  /** Direct members handed over so far, people. */
  movedMembers: z.number().int(),
  doneAt: z.string().nullable(),
});

export const RemoveDistributorInput = z.strictObject({
  userId: UserId,
  /** Why the merchant removes them: required, kept on the exit record (the audit) and shown to the user. */
  reason: z.string().trim().min(1, 'a removal needs a reason').max(200),
});
export const RemoveDistributorOutput = z.object({
  /** `unchanged`: the user had exited already (a replay); nothing was written but the hand-over's next page. */
  status: z.enum(['removed', 'unchanged']),
  userId: z.string(),
  /** The exit record (`exit:<userId>:<n>`); null for an exit from before exit records existed. */
  exitId: z.string().nullable(),
  forfeitedFen: Fen,
  handover: HandoverView.nullable(),
});

export const ContinueHandoverInput = z.strictObject({ userId: UserId });
export const ContinueHandoverOutput = z.object({
  exitId: z.string(),
  /** Members this call handed over. */
  moved: z.number().int(),
  handover: HandoverView,
});

/** The latest exit of a distributor, as the detail shows it. */
export const DistributorExitView = z.object({
  exitId: z.string(),
  exitedAt: z.string(),
  by: z.enum(['self', 'merchant']),
  /** The merchant's reason for a removal; null for the distributor's own exit. */
  reason: z.string().nullable(),
  /** The admin who removed them; null for the distributor's own exit. */
  adminId: z.string().nullable(),
  fromStatus: z.string(),
  frozenOnExit: z.enum(['keep', 'forfeit']),
  forfeitedFen: Fen,
  forfeitedCommissions: z.number().int(),
  /** Who took the team over; null when the leaver had no upline (the members became unbound). */
  upline: z.object({ userId: z.string(), nickname: z.string() }).nullable(),
  handover: HandoverView,
});

export const ADMIN_TEAM_CONTRACTS = {
  removeDistributor: { input: RemoveDistributorInput, output: RemoveDistributorOutput },
  continueHandover: { input: ContinueHandoverInput, output: ContinueHandoverOutput },
} as const;

export const ADMIN_TEAM_ERRORS = [
  /** setDistributorStatus (appoint): the user exited and the rules' exit.rejoin does not let them back (yet). */
  'REJOIN_NOT_ALLOWED',
  /** continueHandover: the user has no exit record. */
  'NO_EXIT',
] as const;
