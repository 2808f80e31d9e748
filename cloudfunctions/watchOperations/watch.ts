/**
 * One watch run (docs/alerts.md, "The watch"):
 *
 *   1. every source (./sources.ts) finds the subjects whose condition holds now;
 *   2. each finding raises its alert (`<kind>:<ref>`), refreshes it when open, or raises it again
 *      when resolved: always for a lasting state, for an event only when it is newer than the
 *      resolution (so a failure marked handled stays handled);
 *   3. every open alert that was not found is re-checked by id, and resolved when its condition
 *      cleared (only for sources whose scan succeeded: a failed read proves nothing);
 *   4. every open alert not yet messaged is claimed (`notifiedAt`) and sent to the admins
 *      (./message.ts): claimed first, so that it is messaged once even if runs overlap.
 *
 * Every write is conditional on the state the run read, so an admin's `resolveAlert` between
 * the read and the write is never overwritten; the run that lost simply leaves that alert.
 */
import { RESOLVED_BY_WATCH, type AlertDocument, type AlertKind } from '@shared/alerts';
import type { WatchOperationsOutput } from '@shared/contracts/timers';
import { _, findWhere, insertDoc, updateWhere } from '../_lib/db';
import type { TimerBudget } from '../_lib/timer';
import { messageAdmins } from './message';
import { shippingUploads } from './shippingSource';
import { PAGE_SIZE, SOURCES as MONEY_SOURCES, type Detection } from './sources';

/** Every source of alerts. */
const SOURCES = [...MONEY_SOURCES, shippingUploads];

/** Open alerts read per run; more than this many open at once leaves the run not done. */
const OPEN_LIMIT = 200;

const ms = (at: Date | string | number): number => new Date(at).getTime();

type Report = WatchOperationsOutput;

/** Step 1: what every source finds, and the kinds whose scan succeeded. */
async function scanAll(now: Date, report: Report): Promise<{ found: Map<string, Detection>; scanned: Set<AlertKind> }> {
  const found = new Map<string, Detection>();
  const scanned = new Set<AlertKind>();
  for (const source of SOURCES) {
    try {
      const result = await source.scan(now);
      for (const detection of result.found) found.set(detection.id, detection);
      if (result.full) report.done = false;
      scanned.add(source.kind);
    } catch (error) {
      console.error(`watchOperations: the ${source.kind} scan failed:`, error);
      report.failed += 1;
    }
  }
  return { found, scanned };
}

/** The stored alerts of these ids, read 100 ids at a time by `_id`. */
async function alertsByIds(ids: string[]): Promise<Map<string, AlertDocument>> {
  const known = new Map<string, AlertDocument>();
  for (let start = 0; start < ids.length; start += PAGE_SIZE) {
    const chunk = ids.slice(start, start + PAGE_SIZE);
    for (const alert of await findWhere('alerts', { _id: _.in(chunk) }, { limit: chunk.length }))
      known.set(alert._id, alert);
  }
  return known;
}

const findings = (found: Detection) => ({
  condition: found.condition,
  amountFen: found.amountFen,
  detail: found.detail,
  since: found.since,
});

/** Step 2 for one finding: what it did to its alert. */
async function apply(
  found: Detection,
  alert: AlertDocument | undefined,
  now: Date,
): Promise<'raised' | 'refreshed' | null> {
  if (!alert) {
    const created: AlertDocument = {
      _id: found.id,
      kind: found.kind,
      ref: found.ref,
      ...findings(found),
      state: 'open',
      firstSeenAt: now,
      lastSeenAt: now,
      seenRuns: 1,
      resolvedAt: null,
      resolvedBy: null,
      notifiedAt: null,
    };
    // A duplicate is an overlapping run that raised it first; this run's finding is the same.
    return (await insertDoc('alerts', created)) === 'inserted' ? 'raised' : null;
  }
  if (alert.state === 'open') {
    const updated = await updateWhere(
      'alerts',
      { _id: alert._id, state: 'open' },
      { ...findings(found), lastSeenAt: now, seenRuns: _.inc(1) },
    );
    return updated === 1 ? 'refreshed' : null;
  }
  const resolvedAt = alert.resolvedAt ? ms(alert.resolvedAt) : 0;
  if (!found.lasting && ms(found.since) <= resolvedAt) return null;
  // Cleared and back again is a new occurrence, messaged again; marked handled while it lasted is
  // the same one, already messaged.
  const fresh = alert.resolvedBy === RESOLVED_BY_WATCH;
  const reopened = await updateWhere(
    'alerts',
    { _id: alert._id, state: 'resolved', resolvedAt: alert.resolvedAt },
    {
      ...findings(found),
      state: 'open',
      lastSeenAt: now,
      seenRuns: _.inc(1),
      resolvedAt: null,
      resolvedBy: null,
      ...(fresh ? { firstSeenAt: now, notifiedAt: null } : {}),
    },
  );
  return reopened === 1 ? 'raised' : null;
}

/** Step 3 for one open alert the scans did not find. */
async function recheck(alert: AlertDocument, now: Date, report: Report): Promise<void> {
  const source = SOURCES.find((candidate) => candidate.kind === alert.kind);
  const found = source ? await source.recheck(alert.ref, now) : null;
  if (found) {
    if ((await apply(found, alert, now)) === 'refreshed') report.refreshed += 1;
    return;
  }
  const resolved = await updateWhere(
    'alerts',
    { _id: alert._id, state: 'open', lastSeenAt: alert.lastSeenAt },
    { state: 'resolved', resolvedAt: now, resolvedBy: RESOLVED_BY_WATCH },
  );
  report.resolved += resolved;
}

/** Runs `step` for each item while the budget lasts; a failing item is logged and counted. */
async function each<T>(
  items: T[],
  budget: TimerBudget,
  report: Report,
  step: (item: T) => Promise<void>,
): Promise<void> {
  for (const item of items) {
    if (!budget.left()) {
      report.done = false;
      return;
    }
    try {
      await step(item);
    } catch (error) {
      console.error('watchOperations:', error);
      report.failed += 1;
    }
  }
}

export async function watch(now: Date, budget: TimerBudget): Promise<Report> {
  const report: Report = { done: true, failed: 0, raised: 0, refreshed: 0, resolved: 0, open: 0, messages: 0 };
  const { found, scanned } = await scanAll(now, report);
  const known = await alertsByIds([...found.keys()]);
  await each([...found.values()], budget, report, async (finding) => {
    const outcome = await apply(finding, known.get(finding.id), now);
    if (outcome) report[outcome] += 1;
  });
  const open = await findWhere('alerts', { state: 'open' }, { orderBy: [['lastSeenAt', 'desc']], limit: OPEN_LIMIT });
  if (open.length >= OPEN_LIMIT) report.done = false;
  const unseen = open.filter((alert) => !found.has(alert._id) && scanned.has(alert.kind));
  await each(unseen, budget, report, (alert) => recheck(alert, now, report));
  const stillOpen = await findWhere(
    'alerts',
    { state: 'open' },
    { orderBy: [['lastSeenAt', 'desc']], limit: OPEN_LIMIT },
  );
  report.open = stillOpen.length;
  if (budget.left())
    report.messages = await messageAdmins(
      stillOpen.filter((alert) => !alert.notifiedAt),
      now,
    );
  else report.done = false;
  return report;
}
