/**
 * Request statistics: wire requests per action, and per function invocation the number of
 * round trips it made to the backend and how long they took. The project's performance figures
 * (round trips per function call) are read from here.
 */
import type { UnindexedScan } from './db/scanCheck';
import type { LogLine } from './functions/protocol';

export interface InvocationStats {
  id: string;
  function: string;
  openid: string | null;
  source: string;
  startedAt: number;
  /** Wall time of the whole invocation in ms, waiting for an instance included; null while it runs. */
  durationMs: number | null;
  /**
   * Of `durationMs`, the time spent waiting for a free instance (ms): every instance of the
   * function was busy (at most `maxInstances` run at once). 0 while it runs and when it never waited.
   */
  queuedMs: number;
  status: 'running' | 'ok' | 'error';
  /** Every wire request the invocation sent, by action; `database` counts database.* only. */
  roundTrips: { total: number; database: number; byAction: Record<string, number> };
  /** Time spent inside database requests, in ms, as measured by the emulator. */
  databaseMs: number;
  /**
   * Every query that read more documents than the emulator's threshold because no declared
   * index (nor `_id`) serves its condition: slow on CloudBase once the collection is that large.
   */
  unindexedScans: UnindexedScan[];
  /** The event the function received (JSON text, `userInfo` included), cut to a few KB. */
  input?: string;
  /** The return value as JSON text, cut to a few KB (for the console's invocation log). */
  result?: string;
  error?: { code: string; message: string };
  /** What the function wrote with console.log/info/debug/warn/error, at most 200 lines. */
  logs: LogLine[];
}

/** What an invocation ended with, as the emulator hands it to `finishInvocation`. */
export interface InvocationOutcome {
  resultJson?: string;
  error?: { code: string; message: string };
  queuedMs?: number;
  logs?: LogLine[];
}

/** Per timer-triggered function: firings kept in totals even after their records are dropped. */
export interface TimerGroup {
  function: string;
  count: number;
  failures: number;
  totalDurationMs: number;
  lastStartedAt: number;
}

/** Which invocations a listing shows: calls (from users, tools, other functions), timer firings, or both. */
export interface InvocationFilter {
  function?: string;
  openid?: string;
  status?: InvocationStats['status'];
  origin?: 'calls' | 'timers' | 'all';
  offset?: number;
  limit?: number;
}

const KEEP_TEXT_CHARS = 4_000;

/**
 * How many finished invocations are kept for inspection, apart for calls and for timer firings:
 * moving the clock by a week fires thousands of timers, which must not push a user's own calls out.
 */
const KEEP_CALLS = 5_000;
const KEEP_TIMER_FIRINGS = 2_000;

/** Invocations started by a timer trigger, directly or through functions it called. */
export const isTimerFiring = (invocation: Pick<InvocationStats, 'source'>): boolean =>
  invocation.source.split(',')[0] === 'wx_trigger';

export class Stats {
  private actions: Record<string, number> = {};
  private readonly calls = new Map<string, InvocationStats>();
  private readonly timerFirings = new Map<string, InvocationStats>();
  private readonly timerTotals = new Map<string, TimerGroup>();
  private readonly byToken = new Map<string, InvocationStats>();

  startInvocation(
    record: Omit<
      InvocationStats,
      'durationMs' | 'queuedMs' | 'status' | 'roundTrips' | 'databaseMs' | 'unindexedScans' | 'logs'
    >,
    token: string,
  ): InvocationStats {
    const full: InvocationStats = {
      ...record,
      durationMs: null,
      queuedMs: 0,
      status: 'running',
      roundTrips: { total: 0, database: 0, byAction: {} },
      databaseMs: 0,
      unindexedScans: [],
      logs: [],
    };
    const pool = isTimerFiring(full) ? this.timerFirings : this.calls;
    pool.set(full.id, full);
    this.byToken.set(token, full);
    const keep = pool === this.calls ? KEEP_CALLS : KEEP_TIMER_FIRINGS;
    while (pool.size > keep) pool.delete(pool.keys().next().value as string);
    return full;
  }

