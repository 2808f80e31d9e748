/**
 * distributor: the user side of being a distributor (routes in `event.$url`):
 * applying, withdrawing, exiting, the distributor center, team, ranking and grade history; the
 * ledger views' contracts (commissions, withdrawals, promotion orders) are in distributorLedger.ts.
 * Identity comes from getWXContext(); no route takes a user id. See docs/api.md (distributor).
 *
 * The application document is defined here because the admin function reviews the very same
 * documents (approve/reject) and must keep to the same shape.
 */
import { z } from 'zod';
import type { GradeMetric as GradeMetricName } from '../grades';
import {
  CommissionInput,
  CommissionOutput,
  CommissionsInput,
  CommissionsOutput,
  Page,
  PageSize,
  PromotionOrdersInput,
  PromotionOrdersOutput,
  WithdrawalsInput,
  WithdrawalsOutput,
} from './distributorLedger';
import { MaterialsInput, MaterialsOutput } from './materials';
import { CenterExitView, TeamMembersInput, TeamMembersOutput } from './distributorTeam';
import { DistributorStatus } from './profile';
import { DISTRIBUTOR_ANALYTICS_CONTRACTS } from './distributorAnalytics';
import { InviteRewardsInput, InviteRewardsOutput } from './inviteRewards';
import { TeamBonusInput, TeamBonusOutput } from './teamBonus';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const codePoints = (text: string): number => Array.from(text).length;

/** A mainland China mobile number: 11 digits starting 13-19, after removing spaces, dashes and a +86 prefix. */
export const MainlandMobile = z
  .string()
  .transform((raw) => raw.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, ''))
  .refine((phone) => /^1[3-9]\d{9}$/.test(phone), 'phone must be a mainland China mobile number');

/** The application form (申请表). Stored as given after normalisation, shown to the admin who reviews it. */
export interface ApplicationForm {
  /** The applicant's real name, 1-30 characters. */
  realName: string;
  /** Mainland mobile number, normalised to 11 digits. */
  phone: string;
  /** Why they want to promote the shop, at most 200 characters; absent when not given. */
  reason?: string;
}

export const ApplicationForm = z
  .strictObject({
    realName: z
      .string()
      .trim()
      .refine((name) => codePoints(name) >= 1 && codePoints(name) <= 30, 'realName must be 1-30 characters')
      .refine((name) => !CONTROL_CHARACTERS.test(name), 'realName must not contain control characters'),
    phone: MainlandMobile,
    reason: z
      .string()
      .trim()
      .refine((text) => codePoints(text) <= 200, 'reason must be at most 200 characters')
      .optional(),
  })
  // An empty reason is no reason: leave the field out rather than store ''.
  .transform(({ reason, ...rest }): ApplicationForm => (reason ? { ...rest, reason } : rest));

/** `pending` until an admin approves or rejects it, or the applicant retracts it. */
export const ApplicationStatus = z.enum(['pending', 'approved', 'rejected', 'retracted']);
export type ApplicationStatus = z.infer<typeof ApplicationStatus>;

/** A stored application (collection `distributorApplications`). */
export interface DistributorApplicationDocument {
  /** `app-<openid>-<n>`, n = 1 + the number of the user's earlier applications (applicationId()). */
  _id: string;
  /** The applicant's OPENID. */
  userId: string;
  status: ApplicationStatus;
  form: ApplicationForm;
  createdAt: Date;
  /** When it was approved or rejected by an admin, or retracted by the applicant; null while pending. */
  reviewedAt: Date | null;
  /** The reviewing admin's OPENID; for a withdrawal, the applicant's own OPENID; null while pending. */
  reviewedBy: string | null;
  /** Why it was rejected (shown to the applicant); null otherwise. */
  reviewReason: string | null;
}

/** The deterministic id of a user's nth application (n from 1): a retried apply finds its document. */
export function applicationId(userId: string, n: number): string {
  return `app-${userId}-${n}`;
}

/** An application as the applicant sees it (the reviewer's OPENID is not shown). */
export const ApplicationView = z.object({
  id: z.string(),
  status: ApplicationStatus,
  form: ApplicationForm,
  createdAt: z.iso.datetime(),
  reviewedAt: z.iso.datetime().nullable(),
  reviewReason: z.string().nullable(),
});
export type ApplicationView = z.infer<typeof ApplicationView>;

const Fen = z.number().int();
const Count = z.number().int().min(0);

