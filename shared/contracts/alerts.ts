/**
 * The alert routes of the admin function (docs/alerts.md), part of ADMIN_CONTRACTS: `listAlerts`
 * (the alerts, open ones by default, and the latest refused messages) and `resolveAlert` (an
 * admin marks an alert handled; the next watch run raises it again if its condition lasts).
 * Times are ISO strings; money is integer fen.
 */
import { z } from 'zod';
import { ALERT_CONDITIONS, ALERT_KINDS, alertTexts, type AlertDocument } from '../alerts';
import type { MessageFailureDocument } from '../messageFailures';

const IsoTime = z.string();
const iso = (at: Date | string): string => new Date(at).toISOString();
const isoOrNull = (at: Date | string | null): string | null => (at === null ? null : iso(at));

const AlertRoute = z.discriminatedUnion('name', [
  z.object({ name: z.literal('approveAfterSale'), input: z.object({ afterSaleId: z.string() }) }),
  z.object({ name: z.literal('redriveAfterSaleRefund'), input: z.object({ afterSaleId: z.string() }) }),
  z.object({ name: z.literal('syncWithdrawal'), input: z.object({ withdrawalId: z.string() }) }),
  z.object({ name: z.literal('retryShippingUpload'), input: z.object({ orderId: z.string() }) }),
]);

/** An alert as the merchant sees it: the stored alert with its Chinese title and action. */
export const AlertView = z.object({
  /** `<kind>:<ref>`, the input of resolveAlert. */
  id: z.string(),
  kind: z.enum(ALERT_KINDS),
  ref: z.string(),
  condition: z.enum(ALERT_CONDITIONS),
  state: z.enum(['open', 'resolved']),
  /** Chinese, at most 20 characters. */
  title: z.string(),
  /** What the watch found, in English (ids, states, error texts). */
  detail: z.string(),
  /** The money concerned, fen; null for a refused message. */
  amountFen: z.number().int().nullable(),
  action: z.object({
    /** What to do, in Chinese. */
    text: z.string(),
    /** The button's label; null when there is nothing to press (the system retries by itself). */
    button: z.string().nullable(),
    /** The admin route the button runs, with its input... */
    route: AlertRoute.nullable(),
    /** ...or the admin page it opens (under /admin/). */
    page: z.string().nullable(),
  }),
  since: IsoTime,
  firstSeenAt: IsoTime,
  lastSeenAt: IsoTime,
  resolvedAt: IsoTime.nullable(),
  /** `watch` (the condition cleared) or the OPENID of the admin who marked it handled. */
  resolvedBy: z.string().nullable(),
  notifiedAt: IsoTime.nullable(),
});
export type AlertView = z.infer<typeof AlertView>;

export function alertView(doc: AlertDocument): AlertView {
  const { title, action } = alertTexts(doc);
  return {
    id: doc._id,
    kind: doc.kind,
    ref: doc.ref,
    condition: doc.condition,
    state: doc.state,
    title,
    detail: doc.detail,
    amountFen: doc.amountFen,
    action,
    since: iso(doc.since),
    firstSeenAt: iso(doc.firstSeenAt),
    lastSeenAt: iso(doc.lastSeenAt),
    resolvedAt: isoOrNull(doc.resolvedAt),
    resolvedBy: doc.resolvedBy,
    notifiedAt: isoOrNull(doc.notifiedAt),
  };
}

/** A subscribe message the platform refused (collection `messageFailures`). */
export const MessageFailureView = z.object({
  id: z.string(),
  purpose: z.enum(['commission', 'withdrawal', 'alert']),
  templateId: z.string(),
  touser: z.string(),
  page: z.string(),
  data: z.record(z.string(), z.object({ value: z.string() })),
  errCode: z.number().int().nullable(),
  errMsg: z.string(),
  at: IsoTime,
});

export function messageFailureView(doc: MessageFailureDocument): z.infer<typeof MessageFailureView> {
  const { _id, at, ...rest } = doc;
  return { id: _id, ...rest, at: iso(at) };
}

export const ListAlertsInput = z.strictObject({
  /** Open alerts (default) or resolved ones, the most recently seen first. */
  state: z.enum(['open', 'resolved']).default('open'),
  limit: z.number().int().min(1).max(50).default(20),
  offset: z.number().int().min(0).max(10_000).default(0),
});
export const ListAlertsOutput = z.object({
  items: z.array(AlertView),
  nextOffset: z.number().int().nullable(),
  /** The latest refused subscribe messages (at most 10), newest first, whatever `state`. */
  failures: z.array(MessageFailureView),
});

export const ResolveAlertInput = z.strictObject({ alertId: z.string().trim().min(3).max(200) });
export const ResolveAlertOutput = z.object({
  /** `unchanged`: it was resolved already (by the watch or another admin). */
  status: z.enum(['resolved', 'unchanged']),
  alert: AlertView,
});

/** The alert routes of the admin function (part of ADMIN_CONTRACTS). */
export const ADMIN_ALERT_CONTRACTS = {
  listAlerts: { input: ListAlertsInput, output: ListAlertsOutput },
  resolveAlert: { input: ResolveAlertInput, output: ResolveAlertOutput },
} as const;

/** The codes the alert routes add to the admin function's. */
export const ADMIN_ALERT_ERRORS = ['ALERT_NOT_FOUND'] as const;
