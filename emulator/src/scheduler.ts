/**
 * Runs work at virtual times: one-shot jobs (payment callback retries, refund completion, payout
 * cancellation) and recurring ones (timer triggers). Due work runs in time order, when the wall
 * clock reaches it (a light poll) or when the clock is advanced, so a jump of three days fires
 * everything due in between, in order, before the jump is acknowledged. Jobs due at the same
 * instant run concurrently, as the platform starts them independently; a later slot starts only
 * when everything due before it has finished.
 *
 * One-shot jobs are descriptors (a kind and a JSON payload) run by the handler registered for
 * their kind, not closures, so the pending jobs are plain data that durable mode and the state
 * file keep (`exportState`/`importState`). Every slot of a recurring job fires; none is skipped.
 * A catch-up may coalesce slots, when asked explicitly (`coalesce`): see `RunDueOptions`.
 */
import type { Clock } from './clock';
import type { ModuleState } from './module';

export interface FiredJob {
  label: string;
  /** The virtual time the job was due at (ms since epoch). */
  dueAt: number;
  /** Set for a slot that was coalesced, not run (see `RunDueOptions.coalesce`). */
  coalesced?: true;
}

/** How a recurring job's run went: quiet when it only read data (no writes, no other service called). */
export interface RunOutcome {
  quiet: boolean;
}

export interface Recurring {
  label: string;
  /** The first due time strictly after `after`, or null when there is none. */
  next(after: number): number | null;
  run(dueAt: number): Promise<RunOutcome | void>;
}

/** Runs one-shot jobs of a kind; `payload` is the JSON the job was scheduled with. */
export type JobHandler = (payload: unknown, dueAt: number) => Promise<void>;

interface OneShot {
  id: number;
  dueAt: number;
  label: string;
  kind: string;
  payload: unknown;
}

interface RecurringEntry {
  job: Recurring;
  /** The last slot taken (fired or coalesced), or the time the job started counting from. */
  last: number;
  /** Cached `job.next(last)`, so a catch-up computes each slot once. */
  next: number | null;
  /** The world version after a quiet run of this job in the current catch-up, if any. */
  quietAt?: number;
}

export interface RunDueOptions {
  /**
   * Coalesce no-op slots (off by default): a recurring job's slot is not run when its previous
   * run in this catch-up was quiet (it only read data) and nothing has changed since (no write
   * to the database, no other service called, no other job run). Such a run would read the same
   * data at the same virtual time and do nothing again. The slot is reported as coalesced.
   */
  coalesce?: boolean;
}

export interface SchedulerHooks {
  /** A number that changes whenever anything a job could read changes (database commits, services). */
  worldVersion(): number;
  /** Called after each group of jobs ran, so durable mode can record the progress. */
  afterJobs?(): void;
}

const POLL_MS = 200;
/** Slots missed while the emulator was stopped are counted up to this many per timer. */
const MISSED_COUNT_LIMIT = 1_000_000;

