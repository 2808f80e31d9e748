/**
 * `npm run deploy` without the process around it: parses arguments, builds, loads what the
 * repository wants, validates everything that can be validated offline, then either prints the
 * dry-run plan or deploys through the API that `connect` returns. The CLI passes the real build
 * and the manager-node adapter; tests pass a fake.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CollectionSpec } from '@shared/collections';
import { deploy } from './apply';
import { loadDesired } from './desired';
import { formatPlan } from './format';
import type { CloudBaseApi, DeployFailure } from './model';
import type { ManagerOptions } from './manager';
import { plan } from './plan';
import { variablesFailure } from './variables';

export interface DeployArgs {
  envId: string;
  dryRun: boolean;
  skipBuild: boolean;
  /** Where the built functions are; dist/cloudfunctions by default. */
  functionsDir: string | null;
  region: string | null;
  appId: string | null;
}

export const USAGE = `Usage: npm run deploy -- --env <envId> [--dry-run] [--skip-build] [--region <region>] [--appid <wxAppId>] [--functions-dir <dir>]

  --env <envId>         the CloudBase environment to deploy to (required, except for --dry-run)
  --dry-run             print the full plan without credentials or network, change nothing
  --skip-build          deploy the existing build output instead of building first
  --region <region>     the environment's region (default: TENCENTCLOUD_REGION, else ap-shanghai)
  --appid <wxAppId>     the mini-program AppID (default: appid in project.config.json)
  --functions-dir <dir> deploy functions built into <dir> (default: dist/cloudfunctions)

Credentials come from TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY (and TENCENTCLOUD_SESSIONTOKEN
for temporary keys). Function variables come from ADMIN_SETUP_SECRET, WXPAY_SUB_MCH_ID,
MINIPROGRAM_ENV_VERSION and, for withdrawals by WeChat transfer, WXPAY_MCH_ID, WXPAY_MCH_SERIAL_NO,
WXPAY_MCH_PRIVATE_KEY, WXPAY_PLATFORM_PUBLIC_KEY and WXPAY_PLATFORM_SERIAL. See docs/deploy.md.`;

const VALUE_FLAGS: Record<string, keyof DeployArgs> = {
  '--env': 'envId',
  '--functions-dir': 'functionsDir',
  '--region': 'region',
  '--appid': 'appId',
};

export function parseArgs(
  argv: readonly string[],
): { ok: true; args: DeployArgs } | { ok: false; failure: DeployFailure } {
  const args: DeployArgs = {
    envId: '',
    dryRun: false,
    skipBuild: false,
    functionsDir: null,
    region: null,
    appId: null,
  };
  const usage = (problem: string) => ({
    ok: false as const,
    failure: { code: 'USAGE' as const, message: `${problem}\n\n${USAGE}` },
  });
  for (let i = 0; i < argv.length; i += 1) {
    const [flag = '', inline] = (argv[i] ?? '').split(/=(.*)/s, 2);
    if (flag === '--dry-run') args.dryRun = true;
    else if (flag === '--skip-build') args.skipBuild = true;
    else if (flag === '--help' || flag === '-h') return usage('');
    else if (flag in VALUE_FLAGS) {
      const value = inline ?? argv[(i += 1)];
      if (value === undefined || value === '' || value.startsWith('--')) return usage(`${flag} needs a value.`);
      Object.assign(args, { [VALUE_FLAGS[flag] as string]: value });
    } else return usage(`Unknown argument ${argv[i] ?? ''}.`);
  }
  if (!args.dryRun && args.envId === '') return usage('--env <envId> is required.');
  if (args.envId !== '' && !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(args.envId))
    return usage(`${args.envId} is not an environment id.`);
  if (args.appId !== null && !/^wx[0-9A-Za-z]{16}$/.test(args.appId))
    return usage(`${args.appId} is not a mini-program AppID (wx followed by 16 characters).`);
  return { ok: true, args };
}

