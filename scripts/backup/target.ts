/**
 * The environment a backup is taken from or restored into: a real CloudBase environment
 * (`--env <id>`, credentials from the shell as for the deploy) or a local emulator
 * (`--emulator [url]`). Both get the same database code: a wx-server-sdk instance of their own,
 * pointed at the environment's endpoint. Only listing the collections differs, because the
 * SDK's database API cannot list them: a real environment answers through the management API
 * (`ListTables`, the deploy's `listCollections`), the emulator through its control plane.
 */
import { connectManager } from '../deploy/manager';
import { readCredentials } from '../deploy/run';
import { sdkStore, type Store } from './store';

/** Where `npm start` listens. */
export const DEFAULT_EMULATOR_URL = 'http://127.0.0.1:8787';

export interface TargetOptions {
  /** A real environment's id, or null for the emulator. */
  envId: string | null;
  /** The emulator's base URL, or null for a real environment. */
  emulatorUrl: string | null;
  region: string | null;
}

export interface Target {
  /** How the output names it. */
  label: string;
  envId: string;
  store: Store;
  /** Every collection the environment has. */
  listCollections(): Promise<string[]>;
}

export type TargetFailure = { code: 'MISSING_CREDENTIALS' | 'UNREACHABLE'; message: string };

type Opened = { ok: true; target: Target } | { ok: false; failure: TargetFailure };

/** wx-server-sdk's `createNewInstance` (untyped): an SDK instance with its own configuration. */
type NewInstance = (config: Record<string, unknown>) => typeof import('wx-server-sdk');

function sdkInstance(config: Record<string, unknown>): Store {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- createNewInstance is missing from the SDK's typings
  const cloud = require('wx-server-sdk') as { createNewInstance: NewInstance };
  return sdkStore(cloud.createNewInstance(config).database());
}

export async function openTarget(options: TargetOptions, environment: NodeJS.ProcessEnv): Promise<Opened> {
  if (options.emulatorUrl !== null) return openEmulator(options.emulatorUrl.replace(/\/+$/, ''));
  const envId = options.envId ?? '';
  const credentials = readCredentials(environment);
  if (!credentials.ok)
    return { ok: false, failure: { code: 'MISSING_CREDENTIALS', message: credentials.failure.message } };
  const { secretId, secretKey, token } = credentials.value;
  const region = options.region ?? environment.TENCENTCLOUD_REGION ?? undefined;
  const store = sdkInstance({ env: envId, secretId, secretKey, sessionToken: token, region });
  const manager = connectManager({ secretId, secretKey, token, envId, region });
  return {
    ok: true,
    target: { label: `environment ${envId}`, envId, store, listCollections: () => manager.listCollections() },
  };
}

async function openEmulator(url: string): Promise<Opened> {
  const health = await getJson<{ envName?: unknown }>(`${url}/_emulator/health`);
  if (!health.ok || typeof health.value.envName !== 'string') {
    const message = `No emulator answers at ${url} (${health.ok ? 'not an emulator' : health.message}). Start one with npm start.`;
    return { ok: false, failure: { code: 'UNREACHABLE', message } };
  }
  const envId = health.value.envName;
  // The process runs as a function process does against the emulator (docs/platform.md section
  // 1.2): outside that mode the SDK first probes Tencent Cloud's metadata service on every request.
  Object.assign(process.env, {
    TENCENTCLOUD_RUNENV: 'SCF',
    SCF_NAMESPACE: envId,
    TENCENTCLOUD_REGION: process.env.TENCENTCLOUD_REGION ?? 'ap-shanghai',
  });
  // The emulator ignores signatures but the SDK refuses to send without credentials (same section).
  const store = sdkInstance({
    env: envId,
    serviceUrl: `${url}/admin`,
    secretId: 'AKIDemulator',
    secretKey: 'emulator-secret-key',
  });
  const listCollections = async (): Promise<string[]> => {
    const listed = await getJson<{ collections: Array<{ name: string }> }>(`${url}/_emulator/collections`);
    if (!listed.ok) throw new Error(`listing the emulator's collections failed: ${listed.message}`);
    return listed.value.collections.map((collection) => collection.name);
  };
  return { ok: true, target: { label: `emulator ${url} (environment ${envId})`, envId, store, listCollections } };
}

async function getJson<T>(url: string): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
  try {
    const response = await fetch(url);
    if (!response.ok) return { ok: false, message: `HTTP ${response.status}` };
    return { ok: true, value: (await response.json()) as T };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}
