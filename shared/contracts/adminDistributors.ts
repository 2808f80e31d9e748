/**
 * The merchant's distributor management (分销员管理) in the `admin` function: the list, one
 * distributor's detail, the status moves (appoint, disable, enable) and the grade set by hand
 * (docs/rules.md sections 2 and 3). The route table in shared/contracts/admin.ts names these
 * contracts; this file imports nothing from it, so the two never load each other.
 */
import { z } from 'zod';
import { SHARE_CODE_PATTERN } from '../shareCode';
import { DistributorExitView } from './adminTeam';
import { WITHDRAWAL_CHANNELS, WITHDRAWAL_STATUSES } from './withdraw';

const strict = z.strictObject;
const IsoTime = z.string();
/** An OPENID: 28 characters in practice; any plausible identifier, never an empty one. */
const UserId = z.string().trim().min(1).max(128);
const GradeId = z.string().trim().min(1).max(32);
const ShareCode = z
  .string()
  .trim()
  .transform((code) => code.toUpperCase())
  .refine((code) => SHARE_CODE_PATTERN.test(code), 'not a share code');
const Fen = z.number().int();

export const DISTRIBUTOR_STATUSES = ['none', 'pending', 'approved', 'rejected', 'disabled', 'exited'] as const;
export const DistributorStatusSchema = z.enum(DISTRIBUTOR_STATUSES);

export const SetDistributorStatusInput = strict({
  /** The user, by OPENID... */
  userId: UserId.optional(),
  /** ...or by the share code shown on their profile page (how a merchant appoints). Exactly one of the two. */
  shareCode: ShareCode.optional(),
  /**
   * `appoint`: none | rejected | exited → approved (the `designated` way in, usable in any mode);
   * `disable`: approved → disabled (and none → disabled under `everyone`, where none earns);
   * `enable`: disabled → approved.
   */
  action: z.enum(['appoint', 'disable', 'enable']),
}).refine(
  (input) => (input.userId === undefined) !== (input.shareCode === undefined),
  'give exactly one of userId and shareCode',
);
export const SetDistributorStatusOutput = z.object({
  /** `unchanged`: the user already had the target status (a replay). */
  status: z.enum(['changed', 'unchanged']),
  userId: z.string(),
  from: DistributorStatusSchema,
  to: DistributorStatusSchema,
});

export const SetGradeInput = strict({
  userId: UserId,
  gradeId: GradeId,
  /** Why the merchant sets this grade; required, kept in the grade history (`gradeChanges.note`). */
  reason: z.string().trim().min(1, 'a grade set by hand needs a reason').max(200),
});
export const SetGradeOutput = z.object({
  /** `unchanged`: the grade was already set by an admin to this one (a replay). */
  status: z.enum(['changed', 'unchanged']),
  userId: z.string(),
  /** The grade the user had (a null stored grade resolved to the rules' default). */
  fromGradeId: z.string(),
  toGradeId: z.string(),
});

export const BalancesView = z.object({
  frozenFen: Fen,
  availableFen: Fen,
  withdrawingFen: Fen,
  withdrawnFen: Fen,
});

export const DistributorView = z.object({
  userId: z.string(),
  nickname: z.string(),
  avatarUrl: z.string(),
  shareCode: z.string(),
  status: DistributorStatusSchema,
  /** The stored grade; null means the rules' default grade. */
  gradeId: z.string().nullable(),
  /** The name of the grade held under the current rules (the default grade's for null or a deleted grade). */
  gradeName: z.string(),
  gradeSetByAdmin: z.boolean(),
  since: IsoTime.nullable(),
  referrerId: z.string().nullable(),
  createdAt: IsoTime.nullable(),
  stats: z.object({
    paidSpendFen: Fen,
    teamPaidSalesFen: Fen,
    releasedCommissionFen: Fen,
  }),
  /** Team sizes, in people: direct members (level 1) and the whole team (levels 1-3). */
  team: z.object({ directMembers: z.number().int(), totalMembers: z.number().int() }),
  /** The account's balances (all 0 before the first commission). */
  balances: BalancesView,
});
export type DistributorView = z.infer<typeof DistributorView>;

