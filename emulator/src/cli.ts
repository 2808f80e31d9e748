/**
 * `npm start`: the local CloudBase backend. Durable by default (data in .emulator/), seeded
 * with a demo store when the data folder is empty. `--help` lists the options (cliText.ts).
 */
import { generateKeyPairSync } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR } from '../../scripts/paths';
import { seedDemoStore } from '../../scripts/seed';
import { CLI_OPTIONS, helpText, startupLines } from './cliText';
import { startEmulator } from './index';
import { payoutPlatformKey } from './pay/payouts';

/** A mistake in the command line: answered with the help and exit code 2, unlike a failure to start. */
class UsageError extends Error {}

function nonNegativeInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed)) {
    throw new UsageError(`--${name} must be a non-negative integer, got "${value}"`);
  }
  return parsed;
}

/** The command line, parsed strictly: an unknown flag or a stray argument is a usage error. */
function parseCommandLine(): ReturnType<typeof parseArgs<{ options: typeof CLI_OPTIONS }>>['values'] {
  try {
    return parseArgs({ options: CLI_OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
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
  const values = parseCommandLine();
  if (values.help) return void console.log(helpText());
  const dataDir = values['in-memory'] ? undefined : (values['data-dir'] ?? DEFAULT_DATA_DIR);
  const functionEnv = demoFunctionEnv();
  const emu = await startEmulator({
    functionEnv,
    port: nonNegativeInt(values.port, 'port', 8787),
    host: values.host ?? '127.0.0.1',
    envName: values.env ?? 'local-env',
    dataDir,
    latencyMs: nonNegativeInt(values['latency-ms'], 'latency-ms', 0),
    maxInstancesPerFunction: nonNegativeInt(values['max-instances'], 'max-instances', 8),
    onEmpty: (emulator) => {
      if (values['no-seed']) return;
      seedDemoStore(emulator);
    },
  });
  // Functions start lazily, so the payout sandbox's address is known before any of them reads it.
  functionEnv.WXPAY_API_BASE = `${emu.url}/_emulator/wxpay`;
  const platform = payoutPlatformKey(emu.emulator);
  functionEnv.WXPAY_PLATFORM_PUBLIC_KEY = platform.publicKey;
  functionEnv.WXPAY_PLATFORM_SERIAL = platform.serial;
  const shutdown = (): void => {
    void emu.stop().then(() => process.exit(0));
  };
  // Listen before announcing: whoever reads the banner (a person, a test) may stop it at once.
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  const seeded = emu.wasEmpty && !values['no-seed'];
  const functions = emu.emulator.runtime.names();
  console.log(startupLines({ ...emu, dataDir, seeded, functions, setupSecret: DEMO_SETUP_SECRET }).join('\n'));
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`error: ${error.message}\n\n${helpText()}`);
    process.exit(2);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
