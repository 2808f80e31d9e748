/**
 * The merchant-admin function `admin`: one cloud function routed by `$url`. Every
 * route has an input contract (parsed by the router: bad input is `INVALID_INPUT` and writes
 * nothing) and an output contract (what `data` holds on `ok: true`). Times in results are ISO
 * strings; money is integer fen and rates integer basis points, as everywhere.
 *
 * Every route except `claimAdmin` is for admins only: a caller whose OPENID is not in `admins`
 * gets `FORBIDDEN`, decided with one database read.
 */
import { z } from 'zod';
import { Grade, RulesInput } from '../rules';
import { SHARE_CODE_PATTERN } from '../shareCode';
import * as catalog from './catalog';
import * as categories from './categories';
import * as orders from './adminOrders';
import * as orderExport from './adminExport';
import * as afterSales from './afterSale';
import * as dashboard from './dashboard';
import * as withdrawals from './withdraw';
import * as reconciliation from './reconciliation';
import * as alerts from './alerts';
import * as ledgerChain from './ledgerChain';
import * as activities from './adminActivities';
import * as coupons from './adminCoupons';
import * as points from './points';
import * as balance from './adminBalance';
import * as materials from './adminMaterials';
import * as analytics from './adminAnalytics';
import * as team from './adminTeam';
import * as risk from './adminRisk';
import {
  DistributorDetailInput,
  DistributorDetailOutput,
  DistributorStatusSchema,
  ListDistributorsInput,
  ListDistributorsOutput,
  SetDistributorStatusInput,
  SetDistributorStatusOutput,
  SetGradeInput,
  SetGradeOutput,
} from './adminDistributors';

// The distributor contracts moved to adminDistributors.ts; the status schema and the list's view
// are still reachable from here for code that imported them from this file.
export { DistributorStatusSchema };
export type { DistributorView } from './adminDistributors';

/** OPENIDs are 28 characters in practice; accept any plausible identifier, never an empty one. */
export const OpenId = z.string().trim().min(1).max(128);
const IsoTime = z.string();
const Note = z.string().trim().max(50);
const ShareCode = z
  .string()
  .trim()
  .transform((code) => code.toUpperCase())
  .refine((code) => SHARE_CODE_PATTERN.test(code), 'not a share code');

/**
 * Inputs are strict: an unknown field (a typo such as `expectedVerison`) is INVALID_INPUT rather
 * than silently ignored. The platform's `userInfo` is dropped before parsing.
 */
const strict = z.strictObject;

/** Offset paging shared by the list routes: `nextOffset` is null on the last page. */
const Paging = {
  limit: z.number().int().min(1).max(50).default(20),
  offset: z.number().int().min(0).max(10_000).default(0),
};
function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextOffset: z.number().int().nullable() });
}

export const APPLICATION_STATUSES = ['pending', 'approved', 'rejected', 'retracted'] as const;
export const ApplicationStatusSchema = z.enum(APPLICATION_STATUSES);

// ---------------------------------------------------------------------------------------------
// Admin access
// ---------------------------------------------------------------------------------------------

/** A stored admin (collection `admins`). */
export interface AdminDocument {
  /** The admin's OPENID. */
  _id: string;
  /** OPENID of the admin who added this one, or `setup` for the admin claimed with the secret. */
  addedBy: string;
  addedAt: Date;
  /** Free text from whoever added the admin, at most 50 characters; may be empty. */
  note: string;
}

export const AdminView = z.object({
  openid: z.string(),
  /** OPENID of the admin who added this one, or `setup` for the admin claimed with the secret. */
  addedBy: z.string(),
  addedAt: IsoTime,
  note: z.string(),
  /** The admin's nickname when they have a user document, else null. */
  nickname: z.string().nullable(),
});
export type AdminView = z.infer<typeof AdminView>;

export const ClaimAdminInput = strict({
  /** The value of the function's ADMIN_SETUP_SECRET environment variable. */
  secret: z.string().min(1).max(256),
  note: Note.default(''),
});
export const ClaimAdminOutput = z.object({ admin: AdminView });

