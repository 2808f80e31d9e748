/**
 * The shopper's changes to an open request, each one conditional update on the request's
 * status (of a cancel and the merchant's decision exactly one wins):
 *
 * - cancel: requested → cancelled. Once approved the refund may already be on its way.
 * - markReturned (returnAndRefund): records the return shipment while requested; the merchant
 *   approves once the goods arrived (approveAfterSale with goodsReceived).
 */
import { AFTER_SALE_MACHINE, type AfterSaleDocument } from '@shared/afterSales';
import { afterSaleView, type AfterSaleError, type AfterSaleView } from '@shared/contracts/afterSale';
import { fail, ok, type Result } from '@shared/result';
import { _, updateWhere } from '../_lib/db';
import { transition } from '../_lib/transitions';
import { AFTER_SALES, afterSaleNotFound, ownAfterSale } from './store';

type Changed<S extends string> = Result<{ status: S; afterSale: AfterSaleView }, AfterSaleError>;

function invalid<T>(doc: AfterSaleDocument, action: string): Result<T, AfterSaleError> {
  return fail('INVALID_TRANSITION', `售后申请当前为 ${doc.status}，不能${action} (not allowed while ${doc.status})`);
}

export async function cancel(
  openid: string,
  afterSaleId: string,
  now: Date,
): Promise<Changed<'cancelled' | 'unchanged'>> {
  const doc = await ownAfterSale(openid, afterSaleId);
  if (!doc) return afterSaleNotFound(afterSaleId);
  if (doc.status === 'cancelled') return ok({ status: 'unchanged', afterSale: afterSaleView(doc) });
  if (doc.status !== 'requested') return invalid(doc, '撤销');
  const change = { cancelledAt: now, updatedAt: now };
  if ((await transition(AFTER_SALE_MACHINE, 'cancel', { _id: doc._id }, change)) === 1) {
    return ok({
      status: 'cancelled',
      afterSale: afterSaleView({ ...doc, ...change, status: AFTER_SALE_MACHINE.transitions.cancel.to }),
    });
  }
  // The merchant decided (or a concurrent cancel won) meanwhile.
  const fresh = (await ownAfterSale(openid, afterSaleId)) as AfterSaleDocument;
  return fresh.status === 'cancelled'
    ? ok({ status: 'unchanged', afterSale: afterSaleView(fresh) })
    : invalid(fresh, '撤销');
}

export async function markReturned(
  openid: string,
  input: { afterSaleId: string; carrier: string; trackingNo: string },
  now: Date,
): Promise<Changed<'updated' | 'unchanged'>> {
  const doc = await ownAfterSale(openid, input.afterSaleId);
  if (!doc) return afterSaleNotFound(input.afterSaleId);
  if (doc.kind !== 'returnAndRefund')
    return fail('INVALID_TRANSITION', '仅退款的申请无需寄回商品 (a refundOnly request has no return)');
  const same = doc.returnShipment?.carrier === input.carrier && doc.returnShipment.trackingNo === input.trackingNo;
  if (same) return ok({ status: 'unchanged', afterSale: afterSaleView(doc) });
  if (doc.status !== 'requested') return invalid(doc, '填写退货物流');
  // While requested the shopper may correct a mistyped tracking number.
  const change = { returnShipment: { carrier: input.carrier, trackingNo: input.trackingNo, at: now }, updatedAt: now };
  // _.set: the field may be null, and an object would otherwise be merged field by field.
  if (
    (await updateWhere(
      AFTER_SALES,
      { _id: doc._id, status: 'requested' },
      { ...change, returnShipment: _.set(change.returnShipment) },
    )) === 1
  ) {
    return ok({ status: 'updated', afterSale: afterSaleView({ ...doc, ...change }) });
  }
  return invalid((await ownAfterSale(openid, input.afterSaleId)) as AfterSaleDocument, '填写退货物流');
}
