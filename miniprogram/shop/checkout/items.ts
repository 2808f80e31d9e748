/**
 * What the checkout page is asked to order, from its query: the cart's chosen lines
 * (`items=<skuId>:<quantity>,...`, pages/cart/lines.ts) or 立即购买 of one SKU
 * (`skuId=..&quantity=..`, the product page; `&activityId=..` from the 秒杀 page buys it in that
 * session at its flash price; with `groupActivity=..&groupId=..|new` a 拼团 purchase, from the
 * group page). Anything malformed gives no items, and the page says so instead of ordering
 * something else.
 */
export interface CheckoutItem {
  skuId: string;
  quantity: number;
  /** The 秒杀 session the SKU is bought in (placeOrder's item `activityId`). */
  activityId?: string;
  /** A 拼团 purchase (the group page's 参团 or the product page's 发起拼团): join `groupId`, or open a group when null. */
  group?: { activityId: string; groupId: string | null };
}

const ACTIVITY_ID = /^[A-Za-z0-9_-]{1,40}$/;
const GROUP_ID = /^g[0-9a-f]{24}$/;

/** `groupActivity=<id>&groupId=<id>|new` on a 立即购买 query: the item is a group purchase. */
function groupOf(query: Record<string, string | undefined>): CheckoutItem['group'] | null | undefined {
  const { groupActivity, groupId } = query;
  if (groupActivity === undefined) return undefined;
  if (!ACTIVITY_ID.test(groupActivity) || (groupId !== 'new' && !GROUP_ID.test(groupId ?? ''))) return null;
  return { activityId: groupActivity, groupId: groupId === 'new' ? null : (groupId as string) };
}

const SKU_ID = /^[A-Za-z0-9_-]{1,40}$/;
/** placeOrder's limits: 1-99 units a line, at most 20 lines (shared/contracts/placeOrder.ts). */
const MAX_QUANTITY = 99;
const MAX_LINES = 20;

function item(skuId: string | undefined, quantityText: string | undefined): CheckoutItem | null {
  const quantity = Number(quantityText);
  if (!skuId || !SKU_ID.test(skuId) || !Number.isInteger(quantity) || quantity < 1 || quantity > MAX_QUANTITY)
    return null;
  return { skuId, quantity };
}

/** The single item of 立即购买, in its 秒杀 session when the query names a well-formed one. */
function single(query: Record<string, string | undefined>): CheckoutItem | null {
  const one = item(query.skuId === undefined ? undefined : decodeURIComponent(query.skuId), query.quantity ?? '1');
  if (!one || query.activityId === undefined) return one;
  const activityId = decodeURIComponent(query.activityId);
  return ACTIVITY_ID.test(activityId) ? { ...one, activityId } : null;
}

export function parseCheckoutQuery(query: Record<string, string | undefined>): CheckoutItem[] {
  const parsed =
    query.items !== undefined
      ? decodeURIComponent(query.items)
          .split(',')
          .map((part) => item(...(part.split(':') as [string, string])))
      : [single(query)];
  const items = parsed.filter((entry): entry is CheckoutItem => entry !== null);
  const distinct = new Set(items.map((entry) => entry.skuId)).size === items.length;
  const valid = items.length === parsed.length && items.length > 0 && items.length <= MAX_LINES && distinct;
  const group = query.items === undefined ? groupOf(query) : undefined;
  if (!valid || group === null) return [];
  return group ? items.map((entry) => ({ ...entry, group })) : items;
}
