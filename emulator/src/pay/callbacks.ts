/**
 * Delivery of payment and refund notifications to cloud functions, with WeChat Pay's
 * re-delivery schedule measured on the emulator's virtual clock: a notification counts as
 * delivered only when the function returns `{ errcode: 0, ... }`; anything else (another
 * value, a thrown error, a timeout) is retried after 15s, 15s, 30s, 3m, 10m, 20m, 30m, 30m,
 * 30m, 60m, 3h, 3h, 3h, 6h, 6h, then given up.
 */
import type { Emulator } from '../emulator';

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

export class CallbackDelivery {
  /** Bumped by reset, so re-deliveries scheduled before a reset do nothing. */
  private generation = 0;

  constructor(private readonly emulator: Emulator) {}

  reset(): void {
    this.generation += 1;
  }

  /** Makes the first attempt now and schedules the re-deliveries it needs. */
  async start(label: string, functionName: string, event: Record<string, unknown>): Promise<Delivery> {
    const delivery: Delivery = { functionName, event, state: 'DELIVERING', attempts: [] };
    await this.attempt(label, delivery, this.emulator.options.clock.now(), this.generation);
    return delivery;
  }

  private async attempt(label: string, delivery: Delivery, dueAt: number, generation: number): Promise<void> {
    if (generation !== this.generation || delivery.state !== 'DELIVERING') return;
    delivery.nextAttemptAt = undefined;
    // The platform's notifications carry no user: SOURCE wx_paycallback and no OPENID.
    const response = await this.emulator.invokeAs(delivery.functionName, delivery.event, {
      source: 'wx_paycallback',
      trigger: 'tcb',
    });
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
    if (ok) {
      delivery.state = 'ACKNOWLEDGED';
      return;
    }
    const delay = RETRY_DELAYS_MS[number - 1];
    if (delay === undefined) {
      delivery.state = 'GAVE_UP';
      return;
    }
    const nextDue = dueAt + delay;
    delivery.nextAttemptAt = new Date(nextDue).toISOString();
    this.emulator.scheduler.at(nextDue, `${label} (attempt ${number + 1})`, (at) =>
      this.attempt(label, delivery, at, generation),
    );
  }
}
