/**
 * Programmatic API of the emulator, for tests, benchmarks and the CLI:
 *
 *   const emu = await startEmulator();             // in-memory, random port, built functions
 *   const { result } = await emu.call('systemCheck', {}, { openid: 'oUSER1' });
 *   const db = emu.sdk().database();               // the real wx-server-sdk, as an admin
 *   await emu.stop();
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { COLLECTIONS, type CollectionSpec } from '@shared/collections';
import { EMULATOR_BUILD_DIR, FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import { VirtualClock, wallClock, type Clock } from './clock';
import { Emulator, type InvokeRequest, type InvokeResponse } from './emulator';
import { createEmulatorServer } from './server';
import type { Doc } from './ejson';
import type { FiredJob } from './scheduler';
import type { FaultRule, FaultRuleInput } from './faults';

export interface StartOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  envName?: string;
  /** Durable mode: folder of the journal. In-memory when omitted. */
  dataDir?: string;
  latencyMs?: number;
  maxInstancesPerFunction?: number;
  functionEnv?: Record<string, string>;
  functionsDir?: string;
  schema?: ReadonlyArray<CollectionSpec>;
  /** The base the virtual clock runs on (default: the wall clock); tests may pass a fake. */
  clock?: Clock;
  /** Fire due timers as the wall clock reaches them (default true); clock moves fire them anyway. */
  runScheduler?: boolean;
  /** Which functions' timer triggers run: 'all' (default) or the names of the functions. */
  timers?: 'all' | readonly string[];
  /** Called with the emulator when its storage was empty at start (seeding). */
  onEmpty?: (emulator: Emulator) => void;
}

export interface EmulatorHandle {
  readonly url: string;
  readonly adminUrl: string;
  readonly envName: string;
  readonly emulator: Emulator;
  /** True when the storage was empty at start (so `onEmpty` ran). */
  readonly wasEmpty: boolean;
  /** Invokes a function as a mini-program user; never throws for function errors. */
  call(name: string, data?: unknown, request?: InvokeRequest): Promise<InvokeResponse>;
  /**
   * Invokes a timer function as its trigger does (source wx_trigger, no user), with `data` (a
   * budget, a page size) added to the timer event; never throws for function errors.
   */
  runTimer(name: string, data?: object): Promise<InvokeResponse>;
  /**
   * Points this process's wx-server-sdk at the emulator and returns it, initialised for the
   * emulator's environment: an admin handle through the real SDK, as tests need.
   */
  sdk(): typeof import('wx-server-sdk');
  insert(collection: string, docs: Doc[]): unknown[];
  /** Adds a fault rule (see emulator/src/faults.ts); returns it with its id. */
  injectFault(rule: FaultRuleInput): FaultRule;
  /** Moves the virtual clock forward and runs every timer and job due on the way, in order. */
  advanceClock(ms: number): Promise<FiredJob[]>;
  reset(): void;
  stop(): Promise<void>;
}

export async function startEmulator(options: StartOptions = {}): Promise<EmulatorHandle> {
  const envName = options.envName ?? 'emulator-env';
  const emulator = new Emulator({
    envName,
    functionsDir: options.functionsDir ?? FUNCTIONS_BUILD_DIR,
    workerScript: join(EMULATOR_BUILD_DIR, 'instance-worker.js'),
    dataDir: options.dataDir,
    latencyMs: options.latencyMs ?? 0,
    maxInstancesPerFunction: options.maxInstancesPerFunction ?? 8,
    functionEnv: options.functionEnv ?? {},
    schema: options.schema ?? COLLECTIONS,
    clock: new VirtualClock(options.clock ?? wallClock),
    runScheduler: options.runScheduler ?? true,
    timers: options.timers ?? 'all',
  });
  const wasEmpty = emulator.open();
  if (wasEmpty) options.onEmpty?.(emulator);
  const server = createEmulatorServer(emulator);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  emulator.adminUrl = `${url}/admin`;
  return {
    url,
    adminUrl: emulator.adminUrl,
    envName,
    emulator,
    wasEmpty,
    call: (name, data = {}, request = {}) => emulator.invoke(name, data, request),
    runTimer: (name, data = {}) => emulator.timers.run(name, data),
    sdk: () => connectSdk(emulator.adminUrl, envName),
    insert: (collection, docs) => emulator.insert(collection, docs),
    injectFault: (rule) => emulator.faults.add(rule),
    advanceClock: async (ms) => {
      emulator.options.clock.advance(ms);
      return emulator.scheduler.runDue();
    },
    reset: () => emulator.reset(),
    stop: async () => {
      await emulator.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Environment that makes wx-server-sdk in this process talk to the emulator (docs/platform.md section 1.2). */
export function sdkEnvironment(adminUrl: string, envName: string): Record<string, string> {
  return {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: adminUrl }),
    TENCENTCLOUD_RUNENV: 'SCF',
    TENCENTCLOUD_REGION: 'ap-shanghai',
    TENCENTCLOUD_SECRETID: 'AKIDemulator',
    TENCENTCLOUD_SECRETKEY: 'emulator-secret-key',
    SCF_NAMESPACE: envName,
    TCB_ENV: envName,
  };
}

function connectSdk(adminUrl: string, envName: string): typeof import('wx-server-sdk') {
  // SILENCE: a request cut off by an injected fault would otherwise leave the SDK's 3 s
  // slow-request timer running, and it would log into whatever test runs next.
  Object.assign(process.env, sdkEnvironment(adminUrl, envName), { SILENCE: 'true' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only once the env above is set
  const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');
  cloud.init({ env: envName });
  return cloud;
}

export { Emulator };
export type { InvokeRequest, InvokeResponse };
