/**
 * The declarative database schema: every collection the product uses, its indexes and the
 * type of its documents.
 *
 * Collections are never created by a write on CloudBase, so this file is the single source of
 * truth for both the emulator (which creates exactly these collections on start and enforces
 * the unique indexes) and the deploy script (which creates missing collections and indexes in
 * the merchant's environment). Add a collection here before any function writes to it.
 */

import type { ActivityDocument, FlashPurchaseDocument, FlashStockDocument } from './activities';
import type { AfterSaleDocument } from './afterSales';
import type { ProductDailyStatsDocument, ShareDailyStatsDocument } from './analytics';
import type { AlertDocument } from './alerts';
import type { BalanceAccountDocument, BalanceEntryDocument } from './balance';
import type { CategoryDocument, ProductDocument, ProductUploadDocument, SkuDocument } from './catalog';
import type { AddressDocument } from './contracts/address';
import type { CouponDocument, UserCouponDocument } from './coupons';
import type { AdminDocument } from './contracts/admin';
import type { CartDocument } from './contracts/cart';
import type { DistributorApplicationDocument } from './contracts/distributor';
import type { PosterDocument } from './contracts/poster';
import type { GradeChangeDocument } from './grades';
import type { GroupDocument } from './groupBuy';
import type { MaterialDocument } from './materials';
import type { MessageFailureDocument } from './messageFailures';
import type { AccountDocument, CommissionDocument, LedgerEntry, SettlementShareDocument } from './ledger';
import type { OrderDocument, OrderNumberDocument } from './orders';
import type { PointsAccountDocument, PointsEntryDocument } from './points';
import type { ReconciliationDocument } from './reconciliation';
import type { InviteRewardDayDocument } from './inviteReward';
import type { RewardDocument } from './rewards';
import type { BindCounterDocument, RiskCaseDocument } from './risk';
import type { RulesDocument, RulesHistoryDocument } from './rules';
import type { TeamBonusRunState } from './teamBonus';
import type { TopUpDocument } from './topUps';
import type { AdminsMarker, GradeSweepState, HeartbeatDocument, SetupGuard, ShopTotals } from './system';
import type { UserDocument } from './users';
import type { DistributorExitDocument } from './exit';
import type { WithdrawalDocument, WithdrawCounters } from './withdrawals';

export type IndexDirection = 1 | -1;

export interface IndexSpec {
  /** Index name as created on the platform (CloudBase `IndexName`). */
  name: string;
  /** Fields in key order; direction 1 ascending, -1 descending. */
  keys: ReadonlyArray<{ field: string; direction: IndexDirection }>;
  /** When true, no two documents may share the key (missing fields count as null). */
  unique: boolean;
}

export interface CollectionSpec {
  name: string;
  /** One sentence on what a document of this collection is. */
  description: string;
  indexes: ReadonlyArray<IndexSpec>;
  /**
   * What mini-program clients may do directly (database security rules; cloud functions are not
   * bound by them). Clients never write: every change goes through a function. `read` is only
   * for public catalog data; everything else is `none`.
   */
  clientAccess?: 'none' | 'read';
}

