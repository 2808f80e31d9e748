/**
 * Reading orders and the rules an order was made under, for the order lifecycle (the shopper's
 * `order` function, the admin's order routes, the payment callback and the two timers).
 */
import type { OrderDocument } from '@shared/orders';
import { DEFAULT_RULES, type Rules } from '@shared/rules';
import { getDoc } from '../db';
import { RULES_ID } from '../rules';

export const ORDERS = 'orders';

export async function getOrder(orderId: string): Promise<OrderDocument | null> {
  return getDoc(ORDERS, orderId);
}

/** The caller's order, or null when there is none with this id or it is someone else's. */
export async function getOwnOrder(openid: string, orderId: string): Promise<OrderDocument | null> {
  const order = await getOrder(orderId);
  return order && order.buyerId === openid ? order : null;
}

/**
 * The rules an order was priced under (docs/rules.md section 3: an order keeps its rules version),
 * for the days it promises: autoConfirmDays and returnWindowDays. Reads the history version;
 * when it is missing (a shop whose history predates versioning), the current rules, else the
 * defaults. Never writes, so a refused call stays write-free.
 */
export async function rulesOfVersion(version: number): Promise<Rules> {
  const history = await getDoc('rulesHistory', `v${version}`);
  if (history) return history;
  return (await getDoc('rules', RULES_ID)) ?? DEFAULT_RULES;
}

/** rulesOfVersion with a per-run cache, for timers that handle many orders of few versions. */
export function rulesCache(): (version: number) => Promise<Rules> {
  const cache = new Map<number, Promise<Rules>>();
  return (version) => {
    const cached = cache.get(version) ?? rulesOfVersion(version);
    cache.set(version, cached);
    return cached;
  };
}

const DAY_MS = 86_400_000;

export function addDays(at: Date, days: number): Date {
  return new Date(new Date(at).getTime() + days * DAY_MS);
}
