/**
 * The ship form of the orders page, checked with the shared zod contract (ShipOrderInput, the
 * schema the admin function parses with), so what the page accepts the function accepts. The
 * function checks again; its answer is what counts.
 */
import { ADMIN_CONTRACTS } from '@shared/contracts/admin';
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

export function checkShipForm(orderId: string, form: ShipForm): { ok: true; input: AdminRouteInput<'shipOrder'> } | { ok: false; errors: ShipErrors } {
  const parsed = ADMIN_CONTRACTS.shipOrder.input.safeParse({ orderId, ...form });
  if (parsed.success) return { ok: true, input: parsed.data };
  const errors: ShipErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0];
    if (field === 'carrier' || field === 'trackingNo') errors[field] = MESSAGES[field];
  }
  return { ok: false, errors };
}
