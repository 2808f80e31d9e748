/**
 * `npm run deploy` end to end with the real @cloudbase/manager-node, against the local HTTP
 * stand-in of the Tencent Cloud API (see standin/tencent-cloud.ts): the CLI runs as a child
 * process with http_proxy pointing at the stand-in, exactly as a merchant runs it otherwise.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COLLECTIONS } from '@shared/collections';
import { buildFunction } from '../../scripts/build';
import { NOT_SET } from '../../scripts/deploy/desired';
import { VARIABLES as VARIABLE_SPECS } from '../../scripts/deploy/variables';
import { listFunctionNames, readFunctionConfig } from '../../scripts/functions';
import { FUNCTIONS_SOURCE_DIR, PROJECT_ROOT } from '../../scripts/paths';
import { isRead, TencentCloudStandin } from './standin/tencent-cloud';

const names = listFunctionNames(FUNCTIONS_SOURCE_DIR);
const configs = new Map(names.map((name) => [name, readFunctionConfig(join(FUNCTIONS_SOURCE_DIR, name))]));
const VARIABLES = {
  ADMIN_SETUP_SECRET: 'standin-admin-secret-0123456789',
  WXPAY_SUB_MCH_ID: '1900000109',
  MINIPROGRAM_ENV_VERSION: 'trial',
};

let workDir: string;
let buildRoot: string;
let standin: TencentCloudStandin;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'deploy-sdk-'));
  buildRoot = join(workDir, 'build');
  for (const name of names) await buildFunction(name, FUNCTIONS_SOURCE_DIR, buildRoot);
  standin = await TencentCloudStandin.start(workDir);
});

afterAll(async () => {
  await standin.stop();
  rmSync(workDir, { recursive: true, force: true });
});

beforeEach(() => standin.reset());

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the deploy CLI with a clean environment: only what a merchant's shell would set. */
function runCli(args: string[], environment: Record<string, string>): Promise<CliResult> {
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: workDir,
    TMPDIR: workDir,
    http_proxy: standin.proxyUrl,
    NODE_EXTRA_CA_CERTS: standin.caFile,
    ...environment,
  };
  const child = spawn(
    process.execPath,
    [require.resolve('tsx/cli'), 'scripts/deploy/cli.ts', '--skip-build', '--functions-dir', buildRoot, ...args],
    {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const credentials = () => ({ TENCENTCLOUD_SECRETID: standin.secretId, TENCENTCLOUD_SECRETKEY: standin.secretKey });

/** The changing calls a first deploy must make, derived from the repository's schema and functions. */
function firstDeployChanges(): string[] {
  const changes = [
    ...COLLECTIONS.map((c) => `CreateTable ${c.name}`),
    ...COLLECTIONS.flatMap((c) => c.indexes.map(() => `UpdateTable ${c.name}`)),
    ...COLLECTIONS.map((c) => `ModifySafeRule ${c.name}`),
    ...names.map((name) => `CreateFunction ${name}`),
    ...names
      .filter((name) => (configs.get(name)?.triggers.length ?? 0) > 0)
      .map((name) => `BatchCreateTrigger ${name}`),
  ];
  return changes;
}

describe('deploy through the real manager-node SDK', () => {
  it('dry run: prints the plan without credentials, without a single request', async () => {
    const result = await runCli(['--dry-run'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Dry run for environment <envId>');
    for (const name of names) expect(result.stdout).toContain(`? ensure    ${name}: Nodejs18.15`);
    expect(standin.connections).toBe(0);
  });

  it('refuses without credentials and sends nothing', async () => {
    const result = await runCli(['--env', 'shop-1'], VARIABLES);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'Deploy failed [MISSING_CREDENTIALS]: Missing credentials: set TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY',
    );
    expect(result.stderr).toContain('Nothing was changed.');
    expect(standin.connections).toBe(0);
  });

  it('refuses when a required variable is missing and sends nothing', async () => {
    const result = await runCli(['--env', 'shop-1'], {
      ...credentials(),
      WXPAY_SUB_MCH_ID: VARIABLES.WXPAY_SUB_MCH_ID,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Deploy failed [MISSING_VARIABLE]');
    expect(result.stderr).toContain('ADMIN_SETUP_SECRET');
    expect(standin.connections).toBe(0);
  });

  it('reports rejected credentials after one read', async () => {
    const result = await runCli(['--env', 'shop-1'], {
      ...credentials(),
      TENCENTCLOUD_SECRETKEY: 'wrong-key',
      ...VARIABLES,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'Deploy failed [CREDENTIALS_REJECTED]: DescribeEnvs: Tencent Cloud rejected the credentials (AuthFailure.SignatureFailure',
    );
    expect(standin.actions()).toEqual(['DescribeEnvs']);
    expect(standin.state.tables.size + standin.state.functions.size).toBe(0);
  });

  it('reports an unknown environment after one read', async () => {
    const result = await runCli(['--env', 'no-such-env'], { ...credentials(), ...VARIABLES });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'Deploy failed [ENV_NOT_FOUND]: Environment no-such-env was not found in this Tencent Cloud account (environments these credentials see: shop-1)',
    );
    expect(standin.actions()).toEqual(['DescribeEnvs']);
  });

  it('first deploy creates everything; the re-run only reads', async () => {
    const first = await runCli(['--env', 'shop-1'], { ...credentials(), ...VARIABLES });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(standin.actions()[0]).toBe('DescribeEnvs');
    expect(standin.changes().sort()).toEqual(firstDeployChanges().sort());
    expect(standin.refusedHosts).toEqual([]);

    standin.reset();
    const again = await runCli(['--env', 'shop-1'], { ...credentials(), ...VARIABLES });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to change: the environment already matches the repository.');
    expect(standin.actions().filter((action) => !isRead(action))).toEqual([]);
    expect(again.stdout).not.toContain(VARIABLES.ADMIN_SETUP_SECRET);
  });

  it('after changes in the console and in the code, makes exactly the calls that restore them', async () => {
    const [changed = ''] = names;
    appendFileSync(join(buildRoot, changed, 'index.js'), '\n// a code change\n');
    const users = standin.state.tables.get('users');
    if (users) {
      users.aclTag = 'PRIVATE';
      users.indexes = users.indexes.filter((index) => index.Name !== 'idx_ancestor_1');
    }
    const timed = names.find((name) => (configs.get(name)?.triggers.length ?? 0) > 0);
    const trigger = timed ? standin.state.functions.get(timed)?.Triggers[0] : undefined;
    if (trigger) trigger.TriggerDesc = JSON.stringify({ cron: '0 0 12 * * * *' });
    const result = await runCli(['--env', 'shop-1'], { ...credentials(), ...VARIABLES });
    expect(result.code).toBe(0);
    const expected = [
      'UpdateTable users',
      'ModifySafeRule users',
      `UpdateFunctionCode ${changed}`,
      `UpdateFunctionConfiguration ${changed}`,
      ...(timed ? [`DeleteTrigger ${timed}`, `BatchCreateTrigger ${timed}`] : []),
    ];
    expect(standin.changes()).toEqual(expected);
    expect(result.stdout).toContain('client rule {"read":false,"write":false} (was PRIVATE)');
    expect(result.stdout).toContain(`update configuration: variable DEPLOY_CODE_HASH changed`);
  });

  it('left every collection with its indexes and client rule', () => {
    for (const collection of COLLECTIONS) {
      const table = standin.state.tables.get(collection.name);
      expect(table?.indexes.map((index) => index.Name).sort()).toEqual(
        ['_id_', ...collection.indexes.map((index) => index.name)].sort(),
      );
      expect(table?.aclTag).toBe('CUSTOM');
      expect(JSON.parse(table?.rule ?? 'null')).toEqual({ read: collection.clientAccess === 'read', write: false });
    }
    const users = standin.state.tables.get('users');
    expect(users?.indexes.find((index) => index.Name === 'uniq_share_code')).toEqual({
      Name: 'uniq_share_code',
      Keys: [{ Name: 'shareCode', Direction: '1' }],
      Unique: true,
    });
  });

  it.each(names)('left function %s with its configuration, variables, trigger and package', (name) => {
    const config = configs.get(name);
    const fn = standin.state.functions.get(name);
    expect(fn).toMatchObject({
      Runtime: 'Nodejs18.15',
      Handler: 'index.main',
      Timeout: config?.timeout,
      MemorySize: config?.memorySize,
      InstallDependency: 'TRUE',
    });
    const variables = Object.fromEntries((fn?.Variables ?? []).map((v) => [v.Key, v.Value]));
    expect(Object.keys(variables).sort()).toEqual([...(config?.envVariables ?? []), 'DEPLOY_CODE_HASH'].sort());
    // Optional variables the deployer left unset are deployed with their declared fallback.
    for (const variable of config?.envVariables ?? [])
      expect(variables[variable]).toBe(
        VARIABLES[variable as keyof typeof VARIABLES] ?? VARIABLE_SPECS[variable]?.fallback ?? NOT_SET,
      );
    expect(fn?.Triggers).toEqual(
      (config?.triggers ?? []).map((t) => ({
        TriggerName: t.name,
        Type: 'timer',
        TriggerDesc: JSON.stringify({ cron: t.config }),
      })),
    );
    // Open-API permissions travel in the package's config.json, where the platform reads them.
    expect([...(fn?.files.keys() ?? [])].sort()).toEqual(['config.json', 'index.js', 'package.json']);
    expect(JSON.parse(fn?.files.get('config.json')?.toString() ?? '{}')).toEqual(readFunctionConfigRaw(name));
  });
});

function readFunctionConfigRaw(name: string): unknown {
  // The uploaded file is the source config.json byte for byte (the build copies it).
  return JSON.parse(readFileSync(join(FUNCTIONS_SOURCE_DIR, name, 'config.json'), 'utf8')) as unknown;
}