export const AddAdminInput = strict({
  /** The new admin's OPENID... */
  openid: OpenId.optional(),
  /** ...or the share code of their user (shown on their profile page). Exactly one of the two. */
  shareCode: ShareCode.optional(),
  note: Note.default(''),
}).refine(
  (input) => (input.openid === undefined) !== (input.shareCode === undefined),
  'give exactly one of openid and shareCode',
);
export const AddAdminOutput = z.object({
  /** `unchanged`: they were an admin already (a replay). */
  status: z.enum(['added', 'unchanged']),
  admin: AdminView,
});

export const RemoveAdminInput = strict({ openid: OpenId });
export const RemoveAdminOutput = z.object({
  /** `unchanged`: they were not an admin (a replay). */
  status: z.enum(['removed', 'unchanged']),
  openid: z.string(),
  /** How many admins remain. */
  remaining: z.number().int(),
});

export const ListAdminsInput = strict({});
export const ListAdminsOutput = z.object({ items: z.array(AdminView) });

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

/** A stored version of the rules: the rules themselves plus version, time and author. */
export const RulesView = z.object({
  rules: RulesInput,
  version: z.number().int().min(1),
  updatedAt: IsoTime,
  /** OPENID of the admin who saved this version, or `system` for the defaults. */
  updatedBy: z.string(),
});
export type RulesView = z.infer<typeof RulesView>;

export const GetRulesInput = strict({});
export const GetRulesOutput = RulesView;

export const UpdateRulesInput = strict({
  /** The version the admin's form was loaded from: the write is a compare-and-set on it. */
  expectedVersion: z.number().int().min(1),
  rules: RulesInput,
});
export const UpdateRulesOutput = z.object({
  /**
   * `updated`: a new version was stored; `replayed`: this very update had already been stored
   * (a retry), its result is returned; `unchanged`: the rules were already exactly these.
   */
  status: z.enum(['updated', 'replayed', 'unchanged']),
  current: RulesView,
});

export const RulesHistoryInput = strict({ ...Paging });
export const RulesHistoryOutput = page(RulesView);

/**
 * Grades are part of the rules document: saveGrade and deleteGrade change one grade and save the
 * result as a new rules version, exactly as updateRules would (same compare-and-set on
 * `expectedVersion`, same history, same replays).
 */
export const SaveGradeInput = strict({
  expectedVersion: z.number().int().min(1),
  /** `create` refuses an id in use; `update` an unknown id. */
  mode: z.enum(['create', 'update']),
  grade: Grade,
});
export const SaveGradeOutput = UpdateRulesOutput;

export const DeleteGradeInput = strict({
  expectedVersion: z.number().int().min(1),
  gradeId: z.string().trim().min(1).max(32),
});
export const DeleteGradeOutput = UpdateRulesOutput;

const Range = z.object({ min: z.number(), max: z.number() });
/** What the rules form needs to show the legal values; derived from the schema (shared/rulesLimits.ts). */
export const RulesLimitsOutput = z.object({
  maxLevels: z.number().int(),
  levels: Range,
  /** Any rate in basis points (grade rates, capBp, feeBp): 10000 bp = 100%. */
  rateBp: Range,
  /** Any amount in fen (upgrade thresholds, withdrawal bounds). */
  amountFen: Range,
  grades: z.object({
    count: Range,
    rank: Range,
    idPattern: z.string(),
    nameLength: Range,
    directInvitees: Range,
  }),
  bindingDays: Range,
  returnWindowDays: Range,
  autoConfirmDays: Range,
  unpaidTimeoutMinutes: Range,
  withdrawMaxPerDay: Range,
  options: z.object({
    recruitment: z.array(z.string()),
    bindingScope: z.array(z.string()),
    bindingDuration: z.array(z.string()),
    withdrawReview: z.array(z.string()),
    withdrawChannels: z.array(z.string()),
  }),
  /** What a new shop starts with. */
  defaults: RulesInput,
});
export type RulesLimits = z.infer<typeof RulesLimitsOutput>;
export const RulesLimitsInput = strict({});

