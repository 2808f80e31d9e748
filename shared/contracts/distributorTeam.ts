/**
 * distributor: the team lists of all three levels (我的团队, docs/team.md section 2) and what the
 * distributor center shows about exit (docs/team.md section 4). The route table in
 * distributor.ts names these contracts.
 */
import { z } from 'zod';
import { PageSize } from './distributorLedger';

const Fen = z.number().int();
const Count = z.number().int().min(0);

/** Members per level: 1 = bound to the caller (`ancestors.0`), 2 = `ancestors.1`, 3 = `ancestors.2`. */
export const TeamLevel = z.union([z.literal(1), z.literal(2), z.literal(3)]);

export const TeamMembersInput = z.strictObject({
  level: TeamLevel.default(1),
  /** Part of a nickname (any case), or the last characters of a member's id (the 编号 the list shows). */
  search: z.string().trim().min(1).max(32).optional(),
  /** `nextCursor` of the previous page; absent for the first page. */
  cursor: z.string().min(1).max(200).optional(),
  pageSize: PageSize,
});
export type TeamMembersInput = z.input<typeof TeamMembersInput>;

export const TeamMemberRow = z.object({
  nickname: z.string(),
  avatarUrl: z.string(),
  /** The last 6 characters of the member's id, shown as their number (编号) and searchable; never the whole id. */
  idTail: z.string(),
  /** When the member was bound into the chain (boundAt), ISO time. */
  joinedAt: z.iso.datetime().nullable(),
  /** The member's paid orders (payment confirmed), refunded ones included. */
  orders: Count,
  /** What the member paid for goods, net of refunds, fen (their `stats.paidSpendFen`). */
  salesFen: Fen,
  /** Level 2 and 3: the nickname of the member's referrer, so the caller sees through whom they came. */
  viaNickname: z.string().nullable(),
});
export type TeamMemberRow = z.infer<typeof TeamMemberRow>;

export const TeamMembersOutput = z.object({
  level: TeamLevel,
  counts: z.object({ level1: Count, level2: Count, level3: Count }),
  /** Newest binding first. */
  members: z.array(TeamMemberRow),
  /** Pass it as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
  /** Paid sales of the whole team (levels 1-3), net of refunds, fen. */
  teamPaidSalesFen: Fen,
});
export type TeamMembersOutput = z.infer<typeof TeamMembersOutput>;

/** What the center shows about leaving (退出推广): the rules before, the facts after. */
export const CenterExitView = z.object({
  /** The rules' exit.frozenOnExit: `keep` (frozen keeps releasing) or `forfeit`. */
  frozenOnExit: z.enum(['keep', 'forfeit']),
  /** The rules' exit.rejoin. */
  rejoin: z.enum(['allowed', 'afterDays', 'never']),
  rejoinDays: z.number().int().nullable(),
  /** The latest exit, once the caller exited or was removed; null before (or for an exit before records existed). */
  record: z
    .object({
      exitedAt: z.iso.datetime(),
      by: z.enum(['self', 'merchant']),
      /** The merchant's reason for a removal; null for the caller's own exit. */
      reason: z.string().nullable(),
      frozenOnExit: z.enum(['keep', 'forfeit']),
      forfeitedFen: Fen,
      handoverStatus: z.enum(['pending', 'done']),
      /** When the caller may become a distributor again; null when at once, or never (see rejoin). */
      rejoinFrom: z.iso.datetime().nullable(),
    })
    .nullable(),
});
export type CenterExitView = z.infer<typeof CenterExitView>;
