/**
 * Delivery of payment and refund notifications to cloud functions, with WeChat Pay's
 * re-delivery schedule measured on the emulator's virtual clock: a notification counts as
 * delivered only when the function returns `{ errcode: 0, ... }`; anything else (another
 * value, a thrown error, a timeout) is retried after 15s, 15s, 30s, 3m, 10m, 20m, 30m, 30m,
 * 30m, 60m, 3h, 3h, 3h, 6h, 6h, then given up.
 */
import type { Emulator, InvokeResponse } from '../emulator';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** Delay before each re-delivery, counted from the previous attempt's due time. */
export const RETRY_DELAYS_MS: readonly number[] = [
  15 * SECOND,
  15 * SECOND,
  30 * SECOND,
  3 * MINUTE,
  10 * MINUTE,
  20 * MINUTE,
  30 * MINUTE,
  30 * MINUTE,
  30 * MINUTE,
  60 * MINUTE,
  3 * HOUR,
  3 * HOUR,
  3 * HOUR,
  6 * HOUR,
  6 * HOUR,
];

export interface Attempt {
  attempt: number;
  /** When the attempt was due on the virtual clock (ISO); the schedule is measured from these. */
  dueAt: string;
  invocationId: string;
  ok: boolean;
  /** `acknowledged`, `returned <json>` or `<error code>: <message>`. */
  outcome: string;
}

export type DeliveryState = 'DELIVERING' | 'ACKNOWLEDGED' | 'GAVE_UP';

export interface Delivery {
  functionName: string;
  event: Record<string, unknown>;
  state: DeliveryState;
  attempts: Attempt[];
  /** Due time of the next re-delivery (ISO), while one is scheduled. */
  nextAttemptAt?: string;
}

/** The platform's acknowledgement: an object whose errcode is exactly the number 0. */
function isAcknowledgement(result: unknown): boolean {
  return typeof result === 'object' && result !== null && (result as { errcode?: unknown }).errcode === 0;
}

/** Names the delivery a scheduled attempt belongs to: a payment's, or one of its refunds'. */
export interface DeliveryRef {
  outTradeNo: string;
  outRefundNo?: string;
}

/** The scheduled job of one delivery attempt (a JSON payload, so it survives restarts). */
interface AttemptJob {
  label: string;
  ref: DeliveryRef;
}

const ATTEMPT_JOB = 'payments.callback';

export class CallbackDelivery {
  /** Bumped by reset, so an attempt in flight during a reset schedules no re-delivery. */
  private generation = 0;

  constructor(
    private readonly emulator: Emulator,
    /** Finds the delivery a job names, in the payment book as it is now (undefined after a reset). */
    private readonly resolve: (ref: DeliveryRef) => Delivery | undefined,
  ) {
    emulator.scheduler.handle(ATTEMPT_JOB, async (payload, dueAt) => {
      const job = payload as AttemptJob;
      const delivery = this.resolve(job.ref);
      if (delivery) await this.attempt(job, delivery, dueAt);
    });
  }

  reset(): void {
    this.generation += 1;
  }

  create(functionName: string, event: Record<string, unknown>): Delivery {
    return { functionName, event, state: 'DELIVERING', attempts: [] };
  }

  /**
   * Makes the first attempt of a delivery that is in the payment book already. The attempt is a
   * scheduled job until it has run, and the job is durable before the function is invoked, so a
   * crash in between re-delivers after the restart, as the platform re-delivers what was not
   * acknowledged.
   */
  async deliver(label: string, ref: DeliveryRef, delivery: Delivery): Promise<void> {
    const now = this.emulator.options.clock.now();
    const job: AttemptJob = { label, ref };
    const id = this.emulator.scheduler.at(now, label, ATTEMPT_JOB, job);
    this.emulator.persist(['payments', 'scheduler']);
    if (this.emulator.scheduler.take(id)) await this.attempt(job, delivery, now);
  }

  private async attempt(job: AttemptJob, delivery: Delivery, dueAt: number): Promise<void> {
    const generation = this.generation;
    if (delivery.state !== 'DELIVERING') return;
    delivery.nextAttemptAt = undefined;
    // The platform's notifications carry no user: SOURCE wx_paycallback and no OPENID.
    const response = await this.emulator.invokeAs(delivery.functionName, delivery.event, {
      source: 'wx_paycallback',
      trigger: 'tcb',
    });
    if (generation !== this.generation) return;
    this.record(delivery, dueAt, response);
    if (delivery.state === 'DELIVERING') {
      const nextDue = dueAt + (RETRY_DELAYS_MS[delivery.attempts.length - 1] ?? 0);
      delivery.nextAttemptAt = new Date(nextDue).toISOString();
      this.emulator.scheduler.at(nextDue, `${job.label} (attempt ${delivery.attempts.length + 1})`, ATTEMPT_JOB, job);
    }
    this.emulator.persist(['payments', 'scheduler']);
  }

  /** Adds the attempt to the delivery's list and moves it to ACKNOWLEDGED or GAVE_UP when that is the outcome. */
  private record(delivery: Delivery, dueAt: number, response: InvokeResponse): void {
    const ok = !response.error && isAcknowledgement(response.result);
    const outcome = response.error
      ? `${response.error.code}: ${response.error.message}`
      : ok
        ? 'acknowledged'
        : `returned ${JSON.stringify(response.result ?? null)}`;
    const number = delivery.attempts.length + 1;
    delivery.attempts.push({
      attempt: number,
      dueAt: new Date(dueAt).toISOString(),
      invocationId: response.invocation.id,
      ok,
      outcome,
    });
    if (ok) delivery.state = 'ACKNOWLEDGED';
    else if (RETRY_DELAYS_MS[number - 1] === undefined) delivery.state = 'GAVE_UP';
  }
}
