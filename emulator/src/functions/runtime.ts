/**
 * The function runtime: a pool of instances per function, each a worker thread that serves one
 * invocation at a time (docs/platform.md section 5). Instances are reused while warm; up to
 * `maxInstances` run in parallel per function and further invocations queue. The timeout of
 * the function's config.json (or the platform's defaults when it has none) is enforced by killing the
 * instance, as the platform does.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { listFunctionNames, readFunctionConfigOrDefaults, type FunctionConfig } from '../../../scripts/functions';
import { errors, TcbApiError } from '../errors';
import { ACTIVITY_SLOTS, busyOf } from './activity';
import type { Clock } from '../clock';
import type {
  ClockMessage,
  DoneMessage,
  EndPauseMessage,
  InstanceData,
  InvokeMessage,
  LogLine,
  LogMessage,
  PauseMessage,
  StartedMessage,
} from './protocol';

/**
 * Limit for initializing an instance: starting it, loading the function's code and running its
 * module top level. The platform times this apart from the execution timeout, with a larger limit
 * (docs/platform.md section 8.1), so a slow cold start does not eat the handler's time.
 */
const INIT_TIMEOUT_MS = 65_000;

export interface Identity {
  openid?: string;
  appid?: string;
  unionid?: string;
  clientIp?: string;
  /** Invocation source as getWXContext().SOURCE reports it, e.g. `wx_client` or `wx_client,scf`. */
  source: string;
  /** `tcb` for calls, `timer` for timer triggers. */
  trigger?: 'tcb' | 'timer';
}

export interface RuntimeOptions {
  functionsDir: string;
  workerScript: string;
  envName: string;
  /** URL of the emulator's /admin endpoint, given to every instance as TCB_CONTEXT_CNFG. */
  adminUrl: () => string;
  maxInstancesPerFunction: number;
  /** Extra environment variables for every function (e.g. the admin setup secret). */
  functionEnv: Record<string, string>;
  clock: Clock;
  /** The interleaving gate: which invocations it orders, and where their short pauses wait. */
  gate?: {
    tracks(token: string): boolean;
    paused(token: string, seq: number, end: () => void): void;
  };
}

interface Instance {
  worker: Worker;
  busy: boolean;
  /** The function's module is loaded: the handler is called as soon as an invocation arrives. */
  warm?: boolean;
  /** Settles the invocation in flight when the worker dies. */
  onExit?: (message: string) => void;
  /** Shared with the instance: what it is doing for its invocation (functions/activity.ts). */
  activity: Int32Array;
  /** The token and request id of the instance's latest invocation, to route its pauses to the gate. */
  latest?: { token: string; requestId: string };
}

interface Pool {
  name: string;
  config: FunctionConfig;
  instances: Set<Instance>;
  waiting: Array<(instance: Instance) => void>;
}

export interface Outcome {
  ok: boolean;
  /** JSON text of the return value when ok. */
  resultJson?: string;
  error?: TcbApiError;
  /** Time the invocation waited for a free instance of its function (ms): all are busy at a peak. */
  queuedMs: number;
  /** What the function wrote to its console during the invocation (capped by the instance). */
  logs: LogLine[];
}

export class FunctionRuntime {
  private readonly pools = new Map<string, Pool>();
  /** Invocation token -> the instance serving it, so a fault can kill it mid-invocation. */
  private readonly serving = new Map<string, { pool: Pool; instance: Instance }>();

  constructor(private readonly options: RuntimeOptions) {}

  names(): string[] {
    return existsSync(this.options.functionsDir) ? listFunctionNames(this.options.functionsDir) : [];
  }

  config(name: string): FunctionConfig {
    return this.pool(name).config;
  }

  /** Instances currently alive for a function (warm or busy). */
  instanceCount(name: string): number {
    return this.pools.get(name)?.instances.size ?? 0;
  }

  has(name: string): boolean {
    return /^[A-Za-z0-9_-]+$/.test(name) && existsSync(join(this.options.functionsDir, name, 'index.js'));
  }

  private pool(name: string): Pool {
    let pool = this.pools.get(name);
    if (!pool) {
      if (!this.has(name)) throw errors.functionExecuteFail(`FunctionName parameter could not be found: ${name}`);
      pool = {
        name,
        config: readFunctionConfigOrDefaults(join(this.options.functionsDir, name), (message) =>
          console.warn(`[emulator] ${message}`),
        ),
        instances: new Set(),
        waiting: [],
      };
      this.pools.set(name, pool);
    }
    return pool;
  }