export class Scheduler {
  private oneShots: OneShot[] = [];
  private readonly recurring = new Map<string, RecurringEntry>();
  private readonly handlers = new Map<string, JobHandler>();
  private nextId = 1;
  private running: Promise<FiredJob[]> | undefined;
  private poller: NodeJS.Timeout | undefined;
  /** Slots of each recurring job that were not fired because the emulator was stopped when they came due. */
  readonly missedWhileStopped = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly hooks: SchedulerHooks = { worldVersion: () => 0 },
  ) {}

  start(): void {
    this.poller = setInterval(() => void this.runDue(), POLL_MS);
    this.poller.unref();
  }

  stop(): void {
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
  }

  /** Registers the handler of a kind of one-shot job (before jobs of that kind are restored). */
  handle(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Schedules a one-shot job: at `dueAt`, the handler of `kind` runs with `payload` (JSON). Returns its id. */
  at(dueAt: number, label: string, kind: string, payload: unknown): number {
    if (!this.handlers.has(kind)) throw new Error(`no handler for scheduled jobs of kind ${kind}`);
    const id = this.nextId;
    this.oneShots.push({ id, dueAt, label, kind, payload });
    this.nextId += 1;
    return id;
  }

  /** Removes a pending one-shot job so its caller runs it now; false when it already ran or was dropped. */
  take(id: number): boolean {
    const before = this.oneShots.length;
    this.oneShots = this.oneShots.filter((shot) => shot.id !== id);
    return this.oneShots.length < before;
  }

  /** Adds a recurring job whose slots count from now: slots in the past never fire. */
  every(job: Recurring): void {
    const now = this.clock.now();
    this.recurring.set(job.label, { job, last: now, next: job.next(now) });
  }

  private restart(entry: RecurringEntry, from: number): void {
    entry.last = from;
    entry.next = entry.job.next(from);
    entry.quietAt = undefined;
  }

  clear(): void {
    this.oneShots = [];
    this.missedWhileStopped.clear();
    for (const entry of this.recurring.values()) this.restart(entry, this.clock.now());
  }

  pending(): Array<{ label: string; dueAt: number }> {
    const recurring = [...this.recurring.values()].map((entry) => ({
      label: entry.job.label,
      dueAt: entry.next ?? Infinity,
    }));
    return [...this.oneShots.map(({ label, dueAt }) => ({ label, dueAt })), ...recurring].sort(
      (a, b) => a.dueAt - b.dueAt,
    );
  }

  /** Runs everything due up to now, in order; concurrent callers share one catch-up. */
  runDue(options: RunDueOptions = {}): Promise<FiredJob[]> {
    if (this.running) return this.running.then(() => this.runDue(options));
    this.running = this.catchUp(options).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async catchUp(options: RunDueOptions): Promise<FiredJob[]> {
    const fired: FiredJob[] = [];
    for (const entry of this.recurring.values()) entry.quietAt = undefined;
    for (;;) {
      const group = this.takeEarliest(this.clock.now(), options.coalesce === true, fired);
      if (!group) return fired;
      if (group.length > 0) await Promise.all(group.map((run) => run()));
      this.hooks.afterJobs?.();
    }
  }

  /**
   * Takes every job due at the earliest due instant not after `now` off the queue and returns
   * their runs (coalesced slots are only recorded); undefined when nothing is due.
   */
  private takeEarliest(now: number, coalesce: boolean, fired: FiredJob[]): Array<() => Promise<void>> | undefined {
    let earliest = Infinity;
    for (const shot of this.oneShots) if (shot.dueAt < earliest) earliest = shot.dueAt;
    for (const entry of this.recurring.values())
      if (entry.next !== null && entry.next < earliest) earliest = entry.next;
    if (earliest > now) return undefined;
    const runs: Array<() => Promise<void>> = [];
    const due = this.oneShots.filter((shot) => shot.dueAt === earliest);
    if (due.length) this.oneShots = this.oneShots.filter((shot) => shot.dueAt !== earliest);
    for (const shot of due) {
      fired.push({ label: shot.label, dueAt: shot.dueAt });
      runs.push(() => this.guard(shot.label, () => this.runOneShot(shot)));
    }
    for (const entry of this.recurring.values()) {
      if (entry.next !== earliest) continue;
      const slot = earliest;
      entry.last = slot;
      entry.next = entry.job.next(slot);
      if (coalesce && entry.quietAt === this.hooks.worldVersion()) {
        fired.push({ label: entry.job.label, dueAt: slot, coalesced: true });
        continue;
      }
      fired.push({ label: entry.job.label, dueAt: slot });
      runs.push(() => this.guard(entry.job.label, () => this.runRecurring(entry, slot)));
    }
    return runs;
  }

  private async runOneShot(shot: OneShot): Promise<void> {
    const handler = this.handlers.get(shot.kind);
    if (!handler) throw new Error(`no handler for scheduled jobs of kind ${shot.kind}`);
    await handler(shot.payload, shot.dueAt);
  }

  private async runRecurring(entry: RecurringEntry, slot: number): Promise<void> {
    const before = this.hooks.worldVersion();
    const outcome = await entry.job.run(slot);
    entry.quietAt = outcome?.quiet && this.hooks.worldVersion() === before ? before : undefined;
  }

  private async guard(label: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      console.error(`[emulator] scheduled job ${label} failed:`, error);
    }
  }

  /** Pending one-shot jobs, the last slot of every recurring job and the job counter, as records. */
  exportState(): ModuleState {
    const state: ModuleState = { nextId: this.nextId };
    for (const shot of this.oneShots)
      state[`job:${shot.id}`] = { dueAt: shot.dueAt, label: shot.label, kind: shot.kind, payload: shot.payload };
    for (const [label, entry] of this.recurring) state[`slot:${label}`] = entry.last;
    return state;
  }

  /**
   * Restores pending jobs and timer slots. A recurring job continues from its last slot; if
   * slots came due while the emulator was stopped, only the latest of them fires (at the next
   * catch-up) and the others are counted in `missedWhileStopped`, as a cron daemon that was
   * down runs a missed job once. Jobs unknown to the state start counting from now.
   */
  importState(state: ModuleState): void {
    this.oneShots = [];
    this.missedWhileStopped.clear();
    this.nextId = typeof state.nextId === 'number' ? state.nextId : 1;
    for (const [key, value] of Object.entries(state)) {
      if (!key.startsWith('job:')) continue;
      const job = value as Omit<OneShot, 'id'>;
      this.oneShots.push({ ...job, id: Number(key.slice('job:'.length)) });
      this.nextId = Math.max(this.nextId, Number(key.slice('job:'.length)) + 1);
    }
    const now = this.clock.now();
    for (const [label, entry] of this.recurring) {
      const last = state[`slot:${label}`];
      this.restart(entry, typeof last === 'number' ? Math.min(last, now) : now);
      this.skipMissed(entry, now);
    }
  }

  /** Leaves only the latest slot due by `now` to fire and counts the ones before it. */
  private skipMissed(entry: RecurringEntry, now: number): void {
    let before = entry.last;
    let latest = entry.next;
    let count = 0;
    while (latest !== null && count < MISSED_COUNT_LIMIT) {
      const following = entry.job.next(latest);
      if (following === null || following > now) break;
      before = latest;
      latest = following;
      count += 1;
    }
    if (count === 0) return;
    this.restart(entry, before);
    this.missedWhileStopped.set(entry.job.label, count);
  }
}
