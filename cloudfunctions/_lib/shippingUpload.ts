/**
 * Reporting an order's shipping to WeChat (发货信息管理, docs/platform.md section 7.4): every
 * mini-program that takes WeChat Pay must upload how each paid order was shipped, or the
 * platform holds the merchant's settlement. The cloud call is `wxa.sec.order.uploadShippingInfo`
 * (a function calling it lists it under `permissions.openapi` in its config.json: admin and
 * uploadShipping), with the order identified by its WeChat Pay transaction id.
 *
 * The state lives on the order (`shipping.upload`, shared/orders.ts ShippingUpload). shipOrder
 * writes it `pending` with the shipping and calls uploadOrderShipping at once; a failure never
 * fails the shipping: the upload becomes `failed` with a backoff, and the uploadShipping timer
 * retries it. Each write is conditional on the attempt count it read, so two uploaders (the
 * timer and an admin's retry) never record an outcome over each other's.
 *
 * The platform counts a second upload of a shipped order as its one allowed modification, so a
 * retry first asks the platform (`wxa.sec.order.getOrder`) whether an earlier attempt whose
 * answer was lost got through, and uploads only when it did not.
 */
import { chinaFormat } from '@shared/chinaTime';
import { EXPRESS_LOGISTICS_TYPE, expressCompanyOf, NO_LOGISTICS } from '@shared/express';
import type { OrderDocument, ShippingUpload } from '@shared/orders';
import { cloud } from './cloud';
import { _, updateWhere } from './db';
import { getOrder } from './orders/store';

const MINUTE_MS = 60_000;
/** The first retry comes 5 minutes after a failure, then 10, 20, ... at most 6 hours apart. */
const FIRST_BACKOFF_MS = 5 * MINUTE_MS;
const MAX_BACKOFF_MS = 360 * MINUTE_MS;
/** `item_desc` is limited by the platform; longer descriptions are cut. */
const ITEM_DESC_MAX = 120;
/** Errcodes after which retrying cannot help: the re-ship chance is used, or the payment cannot be shipped. */
const FINAL_ERRCODES = new Set([10060003, 10060004]);
/** The platform's order_state values that mean it has a shipping for the order. */
const SHIPPED_STATES = new Set([2, 3, 4]);

type OpenApi = {
  wxa: {
    sec: {
      order: {
        uploadShippingInfo(data: Record<string, unknown>): Promise<unknown>;
        getOrder(data: Record<string, unknown>): Promise<{ order?: { orderState?: number } }>;
      };
    };
  };
};
const api = (): OpenApi['wxa']['sec']['order'] => (cloud.openapi as unknown as OpenApi).wxa.sec.order;

/**
 * A new upload record, written with the shipping. Its first attempt follows at once; the timer
 * takes it over only a minute later (the function stopped before the attempt was recorded).
 */
export function pendingUpload(now: Date): ShippingUpload {
  return {
    state: 'pending',
    attempts: 0,
    lastError: null,
    lastAttemptAt: null,
    nextAttemptAt: new Date(now.getTime() + MINUTE_MS),
    acceptedAt: null,
  };
}

/** 13800000000 → 138****0000, as the platform wants contacts masked. */
function maskedPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : phone;
}

function itemDesc(order: OrderDocument): string {
  return order.lines
    .map((line) => `${line.name}*${line.quantity}`)
    .join('、')
    .slice(0, ITEM_DESC_MAX);
}