// ---------------------------------------------------------------------------------------------
// Distributors
// ---------------------------------------------------------------------------------------------

export const ApplicationView = z.object({
  id: z.string(),
  userId: z.string(),
  status: ApplicationStatusSchema,
  form: z.object({ realName: z.string(), phone: z.string(), reason: z.string() }),
  createdAt: IsoTime.nullable(),
  reviewedAt: IsoTime.nullable(),
  reviewedBy: z.string().nullable(),
  reviewReason: z.string().nullable(),
  /** The applicant as they are now (null if their user document is missing). */
  user: z
    .object({
      nickname: z.string(),
      avatarUrl: z.string(),
      shareCode: z.string(),
      distributorStatus: DistributorStatusSchema,
    })
    .nullable(),
});
export type ApplicationView = z.infer<typeof ApplicationView>;

export const ListApplicationsInput = strict({
  /** Only applications in this status; all when omitted. Newest first. */
  status: ApplicationStatusSchema.optional(),
  ...Paging,
});
export const ListApplicationsOutput = page(ApplicationView);

export const ReviewApplicationInput = strict({
  applicationId: z.string().trim().min(1).max(128),
  decision: z.enum(['approve', 'reject']),
  /** Shown to the applicant; required when rejecting. */
  reason: z.string().trim().max(200).default(''),
}).refine((input) => input.decision === 'approve' || input.reason.length > 0, {
  message: 'a rejection needs a reason',
  path: ['reason'],
});
export const ReviewApplicationOutput = z.object({
  /** `unchanged`: the application already had this outcome (a replay). */
  status: z.enum(['reviewed', 'unchanged']),
  application: ApplicationView,
});

// The status moves, grades, the list and the detail: shared/contracts/adminDistributors.ts.

// ---------------------------------------------------------------------------------------------
// The route table
// ---------------------------------------------------------------------------------------------

