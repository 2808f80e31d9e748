/**
 * Runs work at virtual times: one-shot jobs (payment callback retries, refund completion) and
 * recurring ones (timer triggers). Due work runs one job at a time in time order, when the
 * wall clock reaches it (a light poll) or when the clock is advanced, so a jump of three days
 * fires everything due in between, in order, before the jump is acknowledged.
 */
import type { Clock } from './clock';

export interface FiredJob {
  label: string;
  /** The virtual time the job was due at (ms since epoch). */
  dueAt: number;
}

interface OneShot {
  dueAt: number;
  seq: number;
  label: string;
  run: (dueAt: number) => Promise<void>;
}

export interface Recurring {
  label: string;
  /** The first due time strictly after `after`, or null when there is none. */
  next(after: number): number | null;
  run(dueAt: number): Promise<void>;
}

/** At most this many slots of one recurring job are run per catch-up; older ones are skipped. */
export const MAX_SLOTS_PER_CATCH_UP = 10_000;
const POLL_MS = 200;

export class Scheduler {
  private oneShots: OneShot[] = [];
  private readonly recurring = new Map<Recurring, number>();
  private seq = 0;
  private running: Promise<FiredJob[]> | undefined;
  private poller: NodeJS.Timeout | undefined;

  constructor(private readonly clock: Clock) {}

  start(): void {
    this.poller = setInterval(() => void this.runDue(), POLL_MS);
    this.poller.unref();
  }

  stop(): void {
    if (this.poller) clearInterval(this.poller);
    this.poller = undefined;
  }

  at(dueAt: number, label: string, run: (dueAt: number) => Promise<void>): void {
    this.seq += 1;
    this.oneShots.push({ dueAt, seq: this.seq, label, run });
  }

  /** Adds a recurring job whose slots count from now: slots in the past never fire. */
  every(job: Recurring): void {
    this.recurring.set(job, this.clock.now());
  }

  clear(): void {
    this.oneShots = [];
    for (const job of this.recurring.keys()) this.recurring.set(job, this.clock.now());
  }

  pending(): Array<{ label: string; dueAt: number }> {
    const recurring = [...this.recurring].map(([job, last]) => ({
      label: job.label,
      dueAt: job.next(last) ?? Infinity,
    }));
    return [...this.oneShots.map(({ label, dueAt }) => ({ label, dueAt })), ...recurring].sort(
      (a, b) => a.dueAt - b.dueAt,
    );
  }

  /** Runs everything due up to now, in order; concurrent callers share one catch-up. */
  runDue(): Promise<FiredJob[]> {
    if (this.running) return this.running.then(() => this.runDue());
    this.running = this.catchUp().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async catchUp(): Promise<FiredJob[]> {
    const fired: FiredJob[] = [];
    const budget = new Map<Recurring, number>();
    for (;;) {
      const now = this.clock.now();
      const next = this.earliest(now, budget);
      if (!next) return fired;
      fired.push({ label: next.label, dueAt: next.dueAt });
      try {
        await next.run(next.dueAt);
      } catch (error) {
        console.error(`[emulator] scheduled job ${next.label} failed:`, error);
      }
    }
  }

  /** Takes the earliest due job off the queue (advancing a recurring job's last slot). */
  private earliest(
    now: number,
    budget: Map<Recurring, number>,
  ): { label: string; dueAt: number; run: (dueAt: number) => Promise<void> } | undefined {
    let best: { label: string; dueAt: number; take: () => void; run: (dueAt: number) => Promise<void> } | undefined;
    for (const shot of this.oneShots) {
      if (shot.dueAt <= now && (!best || shot.dueAt < best.dueAt)) {
        best = { ...shot, take: () => (this.oneShots = this.oneShots.filter((other) => other !== shot)) };
      }
    }
    for (const [job, last] of this.recurring) {
      const dueAt = job.next(last);
      if (dueAt === null || dueAt > now) continue;
      const used = budget.get(job) ?? 0;
      if (used >= MAX_SLOTS_PER_CATCH_UP) {
        // Skip the backlog beyond the budget: jump to the latest slot not after now.
        this.recurring.set(job, now);
        continue;
      }
      if (!best || dueAt < best.dueAt) {
        const slot = dueAt;
        best = {
          label: job.label,
          dueAt: slot,
          run: (at) => job.run(at),
          take: () => {
            this.recurring.set(job, slot);
            budget.set(job, used + 1);
          },
        };
      }
    }
    best?.take();
    return best;
  }
}
