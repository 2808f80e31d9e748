/**
 * Operational alerts (docs/alerts.md): money movements that failed or stopped, and messages the
 * platform refused, shown to the merchant on the dashboard as 待处理 and sent to the admins as a
 * subscribe message. The watchOperations timer raises, refreshes and resolves them; an admin may
 * mark one handled (route `resolveAlert`).
 *
 * One alert per subject and kind: its `_id` is `<kind>:<ref>`, so a condition seen again by the
 * next run refreshes the same alert instead of raising a new one.
 */

export const ALERT_KINDS = ['settlement', 'refund', 'transfer', 'reconciliation', 'message', 'shipping'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * What is wrong: `stuck` (no progress for too long), `failed` (final, or failed at the bank),
 * `refused` (the platform did not accept a refund, a transfer or a message), `unsubmitted` (an
 * approved refund never reached WeChat Pay), `mismatch` (reconciliation).
 */
export const ALERT_CONDITIONS = ['stuck', 'failed', 'refused', 'unsubmitted', 'mismatch'] as const;
export type AlertCondition = (typeof ALERT_CONDITIONS)[number];

export type AlertState = 'open' | 'resolved';

/** `resolvedBy` of an alert the watch resolved because its condition cleared. */
export const RESOLVED_BY_WATCH = 'watch';

/** A document of collection `alerts`. */
export interface AlertDocument {
  /** `<kind>:<ref>` (alertId). */
  _id: string;
  kind: AlertKind;
  /**
   * The subject: the order id (settlement), after-sale id (refund), withdrawal id (transfer),
   * reconciliation day YYYY-MM-DD (reconciliation), template id (message) or the order id whose
   * shipping report WeChat has not accepted (shipping).
   */
  ref: string;
  condition: AlertCondition;
  state: AlertState;
  /** The money concerned, fen (the order paid, the refund, the withdrawal, the mismatches' differences); null for messages. */
  amountFen: number | null;
  /** What the watch found, in English, for the merchant and the logs (ids, states, error texts). */
  detail: string;
  /** When the condition began (the payment, the approval, the failure), server time. */
  since: Date;
  /** The run that raised it (again, after it was resolved), server time. */
  firstSeenAt: Date;
  /** The latest run that found the condition, server time. */
  lastSeenAt: Date;
  /**
   * Watch runs that found the condition while the alert was open (1 when raised). Every refresh
   * bumps it, so a refresh always changes the document and counts as one, even when two runs see
   * the same time (`lastSeenAt` alone may not change).
   */
  seenRuns: number;
  /** When it was resolved; null while open. */
  resolvedAt: Date | null;
  /** `watch` when the condition cleared, else the OPENID of the admin who marked it handled; null while open. */
  resolvedBy: string | null;
  /**
   * When the watch dealt with its subscribe message (sent to the admins, or not sent because the
   * merchant has the alert message off); null until then. An alert is messaged once per raising.
   */
  notifiedAt: Date | null;
}

export function alertId(kind: AlertKind, ref: string): string {
  return `${kind}:${ref}`;
}

/** An admin route the dashboard's button runs for an alert, with its input. */
export type AlertRouteAction =
  | { name: 'approveAfterSale'; input: { afterSaleId: string } }
  | { name: 'redriveAfterSaleRefund'; input: { afterSaleId: string } }
  | { name: 'syncWithdrawal'; input: { withdrawalId: string } }
  | { name: 'retryShippingUpload'; input: { orderId: string } };

/** What the merchant should do, in Chinese, and how the dashboard helps: a route it runs, or a page it opens. */
export interface AlertAction {
  /** The action to take, shown under the alert. */
  text: string;
  /** The button's label; null when the action has no button (the system retries by itself). */
  button: string | null;
  route: AlertRouteAction | null;
  /** An admin page under /admin/, e.g. `afterSales/afterSales?status=refunding`. */
  page: string | null;
}

type Texts = { title: string; action: (ref: string) => AlertAction };

const noButton = (text: string): AlertAction => ({ text, button: null, route: null, page: null });
const open = (text: string, button: string, page: string): AlertAction => ({ text, button, route: null, page });

const redriveRefund =
  (text: string) =>
  (ref: string): AlertAction => ({
    text,
    button: '重新发起退款',
    route: { name: 'approveAfterSale', input: { afterSaleId: ref } },
    page: null,
  });
const syncTransfer =
  (text: string) =>
  (ref: string): AlertAction => ({
    text,
    button: '同步转账状态',
    route: { name: 'syncWithdrawal', input: { withdrawalId: ref } },
    page: null,
  });

const reuploadShipping =
  (text: string) =>
  (ref: string): AlertAction => ({
    text,
    button: '重新上报',
    route: { name: 'retryShippingUpload', input: { orderId: ref } },
    page: null,
  });

/**
 * The Chinese title (also the subscribe message's note: at most 20 characters, see
 * tests/ops/alerts.test.ts) and the action of each kind and condition the watch raises.
 */
const TEXTS: Partial<Record<`${AlertKind}.${AlertCondition}`, Texts>> = {
  'settlement.stuck': {
    title: '佣金结算长时间未完成',
    action: () => noButton('系统每 5 分钟自动重试结算；持续出现请查看云函数 sweepSettlements 的日志'),
  },
  'refund.refused': {
    title: '退款未被微信支付受理',
    action: redriveRefund('查看原因（如商户号余额不足）处理后重新发起，同一笔退款不会重复退'),
  },
  'refund.unsubmitted': {
    title: '退款未提交到微信支付',
    action: redriveRefund('同意退款后未能提交，重新发起即可，同一笔退款不会重复退'),
  },
  'refund.failed': {
    title: '退款失败',
    action: () =>
      open('银行退回了这笔退款，请在微信支付商户平台处理', '查看售后', 'afterSales/afterSales?status=refunding'),
  },
  'refund.stuck': {
    title: '退款长时间未到账',
    action: (ref) => ({
      text: '系统每 30 分钟向微信支付查询并完成退款；可立即查询，仍未到账请在微信支付商户平台查询进度',
      button: '查询并完成退款',
      route: { name: 'redriveAfterSaleRefund', input: { afterSaleId: ref } },
      page: null,
    }),
  },
  'transfer.refused': {
    title: '提现转账未被微信支付受理',
    action: syncTransfer('查看原因（如商户号余额不足）处理后同步，系统会重新发起转账'),
  },
  'transfer.stuck': {
    title: '提现转账长时间未完成',
    action: syncTransfer('向微信支付同步转账状态；手动打款的提现请在打款后标记已付款'),
  },
  'transfer.failed': {
    title: '提现转账失败',
    action: () => open('金额已退回分销员的可提现余额，请告知分销员后重新申请', '查看提现', 'withdrawals/withdrawals'),
  },
  'reconciliation.mismatch': {
    title: '对账不一致',
    action: () => noButton('在微信支付商户平台核对差异的订单与退款，处理后标记已处理；重新对账仍有差异时会再次提醒'),
  },
  'shipping.refused': {
    title: '发货信息未能上报微信',
    action: reuploadShipping(
      '核对订单的快递公司与快递单号后重新上报；仍不成功请在微信公众平台「发货信息管理」手动录入，否则微信会暂缓结算货款',
    ),
  },
  'shipping.stuck': {
    title: '发货信息尚未上报微信',
    action: reuploadShipping('系统每 30 分钟自动上报；可立即重新上报，持续出现请查看云函数 uploadShipping 的日志'),
  },
  'message.refused': {
    title: '订阅消息发送失败',
    action: () => open('检查分销规则中该消息的模板 ID 与关键词是否与所选模板一致', '检查消息模板', 'rules/rules'),
  },
};

/** The title and action of an alert. */
export function alertTexts(alert: Pick<AlertDocument, 'kind' | 'condition' | 'ref'>): {
  title: string;
  action: AlertAction;
} {
  const texts = TEXTS[`${alert.kind}.${alert.condition}`];
  if (!texts) return { title: '异常待处理', action: noButton('查看详情') };
  return { title: texts.title, action: texts.action(alert.ref) };
}