export const ADMIN_CONTRACTS = {
  claimAdmin: { input: ClaimAdminInput, output: ClaimAdminOutput },
  addAdmin: { input: AddAdminInput, output: AddAdminOutput },
  removeAdmin: { input: RemoveAdminInput, output: RemoveAdminOutput },
  listAdmins: { input: ListAdminsInput, output: ListAdminsOutput },
  getRules: { input: GetRulesInput, output: GetRulesOutput },
  updateRules: { input: UpdateRulesInput, output: UpdateRulesOutput },
  rulesHistory: { input: RulesHistoryInput, output: RulesHistoryOutput },
  rulesLimits: { input: RulesLimitsInput, output: RulesLimitsOutput },
  saveGrade: { input: SaveGradeInput, output: SaveGradeOutput },
  deleteGrade: { input: DeleteGradeInput, output: DeleteGradeOutput },
  listApplications: { input: ListApplicationsInput, output: ListApplicationsOutput },
  reviewApplication: { input: ReviewApplicationInput, output: ReviewApplicationOutput },
  setDistributorStatus: { input: SetDistributorStatusInput, output: SetDistributorStatusOutput },
  setGrade: { input: SetGradeInput, output: SetGradeOutput },
  listDistributors: { input: ListDistributorsInput, output: ListDistributorsOutput },
  distributorDetail: { input: DistributorDetailInput, output: DistributorDetailOutput },
  // Products (shared/contracts/catalog.ts and categories.ts; use cases in cloudfunctions/admin/categories.ts, products.ts, stock.ts)
  saveCategory: { input: catalog.SaveCategoryInput, output: catalog.SaveCategoryOutput },
  listCategories: { input: categories.ListCategoriesInput, output: categories.ListCategoriesOutput },
  setCategoryHidden: { input: categories.SetCategoryHiddenInput, output: categories.SetCategoryHiddenOutput },
  reorderCategories: { input: categories.ReorderCategoriesInput, output: categories.ReorderCategoriesOutput },
  deleteCategory: { input: categories.DeleteCategoryInput, output: categories.DeleteCategoryOutput },
  saveProduct: { input: catalog.SaveProductInput, output: catalog.SaveProductOutput },
  prepareProductUpload: { input: catalog.PrepareProductUploadInput, output: catalog.PrepareProductUploadOutput },
  setStock: { input: catalog.SetStockInput, output: catalog.SetStockOutput },
  adjustStock: { input: catalog.AdjustStockInput, output: catalog.AdjustStockOutput },
  setOnSale: { input: catalog.SetOnSaleInput, output: catalog.SetOnSaleOutput },
  listProducts: { input: catalog.ListProductsInput, output: catalog.ListProductsOutput },
  // Orders (shared/contracts/adminOrders.ts; use cases in cloudfunctions/admin/orders.ts)
  shipOrder: { input: orders.ShipOrderInput, output: orders.ShipOrderOutput },
  retryShippingUpload: { input: orders.RetryShippingUploadInput, output: orders.RetryShippingUploadOutput },
  listOrders: { input: orders.AdminListOrdersInput, output: orders.AdminListOrdersOutput },
  orderDetail: { input: orders.AdminOrderDetailInput, output: orders.AdminOrderDetailOutput },
  // The order export (shared/contracts/adminExport.ts; use case in cloudfunctions/admin/exportOrders.ts)
  exportOrders: { input: orderExport.ExportOrdersInput, output: orderExport.ExportOrdersOutput },
  // After-sales (shared/contracts/afterSale.ts; use cases in cloudfunctions/admin/afterSales.ts)
  listAfterSales: { input: afterSales.ListAfterSalesInput, output: afterSales.ListAfterSalesOutput },
  approveAfterSale: { input: afterSales.ApproveAfterSaleInput, output: afterSales.ApproveAfterSaleOutput },
  refuseAfterSale: { input: afterSales.RefuseAfterSaleInput, output: afterSales.RefuseAfterSaleOutput },
  redriveAfterSaleRefund: {
    input: afterSales.RedriveAfterSaleRefundInput,
    output: afterSales.RedriveAfterSaleRefundOutput,
  },
  // The dashboard (shared/contracts/dashboard.ts; use case in cloudfunctions/admin/dashboard.ts)
  dashboard: { input: dashboard.DashboardInput, output: dashboard.DashboardOutput },
  // Withdrawal review (shared/contracts/withdraw.ts; use cases in cloudfunctions/admin/withdrawals.ts)
  ...withdrawals.ADMIN_WITHDRAWAL_CONTRACTS,
  // Reconciliation with WeChat Pay (shared/contracts/reconciliation.ts; use cases in cloudfunctions/admin/reconciliation.ts)
  ...reconciliation.ADMIN_RECONCILIATION_CONTRACTS,
  // Alerts (shared/contracts/alerts.ts; use cases in cloudfunctions/admin/alerts.ts)
  ...alerts.ADMIN_ALERT_CONTRACTS,
  // The ledger's tamper evidence (shared/contracts/ledgerChain.ts; use cases in cloudfunctions/admin/ledgerChain.ts)
  ...ledgerChain.ADMIN_LEDGER_CHAIN_CONTRACTS,
  // 满减 and 限时折扣 (shared/contracts/adminActivities.ts; use cases in cloudfunctions/admin/activities.ts)
  ...activities.ADMIN_ACTIVITY_CONTRACTS,
  // Coupons (shared/contracts/adminCoupons.ts; use cases in cloudfunctions/admin/coupons.ts and couponResults.ts)
  ...coupons.ADMIN_COUPON_CONTRACTS,
  // A user's points (shared/contracts/points.ts; use cases in cloudfunctions/admin/points.ts)
  ...points.ADMIN_POINTS_CONTRACTS,
  // The balance and top-ups (shared/contracts/adminBalance.ts; use cases in cloudfunctions/admin/balance.ts and topUpRefund.ts)
  ...balance.ADMIN_BALANCE_CONTRACTS,
  // The materials library (shared/contracts/adminMaterials.ts; use cases in cloudfunctions/admin/materials.ts)
  ...materials.ADMIN_MATERIAL_CONTRACTS,
  // Analytics with charts (shared/contracts/adminAnalytics.ts; use case in cloudfunctions/admin/analytics.ts)
  ...analytics.ADMIN_ANALYTICS_CONTRACTS,
  // Removing a distributor and the team's hand-over (shared/contracts/adminTeam.ts; use cases in cloudfunctions/admin/distributorExit.ts)
  ...team.ADMIN_TEAM_CONTRACTS,
  // Risk review, 风险审核 (shared/contracts/adminRisk.ts; use cases in cloudfunctions/admin/risk.ts and riskDecide.ts)
  ...risk.ADMIN_RISK_CONTRACTS,
} as const;

