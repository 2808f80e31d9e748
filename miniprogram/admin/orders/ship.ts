/**
 * The ship form of the orders page, with the rules of the shared contract (ShipOrderInput of
 * shared/contracts/adminOrders.ts, which the admin function parses with) written out here: importing
 * the contract as a value would bring zod into the mini-program. tests/miniprogram/
 * admin-product-form.test.ts holds them to the contract's verdicts. The function checks again;
 * its answer is what counts.
 *
 * The merchant picks the express company from WeChat's list (shared/express.ts: the upload of the
 * shipping to WeChat needs the company's code) or types another, and types the tracking number;
 * or chooses 无需物流 for virtual goods or a shopper who picks the order up.
 */
import { EXPRESS_COMPANIES, expressCompanyOf, NO_LOGISTICS } from '@shared/express';
import type { AdminRouteInput } from '../../services/admin';

export interface ShipForm {
  carrier: string;
  trackingNo: string;
  /** '' (an express company) or the kind of no-logistics shipping. */
  noLogistics?: '' | 'virtual' | 'pickup';
}

export type ShipErrors = Partial<Record<'carrier' | 'trackingNo', string>>;

const MESSAGES: Required<ShipErrors> = {
  carrier: '请填写快递公司（1-20 个字）',
  trackingNo: '请填写快递单号（4-40 位字母、数字或 -）',
};

/** The companies offered as one tap, by name. */
export const CARRIER_NAMES: readonly string[] = EXPRESS_COMPANIES.map((company) => company.name);

/** The no-logistics choices, as the form shows them. */
export const NO_LOGISTICS_CHOICES = (['virtual', 'pickup'] as const).map((value) => ({
  value,
  label: NO_LOGISTICS[value].label,
}));

/** A hint under a typed company WeChat does not know: its shipping cannot be reported automatically. */
export function carrierHint(carrier: string): string {
  return carrier.trim() && !expressCompanyOf(carrier)
    ? '该快递公司不在微信物流公司列表中，发货信息需在微信公众平台手动录入'
    : '';
}

export function checkShipForm(
  orderId: string,
  form: ShipForm,
): { ok: true; input: AdminRouteInput<'shipOrder'> } | { ok: false; errors: ShipErrors } {
  if (form.noLogistics) return { ok: true, input: { orderId, noLogistics: form.noLogistics } };
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
