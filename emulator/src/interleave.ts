/**
 * Deterministic interleaving, for model-based tests: while it is on, every wire request sent by
 * an invocation waits at a gate, and the gate lets ONE request through at a time, chosen by a
 * seeded random generator among the invocations that are all waiting. So two shoppers paying
 * at once, or a withdrawal racing a release run, proceed in an order that depends only on the
 * seed, and a failing seed replays the same interleaving.
 *
 * The gate decides only when nothing can still change the set of candidates:
 * - the request let through last has answered, or waits for a document lock (a plain write
 *   behind a transaction) or for a function it called (`functions.invokeFunction`, whose callee
 *   is an invocation of its own);
 * - every running invocation is waiting at the gate (none is still computing, starting, or
 *   sleeping before a retry): everything it has sent and not yet digested is waiting or parked
 *   here (functions/activity.ts counts that in the instance), so an invocation doing several
 *   things at once has sent them all and is not computing on an answer in another branch;
 * - no invocation ended in the last GRACE_MS: a function may send a request it did not await
 *   (a settlement started by the payment callback) just before it answers, and that request
 *   can reach the emulator after the answer.
 * Then it picks an invocation (in the order invocations started) and lets its oldest waiting
 * request through: oldest in the order the invocation made them (`seq`), not the order they
 * arrived in. A gated invocation's short pauses (its retry and back-off sleeps) wait here too
 * and end when chosen, so two branches of one invocation pausing random moments go on in an order
 * the seed decides. Waiting is by condition; wall time only decides how fast, never what.
 *
 * Requests of tokens the gate does not know (the tests' own SDK, invocations started before the
 * gate was turned on) pass at once. Control plane: `GET /_emulator/interleave` (state),
 * `POST /_emulator/interleave` `{ seed }` (on, or a new seed), `DELETE /_emulator/interleave` (off).
 */
import type { EmulatorModule } from './module';

/** How long after an invocation ends the gate still waits for a request it sent unawaited. */
export const GRACE_MS = 15;

interface Waiting {
  actor: number;
  /** Arrival order of the actor's requests; `seq` (the order the instance made them) wins when known. */
  index: number;
  seq: number | undefined;
  action: string;
  go: () => void;
}

interface Released {
  actor: number;
  action: string;
}

const CALLS_A_FUNCTION = 'functions.invokeFunction';

