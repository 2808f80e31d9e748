/**
 * Request statistics: wire requests per action, and per function invocation the number of
 * round trips it made to the backend and how long they took. The project's performance figures
 * (round trips per function call) are read from here.
 */
import type { UnindexedScan } from './db/scanCheck';

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
  /** The return value as JSON text, cut to a few KB (for the console's invocation log). */
  result?: string;
  error?: { code: string; message: string };
}

const KEEP_RESULT_CHARS = 2_000;

/** How many finished invocations are kept for inspection. */
const KEEP_INVOCATIONS = 5_000;

export class Stats {
  private actions: Record<string, number> = {};
  private readonly invocations = new Map<string, InvocationStats>();
  private readonly byToken = new Map<string, InvocationStats>();

  startInvocation(
    record: Omit<
      InvocationStats,
      'durationMs' | 'queuedMs' | 'status' | 'roundTrips' | 'databaseMs' | 'unindexedScans'
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
    };
    this.invocations.set(full.id, full);
    this.byToken.set(token, full);
    while (this.invocations.size > KEEP_INVOCATIONS) {
      const oldest = this.invocations.keys().next().value as string;
      this.invocations.delete(oldest);
    }
    return full;
  }

  finishInvocation(
    record: InvocationStats,
    token: string,
    outcome: { resultJson?: string; error?: { code: string; message: string }; queuedMs?: number },
    durationMs: number,
  ): void {
    record.queuedMs = outcome.queuedMs ?? 0;
    record.status = outcome.error ? 'error' : 'ok';
    if (outcome.resultJson !== undefined) record.result = outcome.resultJson.slice(0, KEEP_RESULT_CHARS);
    if (outcome.error) record.error = outcome.error;
    record.durationMs = durationMs;
    this.byToken.delete(token);
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
    return this.invocations.get(id);
  }

  snapshot(): { actions: Record<string, number>; invocations: InvocationStats[] } {
    return { actions: { ...this.actions }, invocations: [...this.invocations.values()] };
  }

  reset(): void {
    this.actions = {};
    this.invocations.clear();
  }
}