export const ListDistributorsInput = strict({
  /** Only users with this distributor status; every user when omitted. Newest first. */
  status: DistributorStatusSchema.optional(),
  /** Only holders of this grade (the default grade includes users without a stored grade). */
  gradeId: GradeId.optional(),
  /** Part of a nickname (case-insensitive), a whole share code (any case) or a whole OPENID. */
  search: z.string().trim().min(1).max(32).optional(),
  limit: z.number().int().min(1).max(50).default(20),
  offset: z.number().int().min(0).max(10_000).default(0),
});
export const ListDistributorsOutput = z.object({
  items: z.array(DistributorView),
  nextOffset: z.number().int().nullable(),
});

export const DistributorDetailInput = strict({ userId: UserId });

const TeamMemberView = z.object({
  userId: z.string(),
  nickname: z.string(),
  avatarUrl: z.string(),
  status: DistributorStatusSchema,
  joinedAt: IsoTime.nullable(),
  paidSpendFen: Fen,
});

const CommissionRowView = z.object({
  id: z.string(),
  orderId: z.string(),
  level: z.number().int(),
  amountFen: Fen,
  /** What refunds took back, before (reversed) or after (clawed back) release. */
  reversedFen: Fen,
  clawedBackFen: Fen,
  status: z.enum(['frozen', 'releasing', 'released', 'reversed']),
  releaseAt: IsoTime.nullable(),
  createdAt: IsoTime,
});

const WithdrawalRowView = z.object({
  id: z.string(),
  amountFen: Fen,
  channel: z.enum(WITHDRAWAL_CHANNELS),
  status: z.enum(WITHDRAWAL_STATUSES),
  createdAt: IsoTime,
});

const GradeChangeView = z.object({
  fromGradeId: z.string(),
  fromGradeName: z.string(),
  toGradeId: z.string(),
  toGradeName: z.string(),
  /** `auto`: reached an upgrade condition (the nightly sweep); `admin`: set by hand. */
  reason: z.enum(['auto', 'admin']),
  /** OPENID of the admin who set it by hand, or null. */
  by: z.string().nullable(),
  /** The admin's stated reason, or null (automatic changes, and changes made before reasons were kept). */
  note: z.string().nullable(),
  at: IsoTime,
});

/** How many of the newest rows the detail shows of each list. */
export const DETAIL_ROWS = 20;

export const DistributorDetailOutput = z.object({
  distributor: DistributorView,
  /** The referrer (上级), or null when the user is bound to nobody. */
  referrer: z.object({ userId: z.string(), nickname: z.string(), shareCode: z.string() }).nullable(),
  team: z.object({
    directMembers: z.number().int(),
    level2Members: z.number().int(),
    level3Members: z.number().int(),
    /** The newest direct members (at most DETAIL_ROWS). */
    members: z.array(TeamMemberView),
  }),
  /** The newest commissions earned (at most DETAIL_ROWS). */
  commissions: z.array(CommissionRowView),
  /** The newest withdrawals (at most DETAIL_ROWS). */
  withdrawals: z.array(WithdrawalRowView),
  /** The newest grade changes (at most DETAIL_ROWS), automatic and by hand. */
  gradeHistory: z.array(GradeChangeView),
  /** The grades of the current rules, lowest rank first: what a grade may be set to. */
  grades: z.array(z.object({ id: z.string(), name: z.string() })),
  /** The rules' recruitment mode: under `everyone` a user at `none` earns, and may be disabled. */
  recruitment: z.enum(['everyone', 'apply', 'designated']),
  /** The latest exit or removal (docs/team.md section 4); null when they never left (or left before exit records). */
  exit: DistributorExitView.nullable().optional(),
});
export type DistributorDetail = z.infer<typeof DistributorDetailOutput>;