/* Route inputs are strict: an unknown field (a typo, or an attempt to pass an identity) is refused. */

// ---- apply -------------------------------------------------------------------------------
export const ApplyInput = z.strictObject({ form: ApplicationForm });
export type ApplyInput = z.input<typeof ApplyInput>;
export const ApplyOutput = z.object({ application: ApplicationView, distributorStatus: z.literal('pending') });
export type ApplyOutput = z.infer<typeof ApplyOutput>;

// ---- retractApplication -----------------------------------------------------------------
export const RetractApplicationInput = z.strictObject({});
export type RetractApplicationInput = z.input<typeof RetractApplicationInput>;
export const RetractApplicationOutput = z.object({
  application: ApplicationView,
  /** `none` after withdrawing; an unfinished application of a user who was not pending leaves their status as it was. */
  distributorStatus: DistributorStatus,
});
export type RetractApplicationOutput = z.infer<typeof RetractApplicationOutput>;

// ---- exit --------------------------------------------------------------------------------
export const ExitInput = z.strictObject({});
export type ExitInput = z.input<typeof ExitInput>;
export const ExitOutput = z.object({ distributorStatus: z.literal('exited') });
export type ExitOutput = z.infer<typeof ExitOutput>;

// ---- center ------------------------------------------------------------------------------
export const GradeMetric = z.enum(['directInvitees', 'ownPaidSpendFen', 'teamPaidSalesFen', 'releasedCommissionFen']);
/**
 * Fails to compile when the schema and shared/grades.ts drift apart. Exported only so that the
 * unused-locals check keeps it; nothing imports it.
 * @public
 */
export const GRADE_METRICS_MATCH: Same<z.infer<typeof GradeMetric>, GradeMetricName> = true;

export const GradeProgressView = z.object({
  directInvitees: z.number().int(),
  ownPaidSpendFen: z.number().int(),
  teamPaidSalesFen: z.number().int(),
  releasedCommissionFen: z.number().int(),
});

export const TeamCounts = z.object({
  /** Users whose referrer is the caller (`ancestors.0`). */
  directMembers: z.number().int(),
  /** Users two levels down (`ancestors.1`). */
  level2Members: z.number().int(),
  /** Users three levels down (`ancestors.2`). */
  level3Members: z.number().int(),
});
export type TeamCounts = z.infer<typeof TeamCounts>;

