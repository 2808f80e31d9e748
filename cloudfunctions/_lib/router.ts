/**
 * Routing for every function the mini-program calls: one route table (shared/routeTable.ts) and
 * one handler per route, typed from it. `serveTable` parses the route's input with its contract
 * (bad input reads and writes nothing: INVALID_INPUT), takes the caller's identity from the
 * platform (never from the event), runs the function's guard if it has one, runs the handler and
 * checks its output with the output contract. An output that fails its contract is a broken
 * invariant of the function, not something the caller can fix: it throws (the platform reports
 * the function as failed) rather than answering a Result the client would trust.
 *
 * The event is `{ $url: route, ...input }`, the convention tcb-router introduced; tcb-router
 * itself is not used any more. Dispatching is a lookup in the table, which also gives the
 * handler its types; tcb-router's koa-style middleware chain added nothing to that and typed its
 * answer as `any`.
 */
import type { z } from 'zod';
import { fail, type CommonError, type Result } from '@shared/result';
import type { HandlerOutput, OperationContract, ParsedInput, RouteTable } from '@shared/routeTable';
import { caller, parseEvent } from './cloud';

/** What every handler gets besides its input. */
export interface RouteContext {
  /** The caller's OPENID from getWXContext(); '' only for functions served with `public: true`. */
  openid: string;
  /** The caller's mini-program appid (a WeChat transfer is billed to it). */
  appid: string;
  /** The time of the call (the emulator's virtual clock in tests). */
  now: Date;
}

/** The handler of one operation: parsed input in, a result its output contract accepts out. */
export type Handler<C extends OperationContract, E extends string> = (
  input: ParsedInput<C>,
  context: RouteContext,
) => Promise<Result<HandlerOutput<C>, E>>;

/** One handler per route of `T`, each failing only with the codes `E`. */
export type Handlers<T extends RouteTable, E extends string> = { [R in keyof T]: Handler<T[R], E> };

export interface ServeOptions<T extends RouteTable> {
  /** The function's name, for messages. */
  name: string;
  /** True when a call without OPENID is served too (the catalog, diagnostics); `openid` is then ''. */
  public?: boolean;
  /**
   * The route of an event without `$url` (placeOrder's order); without it such an event is
   * UNKNOWN_ROUTE. With it, an unknown `$url` is INVALID_INPUT, as that route's strict input says.
   */
  defaultRoute?: keyof T & string;
  /** Runs after the input is parsed and the caller known; a failure is answered as is (admin's FORBIDDEN). */
  guard?: (route: keyof T & string, context: RouteContext) => Promise<Result<never, CommonError> | null>;
}

/** What a served function answers: its data, or one of its codes or the router's. */
export type Served<E extends string> = (event: unknown) => Promise<Result<unknown, E | CommonError>>;

function routeOf<T extends RouteTable>(
  table: T,
  url: unknown,
  defaultRoute: string | undefined,
): (keyof T & string) | null {
  const name = url === undefined ? defaultRoute : url;
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(table, name) ? name : null;
}

/** Runs one operation: parse, identify, guard, handle, check the output. */
async function runOperation<C extends OperationContract, E extends string>(
  contract: C,
  handler: Handler<C, E>,
  data: unknown,
  options: {
    name: string;
    route: string;
    public?: boolean;
    guard?: (context: RouteContext) => Promise<Result<never, CommonError> | null>;
  },
): Promise<Result<unknown, E | CommonError>> {
  const input = parseEvent(contract.input as z.ZodType<ParsedInput<C>>, data);
  if (!input.ok) return input;
  const { openid, appid } = caller();
  if (!openid && !options.public)
    return fail('UNAUTHENTICATED', `${options.name} must be called from the mini-program`);
  const context: RouteContext = { openid, appid, now: new Date() };
  const refused = options.guard ? await options.guard(context) : null;
  if (refused) return refused;
  const result = await handler(input.data, context);
  if (!result.ok) return result;
  const checked = contract.output.safeParse(result.data);
  if (!checked.success) {
    const issues = checked.error.issues
      .map((issue) => `${issue.path.join('.') || 'data'}: ${issue.message}`)
      .join('; ');
    throw new Error(`${options.name}.${options.route} answered data its output contract refuses: ${issues}`);
  }
  // The handler's own value is answered (not the parsed copy), so nothing is dropped or reshaped.
  return result;
}

/** The `main` of a routed function: `export const main = serveTable(TABLE, handlers, { name })`. */
export function serveTable<T extends RouteTable, E extends string>(
  table: T,
  handlers: Handlers<T, E>,
  options: ServeOptions<T>,
): Served<E> {
  const names = Object.keys(table);
  return async (event) => {
    const payload = (event && typeof event === 'object' ? event : {}) as Record<string, unknown>;
    const { $url, ...data } = payload;
    const route = routeOf(table, $url, options.defaultRoute);
    if (route === null) {
      const message = `unknown route ${JSON.stringify($url ?? null)}; routes: ${names.join(', ')}`;
      // With a default route the event is that route's input, in which `$url` is one field too many.
      return options.defaultRoute ? fail('INVALID_INPUT', `$url: ${message}`) : fail('UNKNOWN_ROUTE', message);
    }
    const guard = options.guard;
    return runOperation(table[route] as T[typeof route], handlers[route], data, {
      name: options.name,
      route,
      public: options.public,
      guard: guard && ((context) => guard(route, context)),
    });
  };
}

/**
 * The `main` of a single-operation function (bindReferrer, poster, ...): the event is the input.
 * settleCommission passes `public` with a guard that refuses any user: only functions start it.
 */
export function serveOne<C extends OperationContract, E extends string>(
  contract: C,
  handler: Handler<C, E>,
  options: {
    name: string;
    public?: boolean;
    guard?: (context: RouteContext) => Promise<Result<never, CommonError> | null>;
  },
): Served<E> {
  return (event) => runOperation(contract, handler, event, { ...options, route: 'main' });
}
