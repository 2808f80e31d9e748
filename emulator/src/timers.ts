/**
 * Timer triggers: each function's config.json may declare one trigger with a 7-field cron
 * (second minute hour day month weekday year) in UTC+8, as on the platform. The scheduler
 * fires it by the emulator's clock; `POST /_emulator/timers/<name>` fires one now.
 */
import { Cron } from 'croner';
import type { Emulator } from './emulator';
import type { ControlRoute, EmulatorModule } from './module';
import type { Scheduler } from './scheduler';

/** The platform evaluates timer crons in China Standard Time. */
export const TIMER_TIME_ZONE = 'Asia/Shanghai';

export interface TimerFiring {
  trigger: string;
  function: string;
  /** The slot the firing was due at (ISO time). */
  dueAt: string;
  invocationId: string;
  ok: boolean;
}

interface TimerSpec {
  trigger: string;
  function: string;
  cron: string;
  schedule: Cron;
}

/** The event a timer-triggered function receives (SCF timer event format). */
function timerEvent(trigger: string, dueAt: number): Record<string, unknown> {
  return { Type: 'Timer', TriggerName: trigger, Time: new Date(dueAt).toISOString().replace(/\.\d{3}Z$/, 'Z'), Message: '' };
}

export class TimerModule implements EmulatorModule {
  readonly name = 'timers';
  private readonly timers: TimerSpec[] = [];
  private firings: TimerFiring[] = [];

  constructor(
    private readonly emulator: Emulator,
    scheduler: Scheduler,
  ) {
    const enabled = emulator.options.timers;
    for (const name of emulator.runtime.names().filter((fn) => enabled === 'all' || enabled.includes(fn))) {
      for (const trigger of emulator.runtime.config(name).triggers) {
        const schedule = new Cron(trigger.config, { timezone: TIMER_TIME_ZONE, paused: true, legacyMode: true });
        const spec: TimerSpec = { trigger: trigger.name, function: name, cron: trigger.config, schedule };
        this.timers.push(spec);
        scheduler.every({
          label: `timer ${name}/${trigger.name}`,
          next: (after) => schedule.nextRun(new Date(after))?.getTime() ?? null,
          run: async (dueAt) => {
            await this.fire(spec, dueAt);
          },
        });
      }
    }
  }

  /** Invokes the timer's function as the platform does: no user, source wx_trigger. */
  async fire(spec: TimerSpec, dueAt: number): Promise<TimerFiring> {
    const response = await this.emulator.invokeAs(spec.function, timerEvent(spec.trigger, dueAt), { source: 'wx_trigger', trigger: 'timer' });
    const firing: TimerFiring = {
      trigger: spec.trigger,
      function: spec.function,
      dueAt: new Date(dueAt).toISOString(),
      invocationId: response.invocation.id,
      ok: !response.error,
    };
    this.firings.push(firing);
    return firing;
  }

  list(): Array<{ trigger: string; function: string; cron: string; nextAt: string | null }> {
    const now = new Date(this.emulator.options.clock.now());
    return this.timers.map((spec) => ({ trigger: spec.trigger, function: spec.function, cron: spec.cron, nextAt: spec.schedule.nextRun(now)?.toISOString() ?? null }));
  }

  history(): TimerFiring[] {
    return [...this.firings];
  }

  reset(): void {
    this.firings = [];
  }

  readonly routes: ControlRoute[] = [
    { method: 'GET', pattern: /^\/timers$/, handle: () => ({ status: 200, body: { timers: this.list(), firings: this.history() } }) },
    {
      method: 'POST',
      pattern: /^\/timers\/([^/]+)$/,
      handle: async ({ params }) => {
        const spec = this.timers.find((timer) => timer.trigger === params[0] || timer.function === params[0]);
        if (!spec) return { status: 404, body: { error: { code: 'TIMER_NOT_FOUND', message: `no timer named ${params[0]}` } } };
        return { status: 200, body: await this.fire(spec, this.emulator.options.clock.now()) };
      },
    },
  ];
}
