/**
 * Route tables: how a cloud function's operations are tied to their contracts, once, for both
 * sides. A routed function's contract file exports `XXX_CONTRACTS = { route: { input, output } }`
 * (zod schemas) and `XXX_ERRORS = ['CODE', ...] as const`, the codes its routes may fail with
 * besides the common ones (shared/result.ts COMMON_ERRORS). A single-operation function exports
 * one `{ input, output }` contract instead.
 *
 * The server's router (cloudfunctions/_lib/router.ts) parses inputs and checks outputs with these
 * schemas; the mini-program imports the tables as types only (services/call.ts), so it gets the
 * same input and output types without bundling zod.
 */
import type { z } from 'zod';

/** One operation: what the caller sends (`input`) and what `data` holds on `ok: true` (`output`). */
export interface OperationContract {
  readonly input: z.ZodType;
  readonly output: z.ZodType;
}

/** The operations of a routed function, by their `$url`. */
export type RouteTable = { readonly [route: string]: OperationContract };

/** What a caller may send to `route` (the contract's input side: defaults may be left out). */
export type RouteInput<T extends RouteTable, R extends keyof T> = z.input<T[R]['input']>;

/** What `route` answers in `data` (the output contract's parsed side). */
export type RouteOutput<T extends RouteTable, R extends keyof T> = z.output<T[R]['output']>;

/** The input a handler gets: the input contract's parsed side (defaults applied). */
export type ParsedInput<C extends OperationContract> = z.output<C['input']>;

/** What a handler must produce: anything the output contract accepts. */
export type HandlerOutput<C extends OperationContract> = z.input<C['output']>;
