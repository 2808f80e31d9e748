/**
 * Timer triggers: each function's config.json may declare one trigger with a 7-field cron
 * (second minute hour day month weekday year) in UTC+8, as on the platform. The scheduler
 * fires it by the emulator's clock; `POST /_emulator/timers/<name>` fires one now.
 * `POST /_emulator/timers/<function>/run` (and `run()` here) invokes a timer function the way its
 * trigger does, with inputs such as a time budget added to the event, for tests and the console:
 * the function sees the timer's identity, so it needs no door for callers other than its trigger.
 */
import { Cron } from 'croner';
import type { Emulator, InvokeResponse } from './emulator';
import { TcbApiError } from './errors';
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
  return {
    Type: 'Timer',
    TriggerName: trigger,
    Time: new Date(dueAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Message: '',
  };
}

/** The scheduler's label of a timer's slots (also the key of its last slot in the state). */
function timerLabel(functionName: string, trigger: string): string {
  return `timer ${functionName}/${trigger}`;
}

export class TimerModule implements EmulatorModule {
  readonly name = 'timers';
  private readonly timers: TimerSpec[] = [];
  private firings: TimerFiring[] = [];

  constructor(
    private readonly emulator: Emulator,
    private readonly scheduler: Scheduler,
  ) {
    const enabled = emulator.options.timers;
    for (const name of emulator.runtime.names().filter((fn) => enabled === 'all' || enabled.includes(fn))) {
      for (const trigger of emulator.runtime.config(name).triggers) {
        const schedule = new Cron(trigger.config, { timezone: TIMER_TIME_ZONE, paused: true, legacyMode: true });
        const spec: TimerSpec = { trigger: trigger.name, function: name, cron: trigger.config, schedule };
        this.timers.push(spec);
        scheduler.every({
          label: timerLabel(name, trigger.name),
          next: (after) => schedule.nextRun(new Date(after))?.getTime() ?? null,
          // A failed run is never quiet: coalescing must not hide repeated failures.
          run: async (dueAt) => ({ quiet: (await this.fire(spec, dueAt)).ok }),
        });
      }
    }
  }

  /** Invokes the timer's function as the platform does: no user, source wx_trigger. */
  async fire(spec: TimerSpec, dueAt: number): Promise<TimerFiring> {
    const response = await this.emulator.invokeAs(spec.function, timerEvent(spec.trigger, dueAt), {
      source: 'wx_trigger',
      trigger: 'timer',
    });
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

  /**
   * Invokes a timer function as its trigger does (no user, source wx_trigger), with `data` added
   * to the timer event. It is not a firing of the schedule, so the history does not list it.
   */
  async run(functionName: string, data: object = {}): Promise<InvokeResponse> {
    const trigger = this.emulator.runtime.has(functionName)
      ? this.emulator.runtime.config(functionName).triggers[0]
      : undefined;
    if (!trigger) throw new TcbApiError('TIMER_NOT_FOUND', `${functionName} has no timer trigger`);
    const event = { ...timerEvent(trigger.name, this.emulator.options.clock.now()), ...data };
    return this.emulator.invokeAs(functionName, event, { source: 'wx_trigger', trigger: 'timer' });
  }

  list(): Array<{
    trigger: string;
    function: string;
    cron: string;
    nextAt: string | null;
    missedWhileStopped?: number;
  }> {
    const now = new Date(this.emulator.options.clock.now());
    return this.timers.map((spec) => {
      const missed = this.scheduler.missedWhileStopped.get(timerLabel(spec.function, spec.trigger));
      return {
        trigger: spec.trigger,
        function: spec.function,
        cron: spec.cron,
        nextAt: spec.schedule.nextRun(now)?.toISOString() ?? null,
        ...(missed ? { missedWhileStopped: missed } : {}),
      };
    });
  }

  history(): TimerFiring[] {
    return [...this.firings];
  }

  reset(): void {
    this.firings = [];
  }

  readonly routes: ControlRoute[] = [
    {
      method: 'GET',
      pattern: /^\/timers$/,
      handle: () => ({ status: 200, body: { timers: this.list(), firings: this.history() } }),
    },
    {
      method: 'POST',
      pattern: /^\/timers\/([^/]+)\/run$/,
      handle: async ({ params, body }) => {
        const name = params[0] ?? '';
        if (!this.emulator.runtime.has(name) || this.emulator.runtime.config(name).triggers.length === 0) {
          return { status: 404, body: { error: { code: 'TIMER_NOT_FOUND', message: `${name} has no timer trigger` } } };
        }
        const data = (body as { data?: unknown }).data;
        const response = await this.run(
          name,
          data && typeof data === 'object' ? (data as Record<string, unknown>) : {},
        );
        return { status: response.error ? 502 : 200, body: response };
      },
    },
    {
      method: 'POST',
      pattern: /^\/timers\/([^/]+)$/,
      handle: async ({ params }) => {
        const spec = this.timers.find((timer) => timer.trigger === params[0] || timer.function === params[0]);
        if (!spec)
          return { status: 404, body: { error: { code: 'TIMER_NOT_FOUND', message: `no timer named ${params[0]}` } } };
        return { status: 200, body: await this.fire(spec, this.emulator.options.clock.now()) };
      },
    },
  ];
}
