/**
 * `npm start`: the local CloudBase backend. Durable by default (data in .emulator/), seeded
 * with a demo store when the data folder is empty.
 *
 *   node dist/emulator/cli.js [--port 8787] [--in-memory] [--no-seed] [--data-dir DIR]
 *                             [--latency-ms N] [--max-instances N] [--env NAME]
 */
import { generateKeyPairSync } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR } from '../../scripts/paths';
import { DEMO_STORE } from '../../scripts/seed';
import { startEmulator } from './index';

const USAGE =
  'usage: npm start -- [--port 8787] [--host 127.0.0.1] [--in-memory] [--no-seed] [--data-dir DIR] [--latency-ms N] [--max-instances N] [--env NAME]';

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`--${name} must be a non-negative integer`);
  return parsed;
}

/**
 * The function environment of the local demo: what `npm run deploy` takes from the merchant's
 * environment, here pointed at the emulator's own sandboxes so checkout, refunds and WeChat
 * transfers work offline. The merchant key is generated per start (the sandbox checks its
 * shape, not its signature); the setup secret is printed so the demo's first admin can claim.
 */
function demoFunctionEnv(): Record<string, string> {
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;
  return {
    ADMIN_SETUP_SECRET: DEMO_SETUP_SECRET,
    MINIPROGRAM_ENV_VERSION: 'develop',
    WXPAY_SUB_MCH_ID: '1900000109',
    WXPAY_MCH_ID: '1900000001',
    WXPAY_MCH_SERIAL_NO: '408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB',
    WXPAY_MCH_PRIVATE_KEY: privateKey,
  };
}

/** Only for the local emulator: a deployed shop gets its own secret from the deployer. */
const DEMO_SETUP_SECRET = 'local-demo-setup-secret';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'in-memory': { type: 'boolean' },
      'no-seed': { type: 'boolean' },
      'data-dir': { type: 'string' },
      'latency-ms': { type: 'string' },
      'max-instances': { type: 'string' },
      env: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return void console.log(USAGE);
  const dataDir = values['in-memory'] ? undefined : (values['data-dir'] ?? DEFAULT_DATA_DIR);
  const functionEnv = demoFunctionEnv();
  const emu = await startEmulator({
    functionEnv,
    port: positiveInt(values.port, 'port', 8787),
    host: values.host ?? '127.0.0.1',
    envName: values.env ?? 'local-env',
    dataDir,
    latencyMs: positiveInt(values['latency-ms'], 'latency-ms', 0),
    maxInstancesPerFunction: positiveInt(values['max-instances'], 'max-instances', 8),
    onEmpty: (emulator) => {
      if (values['no-seed']) return;
      for (const [collection, docs] of Object.entries(DEMO_STORE)) emulator.insert(collection, docs);
    },
  });
  // Functions start lazily, so the payout sandbox's address is known before any of them reads it.
  functionEnv.WXPAY_API_BASE = `${emu.url}/_emulator/wxpay`;
  const seeded = emu.wasEmpty && !values['no-seed'];
  console.log(
    [
      `CloudBase emulator listening on ${emu.url} (env ${emu.envName})`,
      `  SDK endpoint      POST ${emu.adminUrl}   (TCB_CONTEXT_CNFG={"URL":"${emu.adminUrl}"})`,
      `  web console       ${emu.url}/_emulator/ui`,
      `  control plane     ${emu.url}/_emulator/health, /functions/<name>, /collections, /stats, /clock, /timers, /payments, /faults, /reset`,
      `  storage           ${dataDir ? `durable, ${dataDir}` : 'in memory'}${seeded ? ' (seeded with the demo store)' : ''}`,
      `  functions         ${emu.emulator.runtime.names().join(', ') || '(none built)'}`,
      `  demo admin        claim with the setup secret "${DEMO_SETUP_SECRET}" (admin function, route claimAdmin)`,
      `  try               curl -s -X POST ${emu.url}/_emulator/functions/systemCheck -H 'content-type: application/json' -d '{"openid":"oDEMO"}'`,
    ].join('\n'),
  );
  const shutdown = (): void => {
    void emu.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(1);
});