  /** Runs one invocation; `token` is the WX_API_TOKEN by which its wire requests are recognised. */
  async invoke(
    name: string,
    eventJson: string,
    identity: Identity,
    token: string,
    killAfterMs?: number,
  ): Promise<Outcome> {
    const pool = this.pool(name);
    const queuedFrom = performance.now();
    const instance = await this.acquire(pool);
    const queuedMs = performance.now() - queuedFrom;
    this.serving.set(token, { pool, instance });
    const killer =
      killAfterMs === undefined
        ? undefined
        : setTimeout(
            () => this.killByToken(token, 'Error: the function instance was killed (fault injected by the emulator)'),
            killAfterMs,
          );
    const requestId = randomBytes(16).toString('hex');
    const env = this.invocationEnv(identity, token, requestId);
    const gated = this.options.gate?.tracks(token) ?? false;
    const message: InvokeMessage = {
      type: 'invoke',
      requestId,
      eventJson,
      env,
      clockOffsetMs: this.clockOffsetMs(),
      gated,
    };
    instance.latest = { token, requestId };
    const outcome = await this.serve(pool, instance, message);
    clearTimeout(killer);
    this.serving.delete(token);
    this.release(pool, instance);
    return { ...outcome, queuedMs };
  }

  /**
   * Hands one invocation to an instance and waits for its outcome. On a cold start, until the
   * instance reports that the handler was called, only the initialization limit applies (loading
   * the module); the configured timeout runs from the handler call (docs/platform.md section 8.1).
   * A warm instance calls the handler at once, so its timeout runs from the hand-over.
   */
  private serve(pool: Pool, instance: Instance, message: InvokeMessage): Promise<Omit<Outcome, 'queuedMs'>> {
    return new Promise<Omit<Outcome, 'queuedMs'>>((resolve) => {
      const logs: LogLine[] = [];
      const expire = (text: string) => (): void => {
        resolve({ ok: false, error: errors.functionExecuteFail(text), logs });
        this.kill(pool, instance);
      };
      const executionTimeout = (): NodeJS.Timeout =>
        setTimeout(expire(`Invoking task timed out after ${pool.config.timeout} seconds`), pool.config.timeout * 1000);
      // A warm instance reports no `started`: its handler is called as soon as the message arrives.
      let timer = instance.warm
        ? executionTimeout()
        : setTimeout(
            expire(`Function initialization timed out after ${INIT_TIMEOUT_MS / 1000} seconds`),
            INIT_TIMEOUT_MS,
          );
      const settle = (outcome: Omit<Outcome, 'queuedMs' | 'logs'>): void => {
        clearTimeout(timer);
        instance.worker.off('message', onMessage);
        instance.onExit = undefined;
        resolve({ ...outcome, logs });
      };
      const onMessage = (reply: StartedMessage | DoneMessage | LogMessage | PauseMessage): void => {
        // Pauses go to the gate through the instance's own listener (spawn).
        if (reply.requestId !== message.requestId || reply.type === 'pause') return;
        if (reply.type === 'log') return void logs.push(reply.line);
        if (reply.type === 'started') {
          clearTimeout(timer);
          instance.warm = true;
          timer = executionTimeout();
          return;
        }
        settle(
          reply.ok
            ? { ok: true, resultJson: reply.resultJson }
            : { ok: false, error: errors.functionExecuteFail(reply.message) },
        );
      };
      instance.onExit = (reason) => settle({ ok: false, error: errors.functionExecuteFail(reason) });
      instance.worker.on('message', onMessage);
      instance.worker.postMessage(message);
    });
  }

  private async acquire(pool: Pool): Promise<Instance> {
    for (const instance of pool.instances) {
      if (!instance.busy) {
        instance.busy = true;
        return instance;
      }
    }
    if (pool.instances.size < this.options.maxInstancesPerFunction) return this.spawn(pool);
    return new Promise((resolve) => pool.waiting.push(resolve));
  }

  private spawn(pool: Pool): Instance {
    const name = pool.name;
    const data: InstanceData = {
      functionName: name,
      entry: join(this.options.functionsDir, name, 'index.js'),
      memoryLimitMb: pool.config.memorySize,
      timeoutMs: pool.config.timeout * 1000,
      clockOffsetMs: this.clockOffsetMs(),
      activity: new SharedArrayBuffer(ACTIVITY_SLOTS * Int32Array.BYTES_PER_ELEMENT),
    };
    const worker = new Worker(this.options.workerScript, { workerData: data, env: this.baseEnv() });
    const instance: Instance = { worker, busy: true, activity: new Int32Array(data.activity) };
    worker.on('error', (error) => instance.onExit?.(`Error: ${error.message}`));
    worker.on('message', (message: PauseMessage | { type: string }) => {
      if (message.type === 'pause') this.paused(instance, message as PauseMessage);
    });
    worker.on('exit', () => {
      pool.instances.delete(instance);
      instance.onExit?.('Error: the function instance exited during the invocation');
    });
    pool.instances.add(instance);
    return instance;
  }

