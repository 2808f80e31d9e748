/**
 * What an instance is doing for its invocation, shared with the emulator's thread without a
 * message (so it is never late): how many wire requests it has sent and not yet digested, and
 * how many short pauses (`setTimeout` up to SHORT_PAUSE_MS: the functions' retry and back-off
 * sleeps) are pending. The interleaving gate (emulator/src/interleave.ts) lets a request through
 * only when every running invocation is blocked at it; with these counts it also knows that an
 * invocation doing several things at once has sent all its requests, and that none of its
 * branches is still computing on an answer.
 *
 * Under the gate a short pause does not run on a timer: it waits at the gate like a request and
 * ends when the gate chooses it, so two branches of one invocation pausing a random moment each
 * go on in an order that depends only on the gate's seed. Each request and pause carries its
 * number within the invocation (`seq`; requests in the `x-emulator-seq` header), and the gate
 * takes one invocation's requests and pauses in the order they were made.
 *
 * Layout of the shared Int32Array: [generation, busy, seq]. The instance bumps `generation` and
 * zeroes the rest when an invocation starts; a request or pause made under an older generation
 * (an answer the previous invocation did not await) no longer counts.
 */
import http from 'node:http';
import https from 'node:https';

/** Pauses up to this long are a function's own sleeps; longer timers are timeouts and warnings. */
const SHORT_PAUSE_MS = 1_000;
export const SEQ_HEADER = 'x-emulator-seq';

const GENERATION = 0;
const BUSY = 1;
const SEQ = 2;
export const ACTIVITY_SLOTS = 3;

/** Reads an instance's busy count from the emulator's thread. */
export function busyOf(shared: Int32Array): number {
  return Atomics.load(shared, BUSY);
}

interface Invocation {
  /** The invocation in flight, if any. */
  current(): string | undefined;
  /** Whether the gate orders it. */
  gated(): boolean;
  /** Tells the emulator that a gated pause waits for the gate. */
  paused(requestId: string, id: number, seq: number): void;
}

export interface Activity {
  invocationStarted(): void;
  /** The gate ends a pause (`id`), or every pending one (`undefined`: the gate was turned off). */
  endPause(id: number | undefined): void;
}

/** Installs the counting in an instance (its worker thread), before the function's code loads. */
export function trackActivity(shared: Int32Array, invocation: Invocation): Activity {
  const begin = (): (() => void) | undefined => {
    if (invocation.current() === undefined) return undefined;
    const generation = Atomics.load(shared, GENERATION);
    Atomics.add(shared, BUSY, 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (Atomics.load(shared, GENERATION) === generation) Atomics.sub(shared, BUSY, 1);
    };
  };
  const nextSeq = (): number => Atomics.add(shared, SEQ, 1) + 1;
  countRequests(begin, nextSeq);
  const pauses = countPauses(begin, nextSeq, invocation);
  return {
    invocationStarted: () => {
      Atomics.add(shared, GENERATION, 1);
      Atomics.store(shared, BUSY, 0);
      Atomics.store(shared, SEQ, 0);
    },
    endPause: pauses.end,
  };
}

/**
 * A request counts from its creation until its answer was digested: two turns of the event loop
 * after the response ended (or the request failed), by which time the code that awaited it has
 * run up to its next request or pause.
 */
function countRequests(begin: () => (() => void) | undefined, nextSeq: () => number): void {
  for (const module of [http, https]) {
    const original = module.request.bind(module) as (...args: unknown[]) => http.ClientRequest;
    (module as { request: unknown }).request = (...args: unknown[]): http.ClientRequest => {
      const request = original(...args);
      const end = begin();
      if (!end) return request;
      request.setHeader(SEQ_HEADER, String(nextSeq()));
      const digested = (): void => void setImmediate(() => setImmediate(end));
      request.once('error', digested);
      request.once('close', digested);
      request.once('response', (response: http.IncomingMessage) => {
        response.once('end', digested);
        response.once('error', digested);
      });
      return request;
    };
  }
}

/**
 * Short pauses count from `setTimeout` until they end or are cleared. Ungated, they run on their
 * timer; gated, they wait for the gate's `endPause` (the returned handle is a real, unref'd timer
 * that never fires, so clearTimeout and unref work on it as usual).
 */
function countPauses(
  begin: () => (() => void) | undefined,
  nextSeq: () => number,
  invocation: Invocation,
): { end(id: number | undefined): void } {
  const originalSet = globalThis.setTimeout;
  const originalClear = globalThis.clearTimeout;
  /** Every counted pause by its handle: what uncounts it. */
  const counted = new Map<unknown, () => void>();
  /** Gated pauses by id: their handle and what runs when the gate ends them. */
  const gated = new Map<number, { handle: NodeJS.Timeout; run: () => void }>();
  let lastId = 0;
  const patchedSet = (callback: (...args: unknown[]) => void, delay?: number, ...rest: unknown[]): unknown => {
    const end = (delay ?? 0) <= SHORT_PAUSE_MS ? begin() : undefined;
    if (!end) return originalSet(callback, delay, ...rest);
    const requestId = invocation.current();
    if (!invocation.gated() || requestId === undefined) {
      const timer: NodeJS.Timeout = originalSet(
        (...args: unknown[]) => {
          counted.delete(timer);
          end();
          callback(...args);
        },
        delay,
        ...rest,
      );
      counted.set(timer, end);
      return timer;
    }
    const id = (lastId += 1);
    const handle = originalSet(() => undefined, 2_147_483_647);
    handle.unref();
    counted.set(handle, () => (gated.delete(id), end()));
    gated.set(id, {
      handle,
      run: () => {
        counted.delete(handle);
        originalClear(handle);
        // The callback first: what it sends or pauses counts before the pause stops counting, so
        // the gate never sees a moment with neither (and takes the invocation for blocked).
        try {
          callback(...rest);
        } finally {
          end();
        }
      },
    });
    invocation.paused(requestId, id, nextSeq());
    return handle;
  };
  globalThis.setTimeout = Object.assign(patchedSet, originalSet) as unknown as typeof setTimeout;
  globalThis.clearTimeout = ((timer?: unknown): void => {
    counted.get(timer)?.();
    counted.delete(timer);
    originalClear(timer as NodeJS.Timeout);
  }) as typeof clearTimeout;
  return {
    end: (id) => {
      for (const each of id === undefined ? [...gated.keys()] : [id]) {
        const pause = gated.get(each);
        gated.delete(each);
        pause?.run();
      }
    },
  };
}
