/**
 * The ship form of the orders page, with the rules of the shared contract (ShipOrderInput of
 * shared/contracts/adminOrders.ts, which the admin function parses with) written out here: importing
 * the contract as a value would bring zod into the mini-program. tests/miniprogram/
 * admin-product-form.test.ts holds them to the contract's verdicts. The function checks again;
 * its answer is what counts.
 */
import type { AdminRouteInput } from '../../services/admin';

export interface ShipForm {
  carrier: string;
  trackingNo: string;
}

export type ShipErrors = Partial<Record<keyof ShipForm, string>>;

const MESSAGES: Record<keyof ShipForm, string> = {
  carrier: '请填写快递公司（1-20 个字）',
  trackingNo: '请填写快递单号（4-40 位字母、数字或 -）',
};

export function checkShipForm(
  orderId: string,
  form: ShipForm,
): { ok: true; input: AdminRouteInput<'shipOrder'> } | { ok: false; errors: ShipErrors } {
  const carrier = form.carrier.trim();
  // Spaces are removed, as the contract does: merchants often copy numbers grouped by spaces.
  const trackingNo = form.trackingNo.replace(/\s/g, '');
  const errors: ShipErrors = {};
  if (carrier.length < 1 || carrier.length > 20) errors.carrier = MESSAGES.carrier;
  if (!/^[A-Za-z0-9-]{4,40}$/.test(trackingNo)) errors.trackingNo = MESSAGES.trackingNo;
  return errors.carrier || errors.trackingNo
    ? { ok: false, errors }
    : { ok: true, input: { orderId, carrier, trackingNo } };
}
