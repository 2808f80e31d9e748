/**
 * request / requestWholeOrder: the shopper asks for a refund of order lines (docs/rules.md section 5).
 *
 * A request must fit in what is left of each line after refunds and the holds of other open
 * requests (shared/afterSales.ts checkRequest). Two concurrent requests on one order must not
 * both take the same rest, so the decision runs in a transaction that reads the order first
 * (the snapshot), then the open requests, and writes the order (`afterSaleCount`) with the new
 * request: of two concurrent requests one commits and the other conflicts on the order and is
 * decided again, seeing the first. A refusal is answered before any write.
 *
 * The id is deterministic from the order and the client's key: a retried request finds its
 * document and answers `replayed`; the same key with other content is IDEMPOTENCY_KEY_REUSED.
 */
import {
  AFTER_SALE_MACHINE,
  checkRequest,
  heldByOpenRequests,
  MAX_OPEN_AFTER_SALES_PER_ORDER,
  wholeOrderLines,
  type AfterSaleDocument,
  type AfterSaleKind,
  type RequestedLine,
} from '@shared/afterSales';
import { afterSaleView, type AfterSaleError, type RequestOutput } from '@shared/contracts/afterSale';
import { fail, ok, type Result } from '@shared/result';
import { addInitialInTx } from '../_lib/transitions';
import { holdCommissions } from './hold';
import { BUSY, inTransaction, type Tx } from '../_lib/tx';
import { AFTER_SALES, afterSaleIdFor, openRequestsOf, orderNotFound } from './store';

interface Ask {
  orderId: string;
  kind: AfterSaleKind;
  reason: string;
  idempotencyKey: string;
  /** The lines asked for; null for the whole order (every line's rest, computed in the transaction). */
  lines: RequestedLine[] | null;
}

type Decision = Result<{ status: RequestOutput['status']; doc: AfterSaleDocument }, AfterSaleError>;

export function request(
  openid: string,
  input: Omit<Ask, 'lines'> & { lines: RequestedLine[] },
  now: Date,
): Promise<Result<RequestOutput, AfterSaleError>> {
  return makeRequest(
    openid,
    { ...input, lines: input.lines.map(({ lineIndex, quantity, amountFen }) => ({ lineIndex, quantity, amountFen })) },
    now,
  );
}

export function requestWholeOrder(
  openid: string,
  input: Omit<Ask, 'lines'>,
  now: Date,
): Promise<Result<RequestOutput, AfterSaleError>> {
  return makeRequest(openid, { ...input, lines: null }, now);
}

async function makeRequest(openid: string, ask: Ask, now: Date): Promise<Result<RequestOutput, AfterSaleError>> {
  const id = afterSaleIdFor(ask.orderId, ask.idempotencyKey);
  const decision = await inTransaction((tx) => decide(tx, openid, id, ask, now));
  if (decision === BUSY) return fail('BUSY', '该订单的售后正在变化，请重试 (the order is busy; retry)');
  if (!decision.ok) return decision;
  return ok({ status: decision.data.status, afterSale: afterSaleView(decision.data.doc) });
}

async function decide(tx: Tx, openid: string, id: string, ask: Ask, now: Date): Promise<Decision> {
  // The order is read first: its snapshot makes a concurrent request's commit a conflict here.
  const order = await tx.get('orders', ask.orderId);
  if (!order || order.buyerId !== openid) return orderNotFound(ask.orderId);
  const existing = await tx.get(AFTER_SALES, id);
  if (existing) return replay(existing, ask);
  const open = await openRequestsOf(order._id);
  if (open.length >= MAX_OPEN_AFTER_SALES_PER_ORDER) {
    return fail(
      'TOO_MANY_OPEN_REQUESTS',
      `该订单已有 ${open.length} 个处理中的售后 (at most ${MAX_OPEN_AFTER_SALES_PER_ORDER} open requests per order)`,
    );
  }
  const held = heldByOpenRequests(open);
  const check = checkRequest(order, ask.kind, ask.lines ?? wholeOrderLines(order, held, ask.kind), held);
  if (!check.ok) return fail(check.code, check.message);
  const doc: AfterSaleDocument = {
    _id: id,
    orderId: order._id,
    buyerId: openid,
    idempotencyKey: ask.idempotencyKey,
    kind: ask.kind,
    wholeOrder: ask.lines === null,
    status: AFTER_SALE_MACHINE.initial,
    orderStatusAtRequest: order.status,
    lines: check.lines,
    shippingFen: check.shippingFen,
    amountFen: check.amountFen,
    reason: ask.reason,
    returnShipment: null,
    review: null,
    refund: null,
    applied: null,
    createdAt: now,
    updatedAt: now,
    cancelledAt: null,
  };
  const lineIndexes = check.lines.map((line) => line.lineIndex);
  if ((await holdCommissions(tx, order._id, lineIndexes, id, now)) === 'releasing')
    return fail('BUSY', '该订单的佣金正在结算，请稍后重试 (its commissions are being released; retry in a minute)');
  await tx.update('orders', order._id, { afterSaleCount: (order.afterSaleCount ?? 0) + 1 });
  await addInitialInTx(tx, AFTER_SALE_MACHINE, doc);
  return ok({ status: 'created', doc });
}

/** The key was used before: the same request again is a replay, anything else a reuse. */
function replay(existing: AfterSaleDocument, ask: Ask): Decision {
  const sameLines =
    ask.lines === null
      ? existing.wholeOrder
      : !existing.wholeOrder &&
        existing.lines.length === ask.lines.length &&
        ask.lines.every((line, index) => {
          const stored = existing.lines[index];
          return (
            stored?.lineIndex === line.lineIndex &&
            stored.quantity === line.quantity &&
            stored.amountFen === line.amountFen
          );
        });
  if (sameLines && existing.kind === ask.kind && existing.reason === ask.reason)
    return ok({ status: 'replayed', doc: existing });
  return fail('IDEMPOTENCY_KEY_REUSED', '该请求编号已用于另一个售后申请 (this idempotencyKey made another request)');
}