export const CenterInput = z.strictObject({});
export type CenterInput = z.input<typeof CenterInput>;
export const CenterOutput = z.object({
  status: DistributorStatus,
  /** Whether the caller may earn commission now, under the current rules. */
  isDistributor: z.boolean(),
  /** The recruitment mode, so the page knows whether to offer 申请 (apply only). */
  recruitment: z.enum(['everyone', 'apply', 'designated']),
  shareCode: z.string(),
  /** How many commission levels the shop pays (1-3): the length of `grade.ratesBp`. */
  levels: z.number().int(),
  grade: z.object({ id: z.string(), name: z.string(), rank: z.number().int(), ratesBp: z.array(z.number().int()) }),
  /** False when an admin set the grade by hand: automatic upgrades are off for the caller. */
  autoUpgrade: z.boolean(),
  /** Set when this very call upgraded the caller (refreshGrade). */
  upgraded: z.object({ fromGradeId: z.string(), toGradeId: z.string() }).nullable(),
  team: TeamCounts,
  progress: GradeProgressView,
  /** The next grade reachable automatically, with each condition (ANY one suffices); null when none. */
  nextGrade: z
    .object({
      id: z.string(),
      name: z.string(),
      conditions: z.array(
        z.object({
          metric: GradeMetric,
          target: z.number().int(),
          current: z.number().int(),
          met: z.boolean(),
          /** What is still missing, target - current (people or fen), 0 once met. */
          remaining: z.number().int(),
        }),
      ),
    })
    .nullable(),
  /** The caller's latest application, if any (pending, or how the last one ended). */
  application: ApplicationView.nullable(),
  /** The caller's account (shared/ledger.ts Balances), fen; zeros when they have no account yet. */
  balances: z.object({ frozenFen: Fen, availableFen: Fen, withdrawingFen: Fen, withdrawnFen: Fen }),
  /**
   * Earnings: commission amounts net of reversals and clawbacks (shared/earnings.ts), counted on
   * the China calendar day (UTC+8) the commission was created; `day` and `month` name today and
   * the current month.
   */
  earnings: z.object({ todayFen: Fen, monthFen: Fen, totalFen: Fen, day: z.string(), month: z.string() }),
  /** The 30-day chart: today and the 29 days before, oldest first, zero-filled. */
  earningsChart: z.array(z.object({ day: z.string(), earnedFen: Fen })),
  counts: z.object({
    /** Commissions by status; `held` (frozen with an open after-sale on its line) is not in `frozen`. */
    commissions: z.object({ frozen: Count, held: Count, releasing: Count, released: Count, reversed: Count }),
    /** Orders that earned the caller commission (the promotionOrders list). */
    promotionOrders: Count,
    /** The caller's withdrawals waiting for the merchant's review, and approved ones being paid out. */
    withdrawalsReviewing: Count,
    withdrawalsPaying: Count,
  }),
  /** What the withdraw page and the subscribe prompt need from the current rules. */
  rules: z.object({
    withdraw: z.object({
      minAmountFen: Fen,
      maxAmountFen: Fen,
      feeBp: z.number().int(),
      /** The fee of a withdrawal to the balance, basis points; present when the channel `balance` is offered. */
      balanceFeeBp: z.number().int().optional(),
      maxPerDay: z.number().int(),
      channels: z.array(z.enum(['wechatTransfer', 'manual', 'balance'])),
    }),
    /** Template ids for wx.requestSubscribeMessage; null when the merchant turned a message off. */
    notifications: z.object({ commission: z.string().nullable(), withdrawal: z.string().nullable() }),
  }),
  /** Exit (退出推广): what leaving does under the rules, and the latest exit (docs/team.md section 4). */
  exit: CenterExitView.optional(),
  /**
   * The team bonus this month (团队奖励, docs/team.md section 1): the team sales counted so far, the
   * tier reached (its text and what it would pay now, capped) and the next tier with what is still
   * missing; null (or absent) while the shop pays no team bonus or the caller is not a distributor.
   */
  teamBonus: z
    .object({
      teamSalesFen: Fen,
      reached: z.object({ text: z.string(), bonusFen: Fen }).nullable(),
      next: z.object({ text: z.string(), missingFen: Fen }).nullable(),
    })
    .nullable()
    .optional(),
});
export type CenterOutput = z.infer<typeof CenterOutput>;

// ---- team --------------------------------------------------------------------------------
export const TeamInput = z.strictObject({ page: Page, pageSize: PageSize });
export type TeamInput = z.input<typeof TeamInput>;
export const TeamMember = z.object({
  nickname: z.string(),
  avatarUrl: z.string(),
  /** When they were bound to the caller (boundAt), ISO time. */
  joinedAt: z.iso.datetime().nullable(),
  /** What they paid for orders, net of refunds, in fen. */
  paidSpendFen: z.number().int(),
});
export const TeamOutput = TeamCounts.extend({
  /** Direct members, newest first. */
  members: z.array(TeamMember),
  page: z.number().int(),
  pageSize: z.number().int(),
  hasMore: z.boolean(),
  /** Paid sales of the whole team (levels 1-3), net of refunds, in fen. */
  teamPaidSalesFen: z.number().int(),
});
export type TeamOutput = z.infer<typeof TeamOutput>;

