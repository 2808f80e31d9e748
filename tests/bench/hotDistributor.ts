/**
 * The hot distributor (docs/rules.md section 7, "Settlement shares and roll-ups"): 1,000 paid
 * orders of one distributor's team within one minute, every one settled by settleCommission as
 * the payment flow starts it, on an emulator with `latencyMs` per database request and the
 * default 8 instances per function. The team (tests/helpers/hotTeam.ts) earns oHot and oTop on
 * every order, so before shares and roll-ups each settlement's transaction wrote their accounts
 * and user documents and most of a burst answered BUSY.
 *
 * Two arrival patterns: paced (one order every 50 ms, the last paid at 49.95 s) and a burst (all
 * at once). No timer runs, so whatever a settlement leaves pending is counted as left to the
 * sweep. Figures: settled within the minute (of the first payment), BUSY answers, left to the
 * sweep (orders still pending and shares not applied once every call returned), time to the
 * last settlement, settlement latency, database round trips per order; every ledger invariant
 * (tests/helpers/invariants.ts) and the team's paid totals are checked at the end.
 */
import { startEmulator, type EmulatorHandle } from '../../emulator/src/index';
import type { OrderDocument } from '@shared/orders';
import type { UserDocument } from '@shared/users';
import { HOT, seedHotTeam, seedPaidOrders, TOP } from '../helpers/hotTeam';
import { checkAll, isQuiescent, snapshotOf } from '../helpers/invariants';
import type { BenchSection } from './section';

const ORDERS = 1_000;
const BUYERS = 200;
const MINUTE_MS = 60_000;

interface Outcome {
  status: 'settled' | 'busy' | 'failed';
  /** Milliseconds from the first payment to this settlement's answer. */
  doneAtMs: number;
  latencyMs: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function settle(emu: EmulatorHandle, orderId: string, startedAt: number, arriveMs: number): Promise<Outcome> {
  await sleep(arriveMs - (performance.now() - startedAt));
  const called = performance.now();
  const { result, error } = await emu.call('settleCommission', { orderId });
  const done = performance.now();
  const answer = result as { ok: boolean; error?: { code: string } } | undefined;
  const status = error || !answer?.ok ? (answer?.error?.code === 'BUSY' ? 'busy' : 'failed') : 'settled';
  return { status, doneAtMs: done - startedAt, latencyMs: done - called };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

/** What is left for the sweep, and whether the ledger and the team's paid totals add up. */
function audit(emu: EmulatorHandle): { leftOrders: number; leftShares: number; problems: string[] } {
  const store = emu.emulator.store;
  const orders = store.scan('orders') as unknown as OrderDocument[];
  const leftOrders = orders.filter((order) => order.settlement.state !== 'settled').length;
  const leftShares = store.scan('settlementShares').filter((share) => share.state !== 'applied').length;
  const snapshot = snapshotOf(store);
  const problems = checkAll(snapshot, { initialStock: new Map() });
  if (!isQuiescent(snapshot)) problems.push('not quiescent: a share is pending or a release batch unfinished');
  const netFen = orders.reduce((sum, order) => sum + (order.settlement.netGoodsFen ?? 0), 0);
  const users = store.scan('users') as unknown as UserDocument[];
  for (const id of [HOT, TOP]) {
    const teamFen = users.find((user) => user._id === id)?.stats.teamPaidSalesFen;
    if (teamFen !== netFen) problems.push(`${id}: team sales ${teamFen} ≠ ${netFen} settled`);
  }
  const spentFen = users.reduce((sum, user) => sum + user.stats.paidSpendFen, 0);
  if (spentFen !== netFen) problems.push(`buyers' paid spend ${spentFen} ≠ ${netFen} settled`);
  return { leftOrders, leftShares, problems };
}

async function runPattern(
  latencyMs: number,
  pattern: 'paced' | 'burst',
): Promise<{ row: Record<string, string | number>; checks: BenchSection['checks'] }> {
  const emu = await startEmulator({ latencyMs, timers: [], runScheduler: false });
  try {
    const orderIds = seedPaidOrders(emu, seedHotTeam(emu, BUYERS), ORDERS);
    emu.emulator.stats.reset();
    const spacingMs = pattern === 'paced' ? 50 : 0;
    const startedAt = performance.now();
    const outcomes = await Promise.all(orderIds.map((id, i) => settle(emu, id, startedAt, i * spacingMs)));
    const lastMs = Math.max(...outcomes.map((outcome) => outcome.doneAtMs));
    const roundTrips = Object.entries(emu.emulator.stats.snapshot().actions)
      .filter(([action]) => action.startsWith('database.'))
      .reduce((sum, [, count]) => sum + count, 0);
    const { leftOrders, leftShares, problems } = audit(emu);
    const inMinute = outcomes.filter((o) => o.status === 'settled' && o.doneAtMs <= MINUTE_MS).length;
    const busy = outcomes.filter((o) => o.status === 'busy').length;
    const failed = outcomes.filter((o) => o.status === 'failed').length;
    const latencies = outcomes.map((outcome) => outcome.latencyMs);
    const label = pattern === 'paced' ? `${ORDERS} paid over 50 s` : `${ORDERS} paid at once`;
    const row = {
      arrivals: label,
      'settled in the minute': inMinute,
      BUSY: busy,
      'other failures': failed,
      'left to the sweep': `${leftOrders} orders, ${leftShares} shares`,
      'last settled (s)': Number((lastMs / 1000).toFixed(1)),
      'latency p50/p99 (ms)': `${Math.round(percentile(latencies, 50))}/${Math.round(percentile(latencies, 99))}`,
      'round trips/order': Number((roundTrips / ORDERS).toFixed(1)),
      invariants: problems.length === 0 ? 'intact' : `${problems.length} broken`,
    };
    const checks = [
      {
        what: `${label}: all settled within the minute`,
        ok: inMinute === ORDERS,
        detail: `${inMinute} of ${ORDERS}, last at ${(lastMs / 1000).toFixed(1)} s`,
      },
      { what: `${label}: no BUSY answer`, ok: busy === 0 && failed === 0, detail: `${busy} BUSY, ${failed} failed` },
      {
        what: `${label}: nothing left to the sweep`,
        ok: leftOrders === 0 && leftShares === 0,
        detail: `${leftOrders} orders pending, ${leftShares} shares pending`,
      },
      {
        what: `${label}: ledger invariants intact`,
        ok: problems.length === 0,
        detail: problems.length === 0 ? 'docs/rules.md section 8, all' : problems.slice(0, 3).join('; '),
      },
    ];
    return { row, checks };
  } finally {
    await emu.stop();
  }
}

export async function hotDistributorBench(options: { latencyMs: number }): Promise<BenchSection> {
  const paced = await runPattern(options.latencyMs, 'paced');
  const burst = await runPattern(options.latencyMs, 'burst');
  return {
    title: `Hot distributor: ${ORDERS} orders of one team (${BUYERS} buyers, 3 levels), ${options.latencyMs} ms per database request`,
    rows: [paced.row, burst.row],
    checks: [...paced.checks, ...burst.checks],
  };
}
