/**
 * Fault injection: make chosen requests fail, slow down, lose their response after the work
 * was done (the classic retry hazard), or kill the function instance serving them, so tests
 * can prove the product survives what the network and the platform do in production.
 *
 * A rule with an `action` applies to wire requests (optionally only those sent by invocations
 * of `function`); a rule with only a `function` applies to invocations of that function.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { EmulatorModule } from './module';

/**
 * The kinds of fault, with what each does to a wire request (a rule with an `action`) and to an
 * invocation (a rule with only a `function`). `GET /_emulator/faults/kinds` lists them for the console.
 */
const FAULT_KINDS = [
  {
    kind: 'fail',
    onRequest: 'answers a platform error (code, default SYS_ERR) and does nothing',
    onInvocation: 'the invocation fails at once (code, default FUNCTIONS_EXECUTE_FAIL) without running',
    fields: ['nth', 'times', 'code', 'message'],
  },
  {
    kind: 'delay',
    onRequest: 'waits delayMs before the request runs',
    onInvocation: 'waits delayMs before the function runs',
    fields: ['nth', 'times', 'delayMs'],
  },
  {
    kind: 'loseResponse',
    onRequest: 'the request runs (a write commits), then the connection closes unanswered',
    onInvocation: 'the function runs to the end, its caller gets FUNCTIONS_EXECUTE_FAIL',
    fields: ['nth', 'times'],
  },
  {
    kind: 'killInstance',
    onRequest: 'the request runs, then the instance of `function` that sent it is killed',
    onInvocation: 'the instance is killed delayMs into the invocation',
    fields: ['nth', 'times', 'delayMs'],
  },
  {
    kind: 'pause',
    onRequest: 'waits, before it runs, until the rule is released (or removed)',
    onInvocation: 'waits, before the function runs, until the rule is released (or removed)',
    fields: ['nth', 'times'],
  },
] as const;

export const FaultRuleInput = z
  .object({
    /** Wire action, e.g. `database.modifyDocument` or `functions.invokeFunction`. */
    action: z.string().min(1).optional(),
    /** Function name: only requests sent by (or invocations of) this function. */
    function: z.string().min(1).optional(),
    kind: z.enum(FAULT_KINDS.map((entry) => entry.kind)),
    /** The first matching request the rule fires on, counting from 1. */
    nth: z.number().int().min(1).default(1),
    /** How many consecutive matches it fires on from `nth`; 0 means every one after. */
    times: z.number().int().min(0).default(1),
    /** For `delay`: added before the request runs. For `killInstance` without `action`: kill this long after the invocation starts. */
    delayMs: z.number().int().min(0).max(600_000).optional(),
    /** For `fail`: the platform error code; default SYS_ERR for requests, FUNCTIONS_EXECUTE_FAIL for invocations. */
    code: z.string().optional(),
    message: z.string().default('[InternalError] fault injected by the emulator'),
  })
  .refine((rule) => rule.action !== undefined || rule.function !== undefined, 'give an action, a function, or both')
  .refine(
    (rule) => rule.kind !== 'killInstance' || rule.function !== undefined,
    'killInstance needs the function whose instance dies',
  )
  .refine((rule) => rule.kind !== 'delay' || rule.delayMs !== undefined, 'delay needs delayMs');
export type FaultRuleInput = z.input<typeof FaultRuleInput>;

export type FaultRule = z.output<typeof FaultRuleInput> & {
  id: string;
  seen: number;
  fired: number;
  /** `pause` rules: requests or invocations waiting now for the rule's release. */
  waiting: number;
};

/**
 * A `pause` rule is how a test puts two operations in an exact order without waiting for a
 * while: it pauses one at a chosen request, waits (by condition) until `waiting` is 1, does the
 * other, then releases the first. Removing or clearing a rule releases its waiters too, so a
 * failed test never leaves a request hanging.
 */
export class FaultInjector {
  private rules: FaultRule[] = [];
  private readonly waiters = new Map<string, Array<() => void>>();

  add(input: FaultRuleInput): FaultRule {
    const rule: FaultRule = {
      ...FaultRuleInput.parse(input),
      id: `fault-${randomBytes(6).toString('hex')}`,
      seen: 0,
      fired: 0,
      waiting: 0,
    };
    this.rules.push(rule);
    return rule;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    this.release(id);
    return this.rules.length < before;
  }

  clear(): void {
    for (const rule of this.rules) this.release(rule.id);
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  /** Waits until the `pause` rule that fired is released. */
  paused(rule: FaultRule): Promise<void> {
    return new Promise((resolve) => {
      rule.waiting += 1;
      this.waiters.set(rule.id, [...(this.waiters.get(rule.id) ?? []), resolve]);
    });
  }

  /** Lets every request paused by the rule go on; the rule stays (and pauses later matches). Answers how many went on. */
  release(id: string): number {
    const waiting = this.waiters.get(id) ?? [];
    this.waiters.delete(id);
    const rule = this.rules.find((candidate) => candidate.id === id);
    if (rule) rule.waiting = 0;
    for (const resolve of waiting) resolve();
    return waiting.length;
  }

  /** The rule that fires for a wire request, counting the request against every matching rule. */
  forRequest(action: string, functionName: string | undefined): FaultRule | undefined {
    return this.fire(
      (rule) => rule.action === action && (rule.function === undefined || rule.function === functionName),
    );
  }

  /** The rule that fires for an invocation of a function (rules without an action). */
  forInvocation(functionName: string): FaultRule | undefined {
    return this.fire((rule) => rule.action === undefined && rule.function === functionName);
  }

  private fire(matches: (rule: FaultRule) => boolean): FaultRule | undefined {
    let firing: FaultRule | undefined;
    for (const rule of this.rules) {
      if (!matches(rule)) continue;
      rule.seen += 1;
      const inWindow = rule.seen >= rule.nth && (rule.times === 0 || rule.seen < rule.nth + rule.times);
      if (inWindow && !firing) {
        rule.fired += 1;
        firing = rule;
      }
    }
    return firing;
  }
}

/** Control routes: list, add, remove and clear fault rules. */
export function faultModule(injector: FaultInjector): EmulatorModule {
  return {
    name: 'faults',
    reset: () => injector.clear(),
    routes: [
      { method: 'GET', pattern: /^\/faults$/, handle: () => ({ status: 200, body: { faults: injector.list() } }) },
      { method: 'GET', pattern: /^\/faults\/kinds$/, handle: () => ({ status: 200, body: { kinds: FAULT_KINDS } }) },
      {
        method: 'POST',
        pattern: /^\/faults$/,
        handle: ({ body }) => {
          const parsed = FaultRuleInput.safeParse(body);
          if (!parsed.success)
            return {
              status: 400,
              body: {
                error: { code: 'BAD_REQUEST', message: parsed.error.issues.map((issue) => issue.message).join('; ') },
              },
            };
          return { status: 200, body: injector.add(body as FaultRuleInput) };
        },
      },
      {
        method: 'POST',
        pattern: /^\/faults\/([^/]+)\/release$/,
        handle: ({ params }) => ({ status: 200, body: { released: injector.release(params[0] ?? '') } }),
      },
      {
        method: 'DELETE',
        pattern: /^\/faults$/,
        handle: () => (injector.clear(), { status: 200, body: { ok: true } }),
      },
      {
        method: 'DELETE',
        pattern: /^\/faults\/([^/]+)$/,
        handle: ({ params }) =>
          injector.remove(params[0] ?? '')
            ? { status: 200, body: { ok: true } }
            : { status: 404, body: { error: { code: 'NOT_FOUND', message: 'no such fault' } } },
      },
    ],
  };
}