export type AdminRoute = keyof typeof ADMIN_CONTRACTS;
export const ADMIN_ROUTES = Object.keys(ADMIN_CONTRACTS) as AdminRoute[];
export type AdminInput<R extends AdminRoute> = z.infer<(typeof ADMIN_CONTRACTS)[R]['input']>;
export type AdminOutput<R extends AdminRoute> = z.infer<(typeof ADMIN_CONTRACTS)[R]['output']>;

/**
 * The codes the admin function answers with `ok: false` besides the common ones (FORBIDDEN is
 * one of those: every route but claimAdmin answers it to a caller who is not an admin).
 */
export const ADMIN_ERRORS = [
  // claimAdmin
  'SETUP_SECRET_UNSET',
  'SETUP_SECRET_TOO_SHORT',
  'SETUP_SECRET_WEAK',
  'TOO_MANY_ATTEMPTS',
  'BAD_SECRET',
  'ALREADY_CLAIMED',
  // addAdmin / removeAdmin
  'USER_NOT_FOUND',
  'LAST_ADMIN',
  'BUSY',
  // updateRules
  'VERSION_CONFLICT',
  // updateRules / saveGrade / deleteGrade
  'GRADE_IN_USE',
  'GRADE_IS_DEFAULT',
  'GRADE_EXISTS',
  'INVALID_GRADE',
  'GRADE_OVER_CAP',
  // reviewApplication / setDistributorStatus / setGrade
  'APPLICATION_NOT_FOUND',
  'INVALID_TRANSITION',
  'UNKNOWN_GRADE',
  // saveCategory / saveProduct / setStock / adjustStock / setOnSale
  ...catalog.ADMIN_CATALOG_ERRORS,
  // shipOrder / orderDetail
  ...orders.ADMIN_ORDER_ERRORS,
  // listAfterSales / approveAfterSale / refuseAfterSale / redriveAfterSaleRefund
  ...afterSales.ADMIN_AFTER_SALE_ERRORS,
  // the withdrawal review routes
  ...withdrawals.ADMIN_WITHDRAWAL_ERRORS,
  // approveWithdrawal / markWithdrawalPaid on the caller's own withdrawal
  'SELF_REVIEW',
  'SELF_REVIEW_TOO_EARLY',
  // reconciliationDay / runReconciliation
  ...reconciliation.ADMIN_RECONCILIATION_ERRORS,
  // listAlerts / resolveAlert
  ...alerts.ADMIN_ALERT_ERRORS,
  // verifyLedger / ledgerStatement
  ...ledgerChain.ADMIN_LEDGER_CHAIN_ERRORS,
  // listActivities / saveActivity / setActivityStatus / activityResults
  ...activities.ADMIN_ACTIVITY_ERRORS,
  // listCoupons / saveCoupon / setCouponStatus / couponResults
  ...coupons.ADMIN_COUPON_ERRORS,
  // adjustPoints
  ...points.ADMIN_POINTS_ERRORS,
  // userBalance / adjustBalance / listTopUps / refundTopUp
  ...balance.ADMIN_BALANCE_ERRORS,
  // listMaterials / saveMaterial / setMaterialEnabled / deleteMaterial
  ...materials.ADMIN_MATERIAL_ERRORS,
  // setDistributorStatus (appoint) / continueHandover
  ...team.ADMIN_TEAM_ERRORS,
  // listRiskCases / riskCase / approveRiskCase / voidRiskCase
  ...risk.ADMIN_RISK_ERRORS,
] as const;
export type AdminError = (typeof ADMIN_ERRORS)[number];