/** The collections, `as const` so that their names make the type CollectionName. */
const DECLARED = [
  {
    name: 'system',
    description:
      "Operational singletons, e.g. the systemCheck heartbeat counter and the shop's totals for the dashboard.",
    indexes: [],
  },
  {
    name: 'categories',
    description: 'Product categories shown on the home and category pages.',
    clientAccess: 'read',
    indexes: [{ name: 'idx_sort', keys: [{ field: 'sortOrder', direction: 1 }], unique: false }],
  },
  {
    name: 'users',
    description:
      'One per mini-program user, keyed by OPENID: profile, share code, referrer and ancestors chain, distributor status and grade.',
    indexes: [
      { name: 'uniq_share_code', keys: [{ field: 'shareCode', direction: 1 }], unique: true },
      // Team queries and chain cascades look users up by their position under an ancestor.
      { name: 'idx_ancestor_0', keys: [{ field: 'ancestors.0', direction: 1 }], unique: false },
      { name: 'idx_ancestor_1', keys: [{ field: 'ancestors.1', direction: 1 }], unique: false },
      { name: 'idx_ancestor_2', keys: [{ field: 'ancestors.2', direction: 1 }], unique: false },
      { name: 'idx_distributor_status', keys: [{ field: 'distributor.status', direction: 1 }], unique: false },
    ],
  },
  {
    name: 'rules',
    description: "The current distribution rules, one document with _id 'current' and its version.",
    indexes: [],
  },
  {
    name: 'rulesHistory',
    description: "Every version of the rules ever saved, _id 'v<version>', never changed.",
    indexes: [],
  },
  {
    name: 'admins',
    description: "The merchant's admins, keyed by OPENID; the first one claimed with the setup secret.",
    indexes: [],
  },
  {
    name: 'distributorApplications',
    description: 'Applications to become a distributor (apply mode), with the form and the review outcome.',
    indexes: [
      {
        name: 'idx_status_created',
        keys: [
          { field: 'status', direction: 1 },
          { field: 'createdAt', direction: -1 },
        ],
        unique: false,
      },
      { name: 'idx_user', keys: [{ field: 'userId', direction: 1 }], unique: false },
    ],
  },
  {
    name: 'distributorExits',
    description:
      'One per exit or removal of a distributor (exit:<userId>:<n>): who, why, what was forfeited, and the progress of handing their team to the upline.',
    indexes: [
      {
        name: 'idx_user_exited',
        keys: [
          { field: 'userId', direction: 1 },
          { field: 'exitedAt', direction: -1 },
        ],
        unique: false,
      },
      { name: 'idx_handover_status', keys: [{ field: 'handover.status', direction: 1 }], unique: false },
    ],
  },
  {
    name: 'gradeChanges',
    description: 'History of distributor grade changes, automatic or by an admin.',
    indexes: [
      {
        name: 'idx_user_at',
        keys: [
          { field: 'userId', direction: 1 },
          { field: 'at', direction: -1 },
        ],
        unique: false,
      },
    ],
  },
  {
    name: 'posters',
    description: 'Cached mini-program codes per distributor and page, pointing at cloud storage.',
    indexes: [],
  },
  {
    name: 'products',
    description: 'Catalog products with their SKUs, prices in fen and stock.',
    clientAccess: 'read',
    indexes: [
      {
        name: 'idx_category_sort',
        keys: [
          { field: 'categoryId', direction: 1 },
          { field: 'sortOrder', direction: 1 },
        ],
        unique: false,
      },
      { name: 'uniq_slug', keys: [{ field: 'slug', direction: 1 }], unique: true },
    ],
  },
  {
    name: 'productUploads',
    description:
      'Product image uploads announced by the admin page and not yet referenced by a save; unreferenced ones are deleted after 24 hours.',
    indexes: [
      { name: 'idx_product', keys: [{ field: 'productId', direction: 1 }], unique: false },
      { name: 'idx_created', keys: [{ field: 'createdAt', direction: 1 }], unique: false },
    ],
  },
  {
    name: 'skus',
    description:
      'Sellable variants of products: spec, price in fen and stock, with the recent orders that reserved or returned stock.',
    clientAccess: 'read',
    indexes: [{ name: 'idx_product', keys: [{ field: 'productId', direction: 1 }], unique: false }],
  },
  {
    name: 'carts',
    description: "One per user, keyed by OPENID: the SKUs and quantities in the user's cart.",
    indexes: [],
  },
  {
    name: 'addresses',
    description: "Shoppers' delivery addresses, several per user, one of them the default.",
    indexes: [{ name: 'idx_user', keys: [{ field: 'userId', direction: 1 }], unique: false }],
  },
  {
    name: 'orders',
    description:
      'Orders with their lines, amounts in fen, address, payment, shipping and the per-line commission attribution snapshot.',
    indexes: [
      {
        name: 'idx_buyer_created',
        keys: [
          { field: 'buyerId', direction: 1 },
          { field: 'createdAt', direction: -1 },
        ],
        unique: false,
      },
      {
        name: 'idx_status_deadline',
        keys: [
          { field: 'status', direction: 1 },
          { field: 'payDeadline', direction: 1 },
        ],
        unique: false,
      },
      {
        name: 'idx_status_autoconfirm',
        keys: [
          { field: 'status', direction: 1 },
          { field: 'autoConfirmAt', direction: 1 },
        ],
        unique: false,
      },
      {
        name: 'idx_settlement',
        keys: [
          { field: 'settlement.state', direction: 1 },
          { field: 'payment.paidAt', direction: 1 },
        ],
        unique: false,
      },
      {
        name: 'idx_chain_created',
        keys: [
          { field: 'chain', direction: 1 },
          { field: 'createdAt', direction: -1 },
        ],
        unique: false,
      },
      // The ledger finds completed orders whose return window has ended.
      {
        name: 'idx_status_window',
        keys: [
          { field: 'status', direction: 1 },
          { field: 'returnWindowEndsAt', direction: 1 },
        ],
        unique: false,
      },
      // The uploadShipping timer and the watch find shipping reports to WeChat not accepted yet.
      {
        name: 'idx_shipping_upload',
        keys: [
          { field: 'shipping.upload.state', direction: 1 },
          { field: 'shipping.upload.nextAttemptAt', direction: 1 },
        ],
        unique: false,
      },
      // releaseCommissions re-drives completed orders whose commission scheduling did not finish.
      { name: 'idx_commission_schedule', keys: [{ field: 'commissionSchedule', direction: 1 }], unique: false },
      // The admin dashboard's sales today and this month: a range on the payment time selects the period's orders only.
      { name: 'idx_paid_at', keys: [{ field: 'payment.paidAt', direction: 1 }], unique: false },
      // Reconciliation reads the stray payments refunded on a day (absent on almost every order).
      { name: 'idx_stray_refunded', keys: [{ field: 'strayPayment.refundedAt', direction: 1 }], unique: false },
      // The admin's order export reads a range of creation times, oldest first.
      { name: 'idx_created', keys: [{ field: 'createdAt', direction: 1 }], unique: false },
      // The admin's search by the beginning of a readable order number.
      { name: 'idx_order_no', keys: [{ field: 'orderNo', direction: 1 }], unique: false },
      // expirePoints releases the frozen points of orders whose return window has ended.
      {
        name: 'idx_points_release',
        keys: [
          { field: 'points.earnState', direction: 1 },
          { field: 'returnWindowEndsAt', direction: 1 },
        ],
        unique: false,
      },
    ],
  },
  {
    name: 'orderNumbers',
    description:
      'Readable order numbers taken so far, keyed by the number, each with the id of the order holding it: the `_id` makes a number unique.',
    indexes: [],
  },
  {
    name: 'afterSales',
    description:
      'After-sales requests (refund only, or return and refund) on order lines, with review and refund progress.',
    indexes: [
      { name: 'idx_order', keys: [{ field: 'orderId', direction: 1 }], unique: false },
      {
        name: 'idx_buyer_created',
        keys: [
          { field: 'buyerId', direction: 1 },
          { field: 'createdAt', direction: -1 },
        ],
        unique: false,
      },
      {
        name: 'idx_status_created',
        keys: [
          { field: 'status', direction: 1 },
          { field: 'createdAt', direction: -1 },
        ],
        unique: false,
      },
      // Reconciliation reads the refunds completed on a day.
      { name: 'idx_refund_succeeded', keys: [{ field: 'refund.succeededAt', direction: 1 }], unique: false },
    ],
  },
  {
    name: 'accounts',
    description:
      "One per distributor, keyed by OPENID: frozen, available, withdrawing and withdrawn balances in fen, each the sum of the distributor's ledger entries.",
    indexes: [],
  },
  {
    name: 'ledgerEntries',
    description: 'Immutable account changes with deterministic ids (the cause) and the deltas they applied.',
    indexes: [
      {
        name: 'idx_user_at',
        keys: [
          { field: 'userId', direction: 1 },
          { field: 'at', direction: -1 },
        ],
        unique: false,
      },
    ],
  },
  {
    name: 'commissions',
    description: 'One per order line and level that earns commission, with its computation, status and release date.',
    indexes: [
      {
        name: 'idx_beneficiary_created',
        keys: [
          { field: 'beneficiaryId', direction: 1 },
          { field: 'createdAt', direction: -1 },
        ],
        unique: false,
      },
      {
        name: 'idx_status_release',
        keys: [
          { field: 'status', direction: 1 },
          { field: 'releaseAt', direction: 1 },
        ],
        unique: false,
      },
      { name: 'idx_order', keys: [{ field: 'orderId', direction: 1 }], unique: false },
      {
        name: 'idx_release_batch',
        keys: [
          { field: 'releaseBatch', direction: 1 },
          { field: 'status', direction: 1 },
        ],
        unique: false,
      },
    ],
  },
  {
    name: 'rewards',
    description:
      'One per reward paid into a commission account that is not an order line commission (团队奖励 tb:<userId>:<yyyymm>, 拉新奖励 ir:<inviteeId>): amount in fen, status, release date, explanation (shared/rewards.ts).',
    indexes: [
      // The release phase of releaseCommissions finds the due frozen rewards.
      {
        name: 'idx_status_release',
        keys: [
          { field: 'status', direction: 1 },
          { field: 'releaseAt', direction: 1 },
        ],
        unique: false,
      },
      // The distributor's reward history, newest first.
      {
        name: 'idx_beneficiary_created',
        keys: [
          { field: 'beneficiaryId', direction: 1 },
          { field: 'createdAt', direction: -1 },
        ],
        unique: false,
      },
      // A refund of the order a reward is tied to finds it.
      { name: 'idx_order', keys: [{ field: 'orderId', direction: 1 }], unique: false },
    ],
  },
  {
    name: 'inviteRewardDays',
    description:
      "One per distributor and China day with an invite reward: the invitees whose rewards took the day's slots (shared/inviteReward.ts), so the daily cap holds under concurrent settlements. Read and written only by id.",
    indexes: [],
  },
  {
    name: 'settlementShares',
    description:
      "What one order's settlement owes one user (frozen credit, paid totals), pending until a roll-up moves it into the account and stats.",
    indexes: [
      // A roll-up reads one user's pending shares, oldest first.
      {
        name: 'idx_user_state_created',
        keys: [
          { field: 'userId', direction: 1 },
          { field: 'state', direction: 1 },
          { field: 'createdAt', direction: 1 },
        ],
        unique: false,
      },
      // The sweep and the release run find pending shares left behind.
      {
        name: 'idx_state_created',
        keys: [
          { field: 'state', direction: 1 },
          { field: 'createdAt', direction: 1 },
        ],
        unique: false,
      },
      // A replayed settlement or a refund rolls up what its own order still owes.
      { name: 'idx_order', keys: [{ field: 'orderId', direction: 1 }], unique: false },
    ],
  },
  {
    name: 'withdrawals',
    description:
      'Withdrawal requests of distributors with their fee, review and payout progress (shared/withdrawals.ts).',
    indexes: [
      {
        name: 'idx_user_created',
        keys: [
          { field: 'userId', direction: 1 },
          { field: 'createdAt', direction: -1 },
        ],
        unique: false,
      },
      {
        name: 'idx_status_created',
        keys: [
          { field: 'status', direction: 1 },
          { field: 'createdAt', direction: -1 },
        ],
        unique: false,
      },
      // syncWithdrawals: paying transfers left unchanged longest, oldest first.
      {
        name: 'idx_status_updated',
        keys: [
          { field: 'status', direction: 1 },
          { field: 'updatedAt', direction: 1 },
        ],
        unique: false,
      },
    ],
  },
  // Operational alerts (docs/alerts.md).
  {
    name: 'messageFailures',
    description:
      'Subscribe messages the platform refused (other than for want of a subscription): template, data, error, recipient.',
    indexes: [
      // The watch reads the latest failures; the dashboard's alert re-checks one template's.
      { name: 'idx_at', keys: [{ field: 'at', direction: -1 }], unique: false },
      {
        name: 'idx_template_at',
        keys: [
          { field: 'templateId', direction: 1 },
          { field: 'at', direction: -1 },
        ],
        unique: false,
      },
    ],
  },
  {
    name: 'alerts',
    description:
      "Operational alerts, _id '<kind>:<ref>': stuck or failed settlements, refunds and transfers, reconciliation mismatches, refused messages.",
    indexes: [
      {
        name: 'idx_state_last',
        keys: [
          { field: 'state', direction: 1 },
          { field: 'lastSeenAt', direction: -1 },
        ],
        unique: false,
      },
    ],
  },
  {
    name: 'coupons',
    description: 'One per coupon the merchant defines: its terms, validity, quantity and claims (shared/coupons.ts).',
    indexes: [{ name: 'idx_status', keys: [{ field: 'status', direction: 1 }], unique: false }],
  },
  {
    name: 'userCoupons',
    description:
      "One per coupon a shopper claimed, _id '<couponId>_<userId>_<n>': the terms as claimed, validity, and the order holding it (shared/coupons.ts).",
    indexes: [
      {
        name: 'idx_user_status',
        keys: [
          { field: 'userId', direction: 1 },
          { field: 'status', direction: 1 },
        ],
        unique: false,
      },
      { name: 'idx_order', keys: [{ field: 'orderId', direction: 1 }], unique: false },
      // A coupon's claims: the claim's per-user count and the admin's results (used claims).
      {
        name: 'idx_coupon_status',
        keys: [
          { field: 'couponId', direction: 1 },
          { field: 'status', direction: 1 },
        ],
        unique: false,
      },
    ],
  },
  {
    name: 'activities',
    description:
      'One per promotion with a period: 满减 tiers over a scope, 限时折扣 prices per SKU, or a 秒杀 session with its SKUs, prices, allotments and per-user limits (shared/activities.ts).',
    indexes: [
      {
        name: 'idx_kind_end',
        keys: [
          { field: 'kind', direction: 1 },
          { field: 'endAt', direction: 1 },
        ],
        unique: false,
      },
    ],
  },
  {
    name: 'flashStocks',
    description:
      "One per 秒杀 session and SKU, _id '<activityId>_<skuId>': the units still to sell, with the recent orders that took or gave back units (shared/activities.ts FlashStockDocument).",
    indexes: [],
  },
  {
    name: 'flashPurchases',
    description:
      "One per 秒杀 session, SKU and shopper, _id '<activityId>_<skuId>_<userId>': the units the shopper's orders hold, within the per-user limit (shared/activities.ts FlashPurchaseDocument).",
    indexes: [],
  },
  {
    name: 'groups',
    description:
      'One per 拼团 group: its activity, leader, size, members with their orders and whether each paid, forming | filled | failed (shared/groupBuy.ts).',
    indexes: [
      // closeGroups: the forming groups past their expiry, and the failed ones not yet settled.
      {
        name: 'idx_status_expires',
        keys: [
          { field: 'status', direction: 1 },
          { field: 'expiresAt', direction: 1 },
        ],
        unique: false,
      },
    ],
  },
  {
    name: 'reconciliations',
    description:
      "One per China day, _id 'recon:<YYYY-MM-DD>': the shop's and WeChat Pay's totals of the day and every mismatch between them (shared/reconciliation.ts).",
    indexes: [],
  },
  {
    name: 'balances',
    description:
      "One per user, keyed by OPENID: the balance (余额) in fen, never below zero, equal to the sum of the user's balance entries (shared/balance.ts).",
    indexes: [],
  },
  {
    name: 'balanceEntries',
    description:
      'Immutable balance changes with deterministic ids (kind and cause), signed amounts in fen and the balance after each (shared/balance.ts).',
    indexes: [
      // The 余额 page's history and the merchant's view of a user: newest first.
      {
        name: 'idx_user_seq',
        keys: [
          { field: 'userId', direction: 1 },
          { field: 'seq', direction: -1 },
        ],
        unique: false,
      },
    ],
  },
  {
    name: 'pointsAccounts',
    description:
      "One per user, keyed by OPENID: points (积分) frozen, available, spent and expired, each the sum of the user's points entries, and the available points per China month they became available in (shared/points.ts).",
    indexes: [
      // expirePoints finds the accounts holding points of a month that has expired.
      { name: 'idx_oldest_month', keys: [{ field: 'oldestMonth', direction: 1 }], unique: false },
    ],
  },
  {
    name: 'pointsEntries',
    description:
      'Immutable points changes with deterministic ids (kind and cause), signed deltas per bucket in points, a reason (shared/points.ts).',
    indexes: [
      // The 积分 page's history and the merchant's view of a user: newest first.
      {
        name: 'idx_user_seq',
        keys: [
          { field: 'userId', direction: 1 },
          { field: 'seq', direction: -1 },
        ],
        unique: false,
      },
    ],
  },
  {
    name: 'topUps',
    description:
      'One per top-up (充值) a shopper opened, _id its out_trade_no (t + 24 hex): amount and bonus in fen, status, payment, refund (shared/topUps.ts).',
    indexes: [
      // The merchant's list (by status or all), newest first.
      {
        name: 'idx_status_created',
        keys: [
          { field: 'status', direction: 1 },
          { field: 'createdAt', direction: -1 },
        ],
        unique: false,
      },
      { name: 'idx_created', keys: [{ field: 'createdAt', direction: -1 }], unique: false },
      // Reconciliation and the dashboard: top-ups paid, refunds completed on a day.
      { name: 'idx_paid_at', keys: [{ field: 'payment.paidAt', direction: 1 }], unique: false },
      { name: 'idx_refund_succeeded', keys: [{ field: 'refund.succeededAt', direction: 1 }], unique: false },
      { name: 'idx_mismatch_refunded', keys: [{ field: 'mismatch.refundedAt', direction: 1 }], unique: false },
    ],
  },
  {
    name: 'materials',
    description:
      'One per item of the materials library (推广素材): a selling-point text, images or a training article, for one product or the whole shop (shared/materials.ts).',
    indexes: [
      // The distributor's read (a product's or the shop's enabled material) and the admin's filters, in display order.
      {
        name: 'idx_product_enabled_sort',
        keys: [
          { field: 'productId', direction: 1 },
          { field: 'enabled', direction: 1 },
          { field: 'sortOrder', direction: 1 },
        ],
        unique: false,
      },
      { name: 'idx_sort', keys: [{ field: 'sortOrder', direction: 1 }], unique: false },
    ],
  },
  {
    name: 'productDailyStats',
    description:
      "One per product and China day that had a product-page view or an add to cart, _id `<productId>:<YYYYMMDD>`: the day's counters for the analytics funnel (shared/analytics.ts).",
    // The merchant's analytics sum a range of days.
    indexes: [{ name: 'idx_day', keys: [{ field: 'day', direction: 1 }], unique: false }],
  },
  {
    name: 'shareDailyStats',
    description:
      "One per sharer and China day that had a visit through the sharer's links, mini-program codes or posters, _id `<sharerOpenid>:<YYYYMMDD>`: the day's visits for the distributor's analytics (shared/analytics.ts).",
    indexes: [
      // A distributor's analytics sum their own range of days.
      {
        name: 'idx_sharer_day',
        keys: [
          { field: 'sharerId', direction: 1 },
          { field: 'day', direction: 1 },
        ],
        unique: false,
      },
    ],
  },
  {
    name: 'riskCases',
    description:
      "One per order whose commissions settlement put on risk hold, _id 'risk:<orderId>': the signals with their evidence, status open → approved | voided, who decided (shared/risk.ts).",
    indexes: [
      // 风险审核: open cases first, newest first.
      {
        name: 'idx_status_created',
        keys: [
          { field: 'status', direction: 1 },
          { field: 'createdAt', direction: -1 },
        ],
        unique: false,
      },
    ],
  },
  {
    name: 'bindCounters',
    description:
      "Binds per share code, client IP and hour ('code:<code>:<ip>:<hour>') and per IP and hour ('ip:<ip>:<hour>'), written by bindReferrer while risk is on (shared/risk.ts).",
    indexes: [],
  },
] as const satisfies ReadonlyArray<CollectionSpec>;