export interface RunContext {
  args: DeployArgs;
  /** The deployer's process environment: credentials and variable values, never files. */
  environment: NodeJS.ProcessEnv;
  projectRoot: string;
  sourceRoot: string;
  defaultBuildRoot: string;
  collections?: readonly CollectionSpec[];
  build: () => Promise<void>;
  connect: (options: ManagerOptions) => CloudBaseApi;
  log: (text: string) => void;
}

export type RunOutcome = { ok: true; changed: number } | { ok: false; failure: DeployFailure; changed: number };

export async function runDeploy(context: RunContext): Promise<RunOutcome> {
  const { args, log } = context;
  if (!args.skipBuild) {
    log('Building the functions...');
    try {
      await context.build();
    } catch (error) {
      return {
        ok: false,
        failure: { code: 'BUILD_FAILED', message: `The build failed: ${(error as Error).message}` },
        changed: 0,
      };
    }
  }
  const loaded = loadDesired({
    envId: args.envId,
    sourceRoot: context.sourceRoot,
    buildRoot: args.functionsDir ?? context.defaultBuildRoot,
    environment: context.environment,
    collections: context.collections,
  });
  if (!loaded.ok) return { ok: false, failure: loaded.failure, changed: 0 };
  const { desired, variables } = loaded;
  if (args.dryRun) {
    log(formatPlan(desired, plan(desired, null), { currentKnown: false, variables }));
    return { ok: true, changed: 0 };
  }
  const invalid = variablesFailure(variables);
  if (invalid) return { ok: false, failure: invalid, changed: 0 };
  const credentials = readCredentials(context.environment);
  if (!credentials.ok) return { ok: false, failure: credentials.failure, changed: 0 };
  const api = context.connect({
    ...credentials.value,
    envId: args.envId,
    region: args.region ?? context.environment.TENCENTCLOUD_REGION ?? undefined,
    wxAppId: args.appId ?? projectAppId(context.projectRoot),
  });
  log(`Reading environment ${args.envId}...`);
  const outcome = await deploy(api, desired, {
    onPlan: (planned) => log(formatPlan(desired, planned, { currentKnown: true, variables })),
    log,
  });
  return outcome.ok
    ? { ok: true, changed: outcome.changed }
    : { ok: false, failure: outcome.failure, changed: outcome.changed };
}

type Credentials = Pick<ManagerOptions, 'secretId' | 'secretKey' | 'token'>;

export function readCredentials(
  environment: NodeJS.ProcessEnv,
): { ok: true; value: Credentials } | { ok: false; failure: DeployFailure } {
  const secretId = environment.TENCENTCLOUD_SECRETID?.trim() ?? '';
  const secretKey = environment.TENCENTCLOUD_SECRETKEY?.trim() ?? '';
  const missing = [secretId ? '' : 'TENCENTCLOUD_SECRETID', secretKey ? '' : 'TENCENTCLOUD_SECRETKEY'].filter(Boolean);
  if (missing.length > 0) {
    const message = `Missing credentials: set ${missing.join(' and ')} in your shell (an API key from the Tencent Cloud console, 访问管理 > API密钥管理). They are never read from files.`;
    return { ok: false, failure: { code: 'MISSING_CREDENTIALS', message } };
  }
  const token = environment.TENCENTCLOUD_SESSIONTOKEN?.trim();
  return { ok: true, value: { secretId, secretKey, ...(token ? { token } : {}) } };
}

/** The AppID the merchant put in project.config.json for DevTools; the placeholder does not count. */
function projectAppId(projectRoot: string): string | undefined {
  try {
    const config = JSON.parse(readFileSync(join(projectRoot, 'project.config.json'), 'utf8')) as { appid?: unknown };
    return typeof config.appid === 'string' && config.appid.startsWith('wx') ? config.appid : undefined;
  } catch {
    return undefined;
  }
}

/** The closing lines after a failure: what happened and whether anything changed. */
export function failureReport(failure: DeployFailure, changed: number): string {
  const after =
    changed === 0
      ? 'Nothing was changed.'
      : `${changed} change(s) were made before this failure; fix the cause and run the deploy again: it continues from the current state.`;
  return `Deploy failed [${failure.code}]: ${failure.message}\n${after}`;
}
