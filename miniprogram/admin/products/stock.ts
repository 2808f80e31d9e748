/**
 * Stock adjustments of the products page (`admin.adjustStock`), each with a request id so that
 * a resent request adjusts once. The id is kept while the answer of an adjustment is unknown
 * (the call did not get through or the function failed), and reused when the merchant sends the
 * same adjustment again; any answer from the function (done or refused) ends it.
 *
 * The delta follows AdjustStockInput (shared/contracts/catalog.ts): a whole number, not 0, at
 * most MAX_STOCK either way (tests/miniprogram/admin-product-form.test.ts compares).
 */
import type { AdminRouteInput } from '../../services/admin';
import { newRequestId } from '../../utils/request-id';

/** MAX_STOCK of shared/contracts/catalog.ts, in units. */
const MAX_STOCK = 10_000_000;

export interface PendingAdjustment {
  skuId: string;
  delta: number;
  requestId: string;
}

/** "+10", "10" or "-3" → the adjustment input, reusing the pending id of the same one; else undefined. */
export function adjustmentInput(
  skuId: string,
  text: string,
  pending: PendingAdjustment | null,
  now = Date.now(),
): AdminRouteInput<'adjustStock'> | undefined {
  if (!/^[+-]?\d{1,8}$/.test(text.trim())) return undefined;
  const delta = Number(text.trim());
  if (delta === 0 || Math.abs(delta) > MAX_STOCK) return undefined;
  const requestId =
    pending && pending.skuId === skuId && pending.delta === delta ? pending.requestId : newRequestId(now);
  return { skuId, delta, requestId };
}
