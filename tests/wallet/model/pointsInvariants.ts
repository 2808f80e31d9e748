/**
 * The points invariants of the wallet model (docs/wallet.md section 4), after every step:
 *
 * - each account: every bucket is the sum of its entries' deltas, entries numbered 1..n with
 *   running `availableAfter`, no bucket below zero, the months sum to available;
 * - never spent twice: an order that uses points has at most one spend entry of exactly its
 *   usedPoints (exactly one once paid), and what comes back for it (on closing or by refunds)
 *   never exceeds what it spent; the refunds' give-backs are what the order records;
 * - never earned back more than earned: an order earns once, at settlement, what it records; its
 *   take-backs (shortfalls included) are what it records and never exceed the earning; what it
 *   still holds frozen is never negative and none once released.
 */
import type { OrderDocument } from '@shared/orders';
import { pointsEntryId, type PointsAccountDocument, type PointsEntryDocument } from '@shared/points';

const BUCKETS = ['frozen', 'available', 'spent', 'expired'] as const;

type Store = { scan(collection: string): Array<Record<string, unknown>> };

const sum = <T>(items: readonly T[], value: (item: T) => number): number =>
  items.reduce((total, item) => total + value(item), 0);

function accountProblems(account: PointsAccountDocument, entries: readonly PointsEntryDocument[]): string[] {
  const problems: string[] = [];
  const own = entries.filter((entry) => entry.userId === account._id).sort((a, b) => a.seq - b.seq);
  for (const bucket of BUCKETS) {
    const total = sum(own, (entry) => entry.deltas[bucket]);
    if (account[bucket] !== total)
      problems.push(`points ${account._id}: ${bucket} ${account[bucket]} ≠ Σ entries ${total}`);
    if (account[bucket] < 0) problems.push(`points ${account._id}: ${bucket} below zero (${account[bucket]})`);
  }
  const months = Object.values(account.months);
  if (sum(months, (points) => points) !== account.available || months.some((points) => points <= 0))
    problems.push(`points ${account._id}: months ${JSON.stringify(account.months)} ≠ available ${account.available}`);
  if (own.length !== account.entryCount)
    problems.push(`points ${account._id}: ${own.length} entries, count ${account.entryCount}`);
  let available = 0;
  own.forEach((entry, index) => {
    available += entry.deltas.available;
    if (entry.seq !== index + 1 || entry.availableAfter !== available || entry.shortfall < 0)
      problems.push(
        `points ${account._id}: entry ${entry._id} seq ${entry.seq} available after ${entry.availableAfter}`,
      );
  });
  return problems;
}

/** What the order spent, and what came back for it, against its record. */
function spendProblems(order: OrderDocument, own: readonly PointsEntryDocument[], atRest: boolean): string[] {
  const problems: string[] = [];
  const used = order.points?.usedPoints ?? 0;
  const spends = own.filter((entry) => entry.kind === 'spend');
  const close = own.find((entry) => entry._id === pointsEntryId('spendBack', `${order._id}:close`));
  const backs = own.filter((entry) => entry.kind === 'spendBack' && entry !== close);
  const paid = Boolean(order.payment.paidAt);
  if (spends.length > 1 || spends.some((entry) => entry.deltas.spent !== used || used === 0))
    problems.push(`order ${order._id}: spends [${spends.map((e) => e.deltas.spent)}] ≠ its ${used} points`);
  if (paid && used > 0 && spends.length !== 1)
    problems.push(`order ${order._id}: paid without taking its ${used} points`);
  const givenBack = sum([...backs, ...(close ? [close] : [])], (entry) => entry.deltas.available);
  if ((givenBack > 0 && spends.length === 0) || givenBack > used)
    problems.push(`order ${order._id}: ${givenBack} points given back of ${spends.length === 0 ? 0 : used} spent`);
  if (close && (paid || backs.length > 0))
    problems.push(`order ${order._id}: given back on closing, yet paid or refunded`);
  if (sum(backs, (entry) => entry.deltas.available) !== (order.points?.spentBackPoints ?? 0))
    problems.push(`order ${order._id}: refund give-backs ≠ spentBackPoints ${order.points?.spentBackPoints}`);
  if (atRest && order.status === 'closed' && !paid && spends.length === 1 && !close)
    problems.push(`order ${order._id}: closed unpaid at rest without its points given back`);
  return problems;
}

/** What the order earned, released and had taken back, against its record. */
function earnProblems(order: OrderDocument, own: readonly PointsEntryDocument[]): string[] {
  const problems: string[] = [];
  const points = order.points;
  const earns = own.filter((entry) => entry.kind === 'earn');
  const releases = own.filter((entry) => entry.kind === 'release');
  const backs = own.filter((entry) => entry.kind === 'earnBack');
  const earned = points?.earnedPoints ?? 0;
  const earnedFromEntries = sum(earns, (entry) => entry.deltas.frozen);
  if (earns.length > 1 || earnedFromEntries !== earned || (earns.length === 1 && !order.payment.paidAt))
    problems.push(`order ${order._id}: earn entries ${earnedFromEntries} ≠ earnedPoints ${earned}`);
  const takenBack = sum(backs, (entry) => -(entry.deltas.frozen + entry.deltas.available) + entry.shortfall);
  if (takenBack !== (points?.earnedBackPoints ?? 0) || takenBack > earned)
    problems.push(
      `order ${order._id}: taken back ${takenBack} ≠ earnedBackPoints ${points?.earnedBackPoints} (earned ${earned})`,
    );
  const frozenHeld = sum(own, (entry) =>
    entry.kind === 'spend' || entry.kind === 'spendBack' ? 0 : entry.deltas.frozen,
  );
  const released = points?.earnState === 'released';
  // While frozen every take-back came out of frozen; a release moves whatever is left, once.
  const expectedFrozen = released ? 0 : earned - takenBack;
  if (releases.length > 1 || (releases.length === 1 && !released) || frozenHeld !== expectedFrozen)
    problems.push(
      `order ${order._id}: holds ${frozenHeld} frozen points ≠ ${expectedFrozen} (${releases.length} releases)`,
    );
  return problems;
}

export function pointsProblems(store: Store, orders: readonly OrderDocument[], atRest: boolean): string[] {
  const accounts = store.scan('pointsAccounts') as unknown as PointsAccountDocument[];
  const entries = store.scan('pointsEntries') as unknown as PointsEntryDocument[];
  const problems = accounts.flatMap((account) => accountProblems(account, entries));
  const users = new Set(accounts.map((account) => account._id));
  for (const entry of entries) if (!users.has(entry.userId)) problems.push(`points entry ${entry._id}: no account`);
  const byOrder = new Map<string, PointsEntryDocument[]>();
  for (const entry of entries)
    if (entry.ref.orderId) byOrder.set(entry.ref.orderId, [...(byOrder.get(entry.ref.orderId) ?? []), entry]);
  for (const order of orders) {
    const own = byOrder.get(order._id) ?? [];
    byOrder.delete(order._id);
    if (own.some((entry) => entry.userId !== order.buyerId))
      problems.push(`order ${order._id}: points of someone else`);
    problems.push(...spendProblems(order, own, atRest), ...earnProblems(order, own));
  }
  for (const orderId of byOrder.keys()) problems.push(`points entries of ${orderId}: no such order`);
  return problems;
}