// ---- ranking -----------------------------------------------------------------------------
/** A calendar month in China Standard Time (UTC+8), e.g. 2026-03. */
export const Month = z.string().regex(/^(20\d\d)-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM');

export const RankingInput = z.strictObject({
  /** `invitees`: users bound in the month; `sales`: paid orders attributed at level 1, net of refunds. */
  by: z.enum(['invitees', 'sales']).default('invitees'),
  /** Default: the current month (UTC+8). */
  month: Month.optional(),
});
export type RankingInput = z.input<typeof RankingInput>;
export const RankingEntry = z.object({
  /** Competition ranking: equal counts share a rank (1, 2, 2, 4). */
  rank: z.number().int(),
  nickname: z.string(),
  avatarUrl: z.string(),
  /** `invitees`: users bound to this distributor during the month; `sales`: their paid orders. */
  count: z.number().int(),
  /** `sales`: what those orders paid, net of refunds, in fen (what the ranking sorts by); `invitees`: 0. */
  salesFen: z.number().int(),
  /** True for the caller's own entry. */
  isMe: z.boolean(),
});
export const RankingOutput = z.object({
  by: z.enum(['invitees', 'sales']),
  month: Month,
  /** The top 50. */
  entries: z.array(RankingEntry),
  /** The caller's own figures, also outside the top 50; rank null when they invited nobody this month. */
  me: z.object({ rank: z.number().int().nullable(), count: z.number().int(), salesFen: z.number().int() }),
});
export type RankingOutput = z.infer<typeof RankingOutput>;

// ---- gradeHistory ------------------------------------------------------------------------
export const GradeHistoryInput = z.strictObject({ page: Page, pageSize: PageSize });
export type GradeHistoryInput = z.input<typeof GradeHistoryInput>;
export const GradeHistoryOutput = z.object({
  /** Newest first. Grade names come from the current rules (the id when a grade was removed). */
  changes: z.array(
    z.object({
      fromGradeId: z.string(),
      fromGradeName: z.string(),
      toGradeId: z.string(),
      toGradeName: z.string(),
      reason: z.enum(['auto', 'admin']),
      at: z.iso.datetime(),
    }),
  ),
  page: z.number().int(),
  pageSize: z.number().int(),
  hasMore: z.boolean(),
});
export type GradeHistoryOutput = z.infer<typeof GradeHistoryOutput>;

/** The distributor function's route table (cloudfunctions/distributor/index.ts serves it). */
export const DISTRIBUTOR_CONTRACTS = {
  apply: { input: ApplyInput, output: ApplyOutput },
  retractApplication: { input: RetractApplicationInput, output: RetractApplicationOutput },
  exit: { input: ExitInput, output: ExitOutput },
  center: { input: CenterInput, output: CenterOutput },
  team: { input: TeamInput, output: TeamOutput },
  teamMembers: { input: TeamMembersInput, output: TeamMembersOutput },
  ranking: { input: RankingInput, output: RankingOutput },
  gradeHistory: { input: GradeHistoryInput, output: GradeHistoryOutput },
  commissions: { input: CommissionsInput, output: CommissionsOutput },
  commission: { input: CommissionInput, output: CommissionOutput },
  withdrawals: { input: WithdrawalsInput, output: WithdrawalsOutput },
  promotionOrders: { input: PromotionOrdersInput, output: PromotionOrdersOutput },
  // The materials library (推广素材): shared/contracts/materials.ts, use case in cloudfunctions/distributor/materials.ts.
  materials: { input: MaterialsInput, output: MaterialsOutput },
  // 数据: earnings, team sales and share conversion (shared/contracts/distributorAnalytics.ts)
  ...DISTRIBUTOR_ANALYTICS_CONTRACTS,
  teamBonus: { input: TeamBonusInput, output: TeamBonusOutput },
  // 拉新奖励: the caller's invite rewards (shared/contracts/inviteRewards.ts, cloudfunctions/distributor/inviteRewards.ts).
  inviteRewards: { input: InviteRewardsInput, output: InviteRewardsOutput },
} as const;
export type DistributorRoute = keyof typeof DISTRIBUTOR_CONTRACTS;

/** The codes the distributor function answers with `ok: false` besides the common ones. */
export const DISTRIBUTOR_ERRORS = [
  /** apply: recruitment is `designated`, only the merchant appoints distributors. */
  'RECRUITMENT_CLOSED',
  /** apply: recruitment is `everyone`, every user is a distributor already. */
  'NOT_NEEDED',
  /** apply: an application is waiting for review (with a different form than this one). */
  'ALREADY_PENDING',
  /** apply: the caller is an approved distributor. */
  'ALREADY_DISTRIBUTOR',
  /** apply, exit: the merchant disabled the caller as a distributor. */
  'DISABLED',
  /** retractApplication: there is no pending application to retract. */
  'NO_PENDING_APPLICATION',
  /** exit: the caller is not a distributor (none under apply/designated, pending, rejected). */
  'NOT_DISTRIBUTOR',
  /** apply, retractApplication, exit: the state kept changing under the call; retrying is safe. */
  'CONFLICT',
  /** commission: no commission of the caller has this id (someone else's id answers the same); materials: no such product. */
  'NOT_FOUND',
  /** apply: the caller exited and the rules' exit.rejoin does not let them back (yet). */
  'REJOIN_NOT_ALLOWED',
] as const;
export type DistributorError = (typeof DISTRIBUTOR_ERRORS)[number];