  /** A gated pause waits at the gate; one of an older invocation (not awaited by it) ends at once. */
  private paused(instance: Instance, message: PauseMessage): void {
    const end = (): void => instance.worker.postMessage({ type: 'endPause', id: message.id } satisfies EndPauseMessage);
    const latest = instance.latest;
    if (latest?.requestId === message.requestId && this.options.gate)
      this.options.gate.paused(latest.token, message.seq, end);
    else end();
  }

  private release(pool: Pool, instance: Instance): void {
    if (!pool.instances.has(instance)) {
      // The instance was killed; let a waiting invocation start a fresh one.
      const next = pool.waiting.shift();
      if (next) next(this.spawn(pool));
      return;
    }
    const next = pool.waiting.shift();
    if (next) next(instance);
    else instance.busy = false;
  }

  /**
   * How many requests the invocation has sent and not yet digested, plus its pending short
   * pauses (functions/activity.ts); undefined before an instance serves it.
   */
  activity(token: string): number | undefined {
    const entry = this.serving.get(token);
    return entry ? busyOf(entry.instance.activity) : undefined;
  }

  /** Kills the instance serving an invocation; the invocation fails with `reason`. */
  killByToken(token: string, reason: string): void {
    const entry = this.serving.get(token);
    if (!entry) return;
    entry.instance.onExit?.(reason);
    this.kill(entry.pool, entry.instance);
  }

  private kill(pool: Pool, instance: Instance): void {
    pool.instances.delete(instance);
    instance.onExit = undefined;
    void instance.worker.terminate();
  }

  /** Variables every instance starts with: enough for wx-server-sdk to talk to the emulator. */
  private baseEnv(): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '',
      TZ: process.env.TZ ?? 'UTC',
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: this.options.adminUrl() }),
      TENCENTCLOUD_RUNENV: 'SCF',
      TENCENTCLOUD_REGION: 'ap-shanghai',
      TENCENTCLOUD_SECRETID: 'AKIDemulator',
      TENCENTCLOUD_SECRETKEY: 'emulator-secret-key',
      SCF_NAMESPACE: this.options.envName,
      TCB_ENV: this.options.envName,
      ...this.options.functionEnv,
    };
  }

  /** Per-invocation identity variables, as listed in docs/platform.md section 5.1. */
  private invocationEnv(identity: Identity, token: string, requestId: string): Record<string, string | undefined> {
    const timer = identity.trigger === 'timer';
    // A timer's token is listed in WX_CONTEXT_KEYS too: the SDK's getWXContext() returns nothing
    // (not even SOURCE) when that list is empty, and skips the token keys itself.
    const wx: Record<string, string | undefined> = {
      WX_OPENID: identity.openid,
      WX_APPID: identity.appid,
      WX_UNIONID: identity.unionid,
      WX_CLIENTIP: identity.clientIp,
      WX_API_TOKEN: timer ? undefined : token,
      WX_TRIGGER_API_TOKEN_V0: timer ? token : undefined,
    };
    return {
      ...wx,
      WX_CONTEXT_KEYS: Object.keys(wx)
        .filter((key) => wx[key] !== undefined)
        .join(','),
      TCB_SEQID: requestId,
      TCB_SOURCE: identity.source,
      TRIGGER_SRC: timer ? 'timer' : 'tcb',
      TCB_CONTEXT_KEYS: 'TCB_ENV,TCB_SEQID,TRIGGER_SRC,TCB_SOURCE',
    };
  }

  private clockOffsetMs(): number {
    return this.options.clock.now() - Date.now();
  }

  /** Tells every live instance that the clock moved, so a running invocation sees it too. */
  broadcastClock(): void {
    const message: ClockMessage = { type: 'clock', clockOffsetMs: this.clockOffsetMs() };
    for (const pool of this.pools.values()) for (const instance of pool.instances) instance.worker.postMessage(message);
  }

  /** Stops every instance. */
  async stop(): Promise<void> {
    const all = [...this.pools.values()].flatMap((pool) => [...pool.instances]);
    this.pools.clear();
    await Promise.all(all.map((instance) => instance.worker.terminate()));
  }
}
