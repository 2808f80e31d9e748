/**
 * The admin's risk review routes (风险审核, docs/rules.md section 9): the cases, one case with its
 * signals and commissions, approve (the holds are cleared) and void (the held commissions are
 * taken back from the frozen balances). Registered in shared/contracts/admin.ts ADMIN_CONTRACTS;
 * use cases in cloudfunctions/admin/risk.ts and riskDecide.ts.
 */
import { z } from 'zod';
import { RISK_SIGNALS } from '../risk';

const strict = z.strictObject;
const Fen = z.number().int();
const IsoTime = z.string();
const CaseId = z.string().regex(/^risk:[A-Za-z0-9_-]{1,64}$/, 'not a risk case id');
const RiskCaseStatusSchema = z.enum(['open', 'approved', 'voided']);

export const RiskSignalView = z.object({
  kind: z.enum(RISK_SIGNALS),
  /** The signal's name as 风险审核 shows it. */
  label: z.string(),
  beneficiaryId: z.string().nullable(),
  /** The evidence in one line (phone tail, address hash, IP, counts, rates). */
  detail: z.string(),
});

export const RiskCaseSummary = z.object({
  caseId: z.string(),
  orderId: z.string(),
  orderNo: z.string().nullable(),
  buyerId: z.string(),
  status: RiskCaseStatusSchema,
  /** The signals' labels, in order. */
  labels: z.array(z.string()),
  heldFen: Fen,
  createdAt: IsoTime,
});
export type RiskCaseSummary = z.infer<typeof RiskCaseSummary>;

export const RiskCommissionView = z.object({
  commissionId: z.string(),
  beneficiaryId: z.string(),
  level: z.number().int(),
  amountFen: Fen,
  reversedFen: Fen,
  status: z.enum(['frozen', 'releasing', 'released', 'reversed']),
  /** The case still holds it. */
  held: z.boolean(),
});

/** A reward tied to the case's order (the invite reward of a first order) that the case held. */
export const RiskRewardView = z.object({
  rewardId: z.string(),
  kind: z.enum(['teamBonus', 'inviteReward']),
  beneficiaryId: z.string(),
  amountFen: Fen,
  status: z.enum(['frozen', 'released', 'voided']),
  /** The case still holds it. */
  held: z.boolean(),
});

export const RiskCaseView = RiskCaseSummary.extend({
  beneficiaryIds: z.array(z.string()),
  signals: z.array(RiskSignalView),
  commissions: z.array(RiskCommissionView),
  rewards: z.array(RiskRewardView),
  decidedBy: z.string().nullable(),
  decidedAt: IsoTime.nullable(),
  note: z.string(),
  voidedFen: Fen,
});
export type RiskCaseView = z.infer<typeof RiskCaseView>;

export const ListRiskCasesInput = strict({
  /** One status only; absent: every case, open ones first. */
  status: RiskCaseStatusSchema.optional(),
  limit: z.number().int().min(1).max(50).default(20),
  offset: z.number().int().min(0).max(10_000).default(0),
});
export const ListRiskCasesOutput = z.object({
  items: z.array(RiskCaseSummary),
  nextOffset: z.number().int().nullable(),
  /** Open cases in all (the dashboard's 待处理 count). */
  openCount: z.number().int(),
});

export const RiskCaseInput = strict({ caseId: CaseId });
export const RiskCaseOutput = RiskCaseView;

export const DecideRiskCaseInput = strict({
  caseId: CaseId,
  /** Why, kept on the case. */
  note: z.string().trim().max(200).default(''),
});
export const DecideRiskCaseOutput = z.object({
  /** `replayed`: the case was decided this way already; the recorded decision is answered. */
  status: z.enum(['decided', 'replayed']),
  case: RiskCaseView,
});

export const ADMIN_RISK_CONTRACTS = {
  listRiskCases: { input: ListRiskCasesInput, output: ListRiskCasesOutput },
  riskCase: { input: RiskCaseInput, output: RiskCaseOutput },
  approveRiskCase: { input: DecideRiskCaseInput, output: DecideRiskCaseOutput },
  voidRiskCase: { input: DecideRiskCaseInput, output: DecideRiskCaseOutput },
} as const;

export const ADMIN_RISK_ERRORS = [
  'RISK_CASE_NOT_FOUND',
  /** approveRiskCase / voidRiskCase: the case was decided the other way already. */
  'RISK_CASE_DECIDED',
] as const;
