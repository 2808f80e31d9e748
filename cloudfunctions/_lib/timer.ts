/**
 * The one entry of every timer function (a function whose config.json declares a timer trigger):
 * `export const main = timerMain(name, contract, run)`. It does, in this order and the same way
 * for all of them:
 *
 * 1. Source check. Only the platform's timer trigger may start a run: getWXContext() then has no
 *    OPENID and SOURCE `wx_trigger`. A mini-program user (SOURCE `wx_client`, with an OPENID), a
 *    web or HTTP caller, another function (SOURCE `...,scf`) or a server SDK script (`scf`) is
 *    refused with FORBIDDEN. No function calls a timer, so no internal caller needs a door; tests
 *    and the emulator's console invoke a timer the way its trigger does (emulator/src/timers.ts).
 * 2. Input. The timer's event (`{ Type, TriggerName, Time, Message }`) is parsed with the
 *    timer's contract (shared/contracts/timers.ts); the trigger sends none of the contract's
 *    fields, so the defaults apply. Tests add a `budgetMs` or a page size to the event.
 * 3. One time budget: half the function's timeout, which the runtime passes as
 *    `context.time_limit_in_ms` (the `timeout` of config.json, 60 s for every timer). The other
 *    half is kept for the item in progress when the budget runs out, and for writing the report.
 *    An input `budgetMs` may lower the budget (tests), never raise it.
 *    Elapsed time is measured with `performance.now()`: it is monotonic and counts from the
 *    process's start, so it moves at the speed of real time whatever `Date` says. `Date` follows
 *    the platform's wall clock, which may be adjusted, and on the emulator it is the virtual
 *    clock, which jumps by hours while a test moves time; a budget measured with `Date.now()`
 *    would end a run at the first jump. `context.getRemainingTimeInMillis()` was not chosen
 *    because not every runtime version passes it, and how it measures is the runtime's affair.
 * 4. The answer: a Result (shared/result.ts) whose data is the timer's report, which always has
 *    `done` and `failed` (TimerReport in shared/contracts/timers.ts) plus the timer's own counts;
 *    the report is checked against the timer's output contract first (a refused one throws).
 */
import type { z } from 'zod';
import type { TimerContract, TimerReport } from '@shared/contracts/timers';
import { fail, ok, type Result } from '@shared/result';
import { caller, parseEvent } from './cloud';

/** getWXContext().SOURCE of an invocation by a timer trigger. */
const TIMER_SOURCE = 'wx_trigger';

/** The timeout every timer's config.json sets, for a runtime that does not pass `time_limit_in_ms`. */
export const TIMER_TIMEOUT_MS = 60_000;

/** The part of the runtime's context a timer reads. */
export interface TimerContext {
  time_limit_in_ms?: number;
}

/** A run's time budget, measured in real time. */
export interface TimerBudget {
  /** No new item (order, page, batch) starts after this many milliseconds of the run. */
  readonly budgetMs: number;
  /** Real milliseconds since the run started. */
  elapsedMs(): number;
  /** True while new work may start. */
  left(): boolean;
}

/** Half the timeout, lowered (never raised) by a budget the input asks for. */
export function timerBudgetMs(timeLimitMs: number | undefined, requestedMs: number | undefined): number {
  const halfTimeoutMs = (timeLimitMs && timeLimitMs > 0 ? timeLimitMs : TIMER_TIMEOUT_MS) / 2;
  return Math.min(requestedMs ?? halfTimeoutMs, halfTimeoutMs);
}

/** A budget that starts now (also for the admin's re-run of a reconciliation, which is no timer). */
export function startBudget(budgetMs: number): TimerBudget {
  const started = performance.now();
  const elapsedMs = (): number => performance.now() - started;
  return { budgetMs, elapsedMs, left: () => elapsedMs() < budgetMs };
}

/** True when the platform's timer trigger made this invocation. */
function fromTimerTrigger(): boolean {
  const who = caller();
  return who.openid === '' && who.source === TIMER_SOURCE;
}

/**
 * The `main` of a timer function. `run` gets the parsed input, the run's budget and the time the
 * run started at (the platform's clock, virtual on the emulator).
 */
export function timerMain<I extends { budgetMs?: number | undefined }, O extends TimerReport>(
  functionName: string,
  contract: TimerContract<z.ZodType<I>, z.ZodType<O>>,
  run: (input: I, budget: TimerBudget, now: Date) => Promise<O>,
): (event: unknown, context?: TimerContext) => Promise<Result<O>> {
  return async (event, context) => {
    if (!fromTimerTrigger()) return fail('FORBIDDEN', `${functionName} runs from its timer`);
    const input = parseEvent(contract.input, event);
    if (!input.ok) return input;
    const budget = startBudget(timerBudgetMs(context?.time_limit_in_ms, input.data.budgetMs));
    const report = await run(input.data, budget, new Date());
    // As for every other function (_lib/router.ts), a report its contract refuses is a bug.
    const checked = contract.output.safeParse(report);
    if (!checked.success)
      throw new Error(`${functionName} reported what its contract refuses: ${checked.error.message}`);
    return ok(report);
  };
}
