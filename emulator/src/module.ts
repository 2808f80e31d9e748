/**
 * Extension points of the emulator. Each platform service beyond the database (payments,
 * open API, storage, timers, ...) is a module that registers wire actions and control-plane
 * routes, so services stay in their own files and the core stays small.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { InvocationStats } from './stats';
import type { Identity } from './functions/runtime';

/** One wire request: a JSON body, or the fields of a multipart body. */
export interface WireRequest {
  action: string;
  fields: Record<string, unknown>;
  /** The calling invocation and its identity, when the request came from a function. */
  invocation?: InvocationStats;
  identity?: Identity;
}

/** A JSON reply (the usual envelope; requestId is added) or raw bytes with their content type. */
export type WireReply =
  | { kind: 'json'; body: Record<string, unknown> }
  | { kind: 'raw'; body: Buffer | string; contentType: string }
  /** Close the connection without answering: the caller sees a network error. */
  | { kind: 'drop' };

export interface ControlReply {
  status: number;
  body: unknown;
  /** Defaults to JSON; set for HTML pages and files. */
  contentType?: string;
}

export interface ControlRequest {
  /** Capture groups of the route's pattern. */
  params: string[];
  /** The parsed JSON body ({} for routes with `rawBody`). */
  body: Record<string, unknown>;
  /** The body's bytes, for routes with `rawBody` (uploads). */
  raw?: Buffer;
  /** Request headers (lower-case names), e.g. the WeChat Pay v3 `authorization`. */
  headers: IncomingHttpHeaders;
  url: URL;
}

export interface ControlRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Matched against the path after `/_emulator`, e.g. /^\/payments\/([^/]+)\/pay$/. */
  pattern: RegExp;
  /** Set for routes whose body is not JSON (file uploads): the bytes arrive as `raw`. */
  rawBody?: boolean;
  handle(request: ControlRequest): Promise<ControlReply> | ControlReply;
}

export interface EmulatorModule {
  readonly name: string;
  actions?: Record<string, (request: WireRequest) => Promise<WireReply>>;
  routes?: ControlRoute[];
  /** Drops the module's state (POST /_emulator/reset). */
  reset?(): void;
  /**
   * The module's state as JSON records by key (one payment, one scheduled job, ...), for the
   * state file (`GET /_emulator/state`) and, in durable mode, for the journal, which writes
   * only the records that changed. Modules without state that outlives a request leave it out.
   */
  exportState?(): ModuleState;
  /** Replaces the module's whole state with records `exportState` produced (start-up, `PUT /_emulator/state`). */
  importState?(state: ModuleState): void;
  /**
   * True when the module keeps its state durable by itself (stored files are written to disk):
   * the journal then leaves it out, while the state file still carries it.
   */
  readonly durableByItself?: boolean;
  stop?(): Promise<void>;
}

/** A module's state: JSON values by record key. */
export type ModuleState = Record<string, unknown>;

export const json = (body: Record<string, unknown>): WireReply => ({ kind: 'json', body });
