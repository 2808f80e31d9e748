/**
 * Control routes of the virtual clock: read it, advance it or set it (timers fire on the way).
 * The clock's offset and the scheduler's jobs and timer slots are module state, so durable mode
 * and the state file keep them.
 */
import type { VirtualClock } from './clock';
import type { ControlReply, EmulatorModule, ModuleState } from './module';
import type { FiredJob, Scheduler } from './scheduler';

/** The advance answer lists at most this many fired jobs; the summary counts all of them. */
const LISTED_FIRINGS = 100;

export interface AdvanceSummary {
  /** Jobs that ran. */
  fired: number;
  /** Slots coalesced instead of run (only with `coalesce: true`). */
  coalesced: number;
  /** Slots not fired at all: always 0, every slot of the advance is fired or coalesced. */
  skipped: number;
  /** Per job label (`timer <function>/<trigger>`, `refund <no>`, ...): how many ran and were coalesced. */
  byJob: Record<string, { fired: number; coalesced: number }>;
}

/** Counts a catch-up's jobs per label, so a 7-day advance answers a summary, not 13,000 entries. */
export function summarize(jobs: readonly FiredJob[]): AdvanceSummary {
  const summary: AdvanceSummary = { fired: 0, coalesced: 0, skipped: 0, byJob: {} };
  for (const job of jobs) {
    const counts = (summary.byJob[job.label] ??= { fired: 0, coalesced: 0 });
    if (job.coalesced) {
      counts.coalesced += 1;
      summary.coalesced += 1;
    } else {
      counts.fired += 1;
      summary.fired += 1;
    }
  }
  return summary;
}

function badRequest(message: string): ControlReply {
  return { status: 400, body: { error: { code: 'BAD_REQUEST', message } } };
}

/** Moves the clock as the body asks; a message when the body is wrong or would move it back. */
function move(clock: VirtualClock, body: Record<string, unknown>): string | undefined {
  try {
    if (typeof body.advanceMs === 'number') clock.advance(body.advanceMs);
    else if (typeof body.set === 'string' || typeof body.set === 'number') clock.set(new Date(body.set).getTime());
    else return 'give advanceMs (ms) or set (ISO time or epoch ms)';
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

export function clockModule(clock: VirtualClock, scheduler: Scheduler): EmulatorModule {
  const describe = (): Record<string, unknown> => ({
    now: new Date(clock.now()).toISOString(),
    nowMs: clock.now(),
    offsetMs: clock.offsetMs,
  });
  return {
    name: 'clock',
    exportState: (): ModuleState => ({ offsetMs: clock.offsetMs, nowMs: clock.now() }),
    importState: (state) => {
      const offsetMs = typeof state.offsetMs === 'number' ? state.offsetMs : 0;
      clock.restore(offsetMs, typeof state.nowMs === 'number' ? state.nowMs : undefined);
    },
    routes: [
      {
        method: 'GET',
        pattern: /^\/clock$/,
        handle: () => ({ status: 200, body: { ...describe(), pending: scheduler.pending().slice(0, 50) } }),
      },
      {
        method: 'POST',
        pattern: /^\/clock$/,
        handle: async ({ body }) => {
          if (body.coalesce !== undefined && typeof body.coalesce !== 'boolean')
            return badRequest('coalesce must be true or false');
          const refused = move(clock, body);
          if (refused) return badRequest(refused);
          const jobs = await scheduler.runDue({ coalesce: body.coalesce === true });
          const fired = jobs.filter((job) => !job.coalesced);
          return {
            status: 200,
            body: {
              ...describe(),
              fired: fired
                .slice(0, LISTED_FIRINGS)
                .map((job) => ({ label: job.label, dueAt: new Date(job.dueAt).toISOString() })),
              summary: summarize(jobs),
            },
          };
        },
      },
    ],
  };
}

/** The scheduler's pending jobs and timer slots as module state (see Scheduler.exportState). */
export function schedulerModule(scheduler: Scheduler): EmulatorModule {
  return {
    name: 'scheduler',
    exportState: () => scheduler.exportState(),
    importState: (state) => scheduler.importState(state),
  };
}