/** The name of every collection above; the database helpers accept no other. */
export type CollectionName = (typeof DECLARED)[number]['name'];

/** Every collection with its indexes and client access: what the emulator and the deploy script create. */
export const COLLECTIONS: ReadonlyArray<CollectionSpec & { name: CollectionName }> = DECLARED;

/** Compile-time check of Documents: a document type for every collection, and for nothing else. */
type DocumentMap<M extends Record<CollectionName, { _id: string }> & Record<Exclude<keyof M, CollectionName>, never>> =
  M;

/**
 * The stored document type of every collection. The database helpers infer from a collection's
 * name what its documents are: `getDoc('orders', id)` answers `OrderDocument | null`.
 */
export type Documents = DocumentMap<{
  system: HeartbeatDocument | GradeSweepState | AdminsMarker | ShopTotals | SetupGuard | TeamBonusRunState;
  categories: CategoryDocument;
  users: UserDocument;
  rules: RulesDocument;
  rulesHistory: RulesHistoryDocument;
  admins: AdminDocument;
  distributorApplications: DistributorApplicationDocument;
  gradeChanges: GradeChangeDocument;
  distributorExits: DistributorExitDocument;
  posters: PosterDocument;
  products: ProductDocument;
  productUploads: ProductUploadDocument;
  skus: SkuDocument;
  carts: CartDocument;
  addresses: AddressDocument;
  orders: OrderDocument;
  orderNumbers: OrderNumberDocument;
  afterSales: AfterSaleDocument;
  /** The balances, and the per-day withdrawal counter written by the same transactions. */
  accounts: AccountDocument & WithdrawCounters;
  ledgerEntries: LedgerEntry;
  commissions: CommissionDocument;
  settlementShares: SettlementShareDocument;
  rewards: RewardDocument;
  inviteRewardDays: InviteRewardDayDocument;
  withdrawals: WithdrawalDocument;
  reconciliations: ReconciliationDocument;
  messageFailures: MessageFailureDocument;
  alerts: AlertDocument;
  coupons: CouponDocument;
  userCoupons: UserCouponDocument;
  activities: ActivityDocument;
  flashStocks: FlashStockDocument;
  flashPurchases: FlashPurchaseDocument;
  groups: GroupDocument;
  balances: BalanceAccountDocument;
  balanceEntries: BalanceEntryDocument;
  pointsAccounts: PointsAccountDocument;
  pointsEntries: PointsEntryDocument;
  topUps: TopUpDocument;
  materials: MaterialDocument;
  productDailyStats: ProductDailyStatsDocument;
  shareDailyStats: ShareDailyStatsDocument;
  riskCases: RiskCaseDocument;
  bindCounters: BindCounterDocument;
}>;

/**
 * The document of `collection` with `_id` `id`. In a collection of singletons under fixed ids
 * (`system`) a literal id picks its own type; any other id answers the collection's type.
 */
export type DocumentOf<C extends CollectionName, Id extends string = string> = [
  Extract<Documents[C], { _id: Id }>,
] extends [never]
  ? Documents[C]
  : Extract<Documents[C], { _id: Id }>;