/** mulberry32: a small seeded generator, so the choices replay from the seed alone. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class Interleaver {
  private enabled = false;
  private random = generator(1);
  private readonly actors = new Map<string, number>();
  private readonly running = new Set<number>();
  private readonly sent = new Map<number, number>();
  private waiting: Waiting[] = [];
  private readonly released = new Set<Released>();
  private nextActor = 0;
  private lastEndAt = -Infinity;
  private pending: NodeJS.Immediate | NodeJS.Timeout | undefined;
  /** Requests let through since the gate was turned on. */
  decisions = 0;

  private readonly tokens = new Map<number, string>();

  /**
   * `waitingWriters`: how many plain writes wait for a document lock now. `busy`: how many
   * requests an invocation has sent and not digested plus its pending short pauses
   * (functions/activity.ts), undefined when unknown.
   */
  constructor(
    private readonly waitingWriters: () => number,
    private readonly busy: (token: string) => number | undefined = () => undefined,
  ) {}

  get on(): boolean {
    return this.enabled;
  }

  /** Turns the gate on (or keeps it on) with a new seed for the choices that follow. */
  enable(seed: number): void {
    this.enabled = true;
    this.random = generator(seed);
  }

  /** Turns the gate off and lets every waiting request through. */
  disable(): void {
    this.enabled = false;
    for (const request of this.waiting.splice(0)) request.go();
    this.actors.clear();
    this.tokens.clear();
    this.running.clear();
    this.sent.clear();
    this.decisions = 0;
  }

  /** An invocation started (its token is how its wire requests name it). */
  started(token: string): void {
    if (!this.enabled) return;
    const actor = this.nextActor++;
    this.actors.set(token, actor);
    this.tokens.set(actor, token);
    this.running.add(actor);
  }

  ended(token: string): void {
    const actor = this.actors.get(token);
    if (actor === undefined) return;
    this.running.delete(actor);
    this.lastEndAt = performance.now();
    this.pump();
  }

  /** True when nothing runs, waits or was let through, and the grace after the last end is over. */
  idle(): boolean {
    return (
      this.running.size === 0 &&
      this.waiting.length === 0 &&
      this.released.size === 0 &&
      performance.now() - this.lastEndAt >= GRACE_MS
    );
  }

  /** Counts a request or pause of the actor arriving at the gate; answers its arrival number. */
  private arrived(actor: number): number {
    const index = (this.sent.get(actor) ?? 0) + 1;
    this.sent.set(actor, index);
    return index;
  }

  /** Whether the gate orders this invocation's requests (it was on when the invocation started). */
  tracks(token: string): boolean {
    return this.enabled && this.actors.has(token);
  }

  /**
   * A gated invocation's short pause (functions/activity.ts) waits here like a request; `end`
   * ends it. With the gate off, or for an invocation it does not know, the pause ends at once.
   */
  paused(token: string, seq: number, end: () => void): void {
    const actor = this.enabled ? this.actors.get(token) : undefined;
    if (actor === undefined) return end();
    this.waiting.push({ actor, index: this.arrived(actor), seq, action: 'pause', go: end });
    this.pump();
  }

  /** Waits for the request's turn; call the answer when the request has been handled. */
  async enter(action: string, token: string | undefined, seq?: number): Promise<() => void> {
    const actor = this.enabled && token !== undefined ? this.actors.get(token) : undefined;
    if (actor === undefined) return () => undefined;
    const index = this.arrived(actor);
    const flight: Released = { actor, action };
    await new Promise<void>((go) => {
      this.waiting.push({ actor, index, seq, action, go: () => (this.released.add(flight), go()) });
      this.pump();
    });
    return () => {
      this.released.delete(flight);
      this.pump();
    };
  }

  private pump(delayMs = 0): void {
    if (this.pending !== undefined) return;
    const run = (): void => {
      this.pending = undefined;
      this.decide();
    };
    this.pending = delayMs > 0 ? setTimeout(run, delayMs) : setImmediate(run);
  }

  /** Lets one request through when the candidates are settled (see the file's comment). */
  private decide(): void {
    if (!this.enabled || this.waiting.length === 0) return;
    // A request that parks on a lock, or a retry's sleep, announces nothing: look again shortly.
    const busy = [...this.released].filter((flight) => flight.action !== CALLS_A_FUNCTION).length;
    if (busy > this.waitingWriters()) return this.pump(1);
    // Every let-through request is now parked (on a lock or a callee), so its invocation is blocked,
    // unless it still has a request on its way, an answer it is computing on, or a pause running.
    const atGate = new Map<number, number>();
    for (const request of [...this.waiting, ...this.released])
      atGate.set(request.actor, (atGate.get(request.actor) ?? 0) + 1);
    const blocked = (actor: number): boolean => {
      const count = atGate.get(actor) ?? 0;
      const busy = this.busy(this.tokens.get(actor) ?? '');
      return count > 0 && (busy === undefined || busy <= count);
    };
    if ([...this.running].some((actor) => !blocked(actor))) return this.pump(1);
    const sinceEnd = performance.now() - this.lastEndAt;
    if (sinceEnd < GRACE_MS) return this.pump(Math.ceil(GRACE_MS - sinceEnd));
    const candidates = [...new Set(this.waiting.map((request) => request.actor))].sort((a, b) => a - b);
    const actor = candidates[Math.floor(this.random() * candidates.length)]!;
    const order = (request: Waiting): number => request.seq ?? request.index;
    const oldest = this.waiting
      .filter((request) => request.actor === actor)
      .reduce((first, request) => (order(request) < order(first) ? request : first));
    this.waiting = this.waiting.filter((request) => request !== oldest);
    this.decisions += 1;
    oldest.go();
    // A request let through decides again when it is handled; an ended pause has no answer to
    // wait for. Its invocation may send nothing more (it already ended, or its instance died),
    // so the gate looks again itself, or the requests still waiting would wait forever.
    if (oldest.action === 'pause') this.pump();
  }

  reset(): void {
    this.disable();
    this.nextActor = 0;
  }
}

/** Control routes: the gate's state, turn it on with a seed, turn it off. */
export function interleaveModule(interleaver: Interleaver): EmulatorModule {
  const view = (): { status: number; body: unknown } => ({
    status: 200,
    body: { on: interleaver.on, decisions: interleaver.decisions, idle: interleaver.idle() },
  });
  return {
    name: 'interleave',
    reset: () => interleaver.reset(),
    routes: [
      { method: 'GET', pattern: /^\/interleave$/, handle: view },
      {
        method: 'POST',
        pattern: /^\/interleave$/,
        handle: ({ body }) => {
          const seed = body.seed;
          if (typeof seed !== 'number' || !Number.isInteger(seed))
            return { status: 400, body: { error: { code: 'BAD_REQUEST', message: 'seed must be an integer' } } };
          interleaver.enable(seed);
          return view();
        },
      },
      { method: 'DELETE', pattern: /^\/interleave$/, handle: () => (interleaver.disable(), view()) },
    ],
  };
}