/** The request, or why it cannot be made (a company not on WeChat's list, no transaction). */
export function uploadRequest(
  order: OrderDocument,
  now: Date,
): { ok: true; data: object } | { ok: false; error: string } {
  const shipping = order.shipping;
  const transactionId = order.payment.transactionId;
  if (!shipping || !transactionId) return { ok: false, error: 'NO_PAYMENT: the order has no WeChat Pay transaction' };
  const noLogistics = shipping.noLogistics ? NO_LOGISTICS[shipping.noLogistics] : null;
  const company = noLogistics ? null : expressCompanyOf(shipping.carrier);
  if (!noLogistics && !company)
    return { ok: false, error: `UNKNOWN_EXPRESS_COMPANY: ${shipping.carrier} is not on WeChat's list of companies` };
  const item = { itemDesc: itemDesc(order), contact: { receiverContact: maskedPhone(order.address.phone) } };
  return {
    ok: true,
    data: {
      orderKey: { orderNumberType: 2, transactionId },
      logisticsType: noLogistics ? noLogistics.logisticsType : EXPRESS_LOGISTICS_TYPE,
      deliveryMode: 1,
      shippingList: [company ? { ...item, trackingNo: shipping.trackingNo, expressCompany: company.code } : item],
      uploadTime: chinaFormat(now, 'YYYY-MM-DD[T]HH:mm:ss.SSS[+08:00]'),
      payer: { openid: order.buyerId },
    },
  };
}

function errorText(error: unknown): { text: string; errCode: number | null } {
  const { errCode, errMsg, message } = (error ?? {}) as { errCode?: unknown; errMsg?: unknown; message?: unknown };
  const code = typeof errCode === 'number' ? errCode : null;
  return { text: `${code ?? 'ERROR'}: ${String(errMsg ?? message ?? error)}`.slice(0, 300), errCode: code };
}

/** Whether an earlier attempt whose answer was lost got through (false when the platform cannot say). */
async function alreadyAccepted(transactionId: string): Promise<boolean> {
  try {
    const answer = await api().getOrder({ transactionId });
    return SHIPPED_STATES.has(Number(answer.order?.orderState));
  } catch {
    return false;
  }
}

type Attempt = { state: 'accepted' } | { state: 'failed'; error: string; final: boolean };

async function attempt(order: OrderDocument, now: Date): Promise<Attempt> {
  const request = uploadRequest(order, now);
  if (!request.ok) return { state: 'failed', error: request.error, final: true };
  const upload = order.shipping?.upload;
  if (upload && upload.attempts > 0 && (await alreadyAccepted(order.payment.transactionId as string)))
    return { state: 'accepted' };
  try {
    await api().uploadShippingInfo(request.data as Record<string, unknown>);
    return { state: 'accepted' };
  } catch (error) {
    const { text, errCode } = errorText(error);
    return { state: 'failed', error: text, final: errCode !== null && FINAL_ERRCODES.has(errCode) };
  }
}

function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

/**
 * One upload attempt for an order whose report is not accepted yet. Answers the order as it is
 * after the attempt (null when it does not exist); an order already accepted, not shipped, or
 * recorded by a concurrent uploader is answered unchanged.
 */
export async function uploadOrderShipping(orderId: string, now: Date): Promise<OrderDocument | null> {
  const order = await getOrder(orderId);
  const upload = order?.shipping?.upload;
  if (!order || !upload || upload.state === 'accepted') return order;
  const outcome = await attempt(order, now);
  const attempts = upload.attempts + 1;
  const next: ShippingUpload =
    outcome.state === 'accepted'
      ? {
          state: 'accepted',
          attempts,
          lastError: upload.lastError,
          lastAttemptAt: now,
          nextAttemptAt: null,
          acceptedAt: now,
        }
      : {
          state: 'failed',
          attempts,
          lastError: outcome.error,
          lastAttemptAt: now,
          nextAttemptAt: outcome.final ? null : new Date(now.getTime() + backoffMs(attempts)),
          acceptedAt: null,
        };
  if (outcome.state === 'failed') console.error(`shipping upload of order ${orderId} failed:`, outcome.error);
  await updateWhere(
    'orders',
    { _id: orderId, 'shipping.upload.attempts': upload.attempts, 'shipping.upload.state': upload.state },
    { 'shipping.upload': _.set(next) },
  );
  return getOrder(orderId);
}