  /** The event an invocation received, kept for the console. */
  recordInput(token: string, eventJson: string): void {
    const invocation = this.invocationOf(token);
    if (invocation) invocation.input = eventJson.slice(0, KEEP_TEXT_CHARS);
  }

  finishInvocation(record: InvocationStats, token: string, outcome: InvocationOutcome, durationMs: number): void {
    record.queuedMs = outcome.queuedMs ?? 0;
    record.status = outcome.error ? 'error' : 'ok';
    if (outcome.resultJson !== undefined) record.result = outcome.resultJson.slice(0, KEEP_TEXT_CHARS);
    if (outcome.error) record.error = outcome.error;
    record.logs = outcome.logs ?? [];
    record.durationMs = durationMs;
    this.byToken.delete(token);
    if (isTimerFiring(record)) this.countTimerFiring(record, durationMs);
  }

  private countTimerFiring(record: InvocationStats, durationMs: number): void {
    const group = this.timerTotals.get(record.function) ?? {
      function: record.function,
      count: 0,
      failures: 0,
      totalDurationMs: 0,
      lastStartedAt: 0,
    };
    group.count += 1;
    if (record.status === 'error') group.failures += 1;
    group.totalDurationMs += durationMs;
    group.lastStartedAt = Math.max(group.lastStartedAt, record.startedAt);
    this.timerTotals.set(record.function, group);
  }

  /** The running invocation that owns a wire token, if any (requests of tests' own SDK have none). */
  invocationOf(token: string | undefined): InvocationStats | undefined {
    return token ? this.byToken.get(token) : undefined;
  }

  recordRequest(action: string, token: string | undefined, durationMs: number): void {
    this.actions[action] = (this.actions[action] ?? 0) + 1;
    const invocation = this.invocationOf(token);
    if (!invocation) return;
    invocation.roundTrips.total += 1;
    invocation.roundTrips.byAction[action] = (invocation.roundTrips.byAction[action] ?? 0) + 1;
    if (action.startsWith('database.')) {
      invocation.roundTrips.database += 1;
      invocation.databaseMs += durationMs;
    }
  }

  /** Adds an unindexed query to the invocation that sent it (tests' own SDK requests have none). */
  recordUnindexedScan(token: string | undefined, scan: UnindexedScan): void {
    this.invocationOf(token)?.unindexedScans.push(scan);
  }

  invocation(id: string): InvocationStats | undefined {
    return this.calls.get(id) ?? this.timerFirings.get(id);
  }

  /** Every kept invocation in the order they started (ids grow with the emulator's request counter). */
  private all(): InvocationStats[] {
    const merged = [...this.calls.values(), ...this.timerFirings.values()];
    return merged.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  snapshot(): { actions: Record<string, number>; invocations: InvocationStats[] } {
    return { actions: { ...this.actions }, invocations: this.all() };
  }

  /** A page of the kept invocations matching `filter`, newest first, with how many match. */
  list(filter: InvocationFilter): { total: number; invocations: InvocationStats[] } {
    const origin = filter.origin ?? 'all';
    const candidates =
      origin === 'calls'
        ? [...this.calls.values()]
        : origin === 'timers'
          ? [...this.timerFirings.values()]
          : this.all();
    const matching = candidates
      .filter(
        (invocation) =>
          (filter.function === undefined || invocation.function === filter.function) &&
          (filter.openid === undefined || invocation.openid === filter.openid) &&
          (filter.status === undefined || invocation.status === filter.status),
      )
      .reverse();
    const offset = filter.offset ?? 0;
    return { total: matching.length, invocations: matching.slice(offset, offset + (filter.limit ?? 50)) };
  }

  /** Timer firings per function since the last reset, however many records were dropped. */
  timerGroups(): TimerGroup[] {
    return [...this.timerTotals.values()].map((group) => ({ ...group }));
  }

  reset(): void {
    this.actions = {};
    this.calls.clear();
    this.timerFirings.clear();
    this.timerTotals.clear();
  }
}
