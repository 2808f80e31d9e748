/** Control routes of the virtual clock: read it, advance it or set it (timers fire on the way). */
import type { VirtualClock } from './clock';
import type { EmulatorModule } from './module';
import type { Scheduler } from './scheduler';

export function clockModule(clock: VirtualClock, scheduler: Scheduler): EmulatorModule {
  const describe = (): Record<string, unknown> => ({
    now: new Date(clock.now()).toISOString(),
    nowMs: clock.now(),
    offsetMs: clock.offsetMs,
  });
  return {
    name: 'clock',
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
          try {
            if (typeof body.advanceMs === 'number') clock.advance(body.advanceMs);
            else if (typeof body.set === 'string' || typeof body.set === 'number')
              clock.set(new Date(body.set).getTime());
            else
              return {
                status: 400,
                body: { error: { code: 'BAD_REQUEST', message: 'give advanceMs (ms) or set (ISO time or epoch ms)' } },
              };
          } catch (error) {
            return { status: 400, body: { error: { code: 'BAD_REQUEST', message: (error as Error).message } } };
          }
          const fired = await scheduler.runDue();
          return {
            status: 200,
            body: { ...describe(), fired: fired.map((job) => ({ ...job, dueAt: new Date(job.dueAt).toISOString() })) },
          };
        },
      },
    ],
  };
}
