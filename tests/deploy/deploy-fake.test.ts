/**
 * The deploy loop against an in-process stand-in of the management API: exact calls on a first
 * deploy, none on a re-run, exactly the needed ones after each kind of change, and clear
 * failures that change nothing when credentials, variables or the environment are wrong.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { translate } from '../../scripts/deploy/manager';
import { ApiError } from '../../scripts/deploy/model';
import { parseArgs, runDeploy } from '../../scripts/deploy/run';
import { FakeCloudBase } from './fake-api';
import { FIXTURE_CONFIGS, FIXTURE_ENVIRONMENT, FixtureProject } from './fixture-project';

const FIRST_DEPLOY = [
  'createCollection catalog',
  'createCollection orders',
  'createIndex catalog uniq_slug',
  'createIndex orders idx_user_created',
  'setRule catalog {"read":true,"write":false}',
  'setRule orders {"read":false,"write":false}',
  'createFunction alpha',
  'createFunction beta',
  'createTrigger beta nightly',
];

const RERUN_READS = [
  'listEnvIds',
  'listCollections',
  'listFunctions',
  'describeIndexes catalog',
  'describeRule catalog',
  'describeIndexes orders',
  'describeRule orders',
  'getFunction alpha',
  'getFunction beta',
];

let project: FixtureProject;
let api: FakeCloudBase;

beforeEach(() => {
  project = new FixtureProject();
  api = new FakeCloudBase();
});

afterEach(() => project.remove());

async function deployOnce(environment: NodeJS.ProcessEnv = FIXTURE_ENVIRONMENT) {
  api.calls.length = 0;
  const context = project.context(api, {}, environment);
  const outcome = await runDeploy(context);
  return { outcome, output: context.output.join('\n'), context };
}

describe('first deploy and re-run', () => {
  it('creates every collection, index, rule, function and trigger, reading first', async () => {
    const { outcome } = await deployOnce();
    expect(outcome).toEqual({ ok: true, changed: 9 });
    expect(api.changingCalls()).toEqual(FIRST_DEPLOY);
    expect(api.readCalls()).toEqual(['listEnvIds', 'listCollections', 'listFunctions']);
    expect(api.calls[0]?.method).toBe('listEnvIds');
  });

  it('deploys each function with its configuration, variables and code hash', async () => {
    await deployOnce();
    const alpha = api.fn('alpha');
    expect(alpha).toMatchObject({
      runtime: 'Nodejs18.15',
      handler: 'index.main',
      timeout: 10,
      memorySize: 256,
      openapi: ['wxacode.getUnlimited'],
      triggers: [],
    });
    expect(Object.keys(alpha.env)).toEqual(['ADMIN_SETUP_SECRET', 'DEPLOY_CODE_HASH']);
    expect(alpha.env.ADMIN_SETUP_SECRET).toBe('correct-horse-battery-staple');
    expect(alpha.env.DEPLOY_CODE_HASH).toMatch(/^[0-9a-f]{64}$/);
    expect(alpha.uploadedCode).toBe(alpha.env.DEPLOY_CODE_HASH);
    expect(api.fn('beta')).toMatchObject({
      timeout: 60,
      memorySize: 512,
      triggers: [{ name: 'nightly', type: 'timer', cron: '0 0 3 * * * *' }],
    });
    expect(api.collection('orders').rule).toEqual({ aclTag: 'CUSTOM', rule: '{"read":false,"write":false}' });
  });

  it('makes no changing call when nothing changed, only reads', async () => {
    await deployOnce();
    const { outcome, output } = await deployOnce();
    expect(outcome).toEqual({ ok: true, changed: 0 });
    expect(api.changingCalls()).toEqual([]);
    expect(api.readCalls()).toEqual(RERUN_READS);
    expect(output).toContain('Nothing to change: the environment already matches the repository.');
    expect(output).not.toContain('correct-horse-battery-staple');
  });
});

describe('re-run after a change makes exactly the needed calls', () => {
  beforeEach(async () => {
    await deployOnce();
  });

  it('uploads changed code, then records its hash', async () => {
    writeFileSync(join(project.buildRoot, 'alpha', 'index.js'), 'exports.main = async () => "alpha v2";\n');
    expect((await deployOnce()).outcome.ok).toBe(true);
    expect(api.changingCalls()).toEqual(['updateFunctionCode alpha', 'updateFunctionConfig alpha']);
    expect(api.fn('alpha').uploadedCode).toBe(api.fn('alpha').env.DEPLOY_CODE_HASH);
  });

  it('ignores source maps, which are not uploaded', async () => {
    writeFileSync(join(project.buildRoot, 'alpha', 'index.js.map'), '{"version":3,"mappings":"AAAA"}');
    await deployOnce();
    expect(api.changingCalls()).toEqual([]);
  });

  it('updates the configuration when a variable value changes, without printing it', async () => {
    const { output } = await deployOnce({ ...FIXTURE_ENVIRONMENT, ADMIN_SETUP_SECRET: 'another-long-admin-secret' });
    expect(api.changingCalls()).toEqual(['updateFunctionConfig alpha']);
    expect(api.fn('alpha').env.ADMIN_SETUP_SECRET).toBe('another-long-admin-secret');
    expect(output).toContain('update configuration: variable ADMIN_SETUP_SECRET changed');
    expect(output).not.toContain('another-long-admin-secret');
  });

  it('uploads code and configuration when config.json changes (open APIs travel in the package)', async () => {
    project.writeFunction(
      'alpha',
      {
        ...FIXTURE_CONFIGS.alpha,
        timeout: 20,
        permissions: { openapi: ['wxacode.getUnlimited', 'subscribeMessage.send'] },
      },
      'exports.main = async () => "alpha";\n',
    );
    await deployOnce();
    expect(api.changingCalls()).toEqual(['updateFunctionCode alpha', 'updateFunctionConfig alpha']);
    expect(api.fn('alpha')).toMatchObject({ timeout: 20, openapi: ['subscribeMessage.send', 'wxacode.getUnlimited'] });
  });

  it('replaces a trigger whose cron changed and removes one no longer configured', async () => {
    project.writeFunction(
      'beta',
      { ...FIXTURE_CONFIGS.beta, triggers: [{ name: 'nightly', type: 'timer', config: '0 30 4 * * * *' }] },
      'exports.main = async () => "beta";\n',
    );
    api.fn('beta').triggers.push({ name: 'legacy', type: 'timer', cron: '0 0 * * * * *' });
    await deployOnce();
    expect(api.changingCalls()).toEqual([
      'updateFunctionCode beta',
      'updateFunctionConfig beta',
      'deleteTrigger beta nightly',
      'deleteTrigger beta legacy',
      'createTrigger beta nightly',
    ]);
    expect(api.fn('beta').triggers).toEqual([{ name: 'nightly', type: 'timer', cron: '0 30 4 * * * *' }]);
  });

  it('restores a rule changed in the console and replaces an index whose keys differ', async () => {
    api.collection('catalog').rule = { aclTag: 'READONLY', rule: null };
    const orders = api.collection('orders');
    orders.indexes = orders.indexes.map((index) =>
      index.name === 'idx_user_created' ? { ...index, unique: true } : index,
    );
    const { output } = await deployOnce();
    expect(api.changingCalls()).toEqual([
      'dropIndex orders idx_user_created',
      'createIndex orders idx_user_created',
      'setRule catalog {"read":true,"write":false}',
    ]);
    expect(output).toContain('client rule {"read":true,"write":false} (was READONLY)');
  });

  it('accepts an equivalent rule the platform reformatted, and leaves foreign things alone', async () => {
    api.collection('orders').rule = { aclTag: 'CUSTOM', rule: '{\n  "read": false,\n  "write": false\n}' };
    api.collections.set('legacy', { indexes: [], rule: { aclTag: 'PRIVATE', rule: null } });
    api.collection('catalog').indexes.push({ name: 'idx_old', keys: [{ field: 'old', direction: 1 }], unique: false });
    api.functions.set('oldFunction', { ...api.fn('alpha'), name: 'oldFunction' });
    const { output } = await deployOnce();
    expect(api.changingCalls()).toEqual([]);
    expect(output).toContain('collection legacy is not in shared/collections.ts: left as is');
    expect(output).toContain('index catalog.idx_old is not in shared/collections.ts: left as is');
    expect(output).toContain('function oldFunction has no folder in cloudfunctions/: left as is');
  });

  it('removes variables added by hand: the deploy owns each function variable set', async () => {
    api.fn('beta').env.DEBUG = '1';
    await deployOnce();
    expect(api.changingCalls()).toEqual(['updateFunctionConfig beta']);
    expect(api.fn('beta').env).toEqual({ DEPLOY_CODE_HASH: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });
});

describe('failures are clear and change nothing', () => {
  it('refuses without credentials, before connecting', async () => {
    const { TENCENTCLOUD_SECRETKEY: _key, ...environment } = FIXTURE_ENVIRONMENT;
    const { outcome, context } = await deployOnce(environment);
    expect(outcome).toEqual({
      ok: false,
      changed: 0,
      failure: { code: 'MISSING_CREDENTIALS', message: expect.stringContaining('set TENCENTCLOUD_SECRETKEY') },
    });
    expect(context.connected).toBe(0);
    expect(api.calls).toEqual([]);
  });

  it('refuses when a required variable is missing or too weak, before connecting', async () => {
    const { ADMIN_SETUP_SECRET: _secret, ...environment } = FIXTURE_ENVIRONMENT;
    const missing = await deployOnce(environment);
    expect(missing.outcome).toEqual({
      ok: false,
      changed: 0,
      failure: { code: 'MISSING_VARIABLE', message: expect.stringContaining('ADMIN_SETUP_SECRET') },
    });
    const weak = await deployOnce({ ...FIXTURE_ENVIRONMENT, ADMIN_SETUP_SECRET: 'short' });
    expect(weak.outcome).toEqual({
      ok: false,
      changed: 0,
      failure: { code: 'INVALID_VARIABLE', message: expect.stringContaining('at least 16 characters') },
    });
    expect(missing.context.connected + weak.context.connected).toBe(0);
    expect(api.calls).toEqual([]);
  });

  it('stops at the first read when the environment does not exist', async () => {
    api.envIds = ['other-env'];
    const { outcome } = await deployOnce();
    expect(outcome).toEqual({
      ok: false,
      changed: 0,
      failure: { code: 'ENV_NOT_FOUND', message: expect.stringContaining('Environment shop-1 was not found') },
    });
    expect(api.calls.map((call) => call.method)).toEqual(['listEnvIds']);
  });

  it('stops at the first read when the credentials are rejected', async () => {
    api.failures.set(
      'listEnvIds',
      new ApiError('CREDENTIALS_REJECTED', 'DescribeEnvs: Tencent Cloud rejected the credentials'),
    );
    const { outcome } = await deployOnce();
    expect(outcome).toEqual({
      ok: false,
      changed: 0,
      failure: { code: 'CREDENTIALS_REJECTED', message: 'DescribeEnvs: Tencent Cloud rejected the credentials' },
    });
    expect(api.changingCalls()).toEqual([]);
  });

  it('reports how far a failed deploy got, and a re-run finishes the rest', async () => {
    api.failures.set(
      'createFunction',
      new ApiError('API_ERROR', 'CreateFunction failed (LimitExceeded): too many functions'),
    );
    const failed = await deployOnce();
    expect(failed.outcome).toEqual({
      ok: false,
      changed: 6,
      failure: { code: 'API_ERROR', message: 'CreateFunction failed (LimitExceeded): too many functions' },
    });
    api.failures.clear();
    await deployOnce();
    expect(api.changingCalls()).toEqual(['createFunction alpha', 'createFunction beta', 'createTrigger beta nightly']);
  });
});

describe('dry run', () => {
  it('prints every item as would create/ensure without credentials or connecting', async () => {
    const context = project.context(api, { dryRun: true, envId: '' }, {});
    expect(await runDeploy(context)).toEqual({ ok: true, changed: 0 });
    expect(context.connected).toBe(0);
    const output = context.output.join('\n');
    expect(output).toContain('Dry run for environment <envId>');
    expect(output).toContain('? ensure    index uniq_slug unique (slug asc)');
    expect(output).toContain('? ensure    client rule {"read":false,"write":false}');
    expect(output).toContain('? ensure    alpha: Nodejs18.15, handler index.main, timeout 10 s, memory 256 MB');
    expect(output).toContain('open APIs: wxacode.getUnlimited');
    expect(output).toContain('? ensure    timer trigger: nightly "0 0 3 * * * *" (UTC+8)');
    expect(output).toContain('variables: ADMIN_SETUP_SECRET=<not set>, DEPLOY_CODE_HASH=');
    expect(output).toContain('Variable problems (a real deploy refuses to start until they are fixed):');
    expect(output).toContain('9 changing calls at most');
  });

  it('masks secret values', async () => {
    const context = project.context(api, { dryRun: true }, FIXTURE_ENVIRONMENT);
    await runDeploy(context);
    const output = context.output.join('\n');
    expect(output).toContain('ADMIN_SETUP_SECRET=<secret, 28 chars>');
    expect(output).not.toContain('correct-horse-battery-staple');
  });
});

describe('arguments', () => {
  it('requires --env except for a dry run', () => {
    expect(parseArgs([])).toEqual({
      ok: false,
      failure: { code: 'USAGE', message: expect.stringContaining('--env <envId> is required.') },
    });
    expect(parseArgs(['--dry-run'])).toEqual({
      ok: true,
      args: { envId: '', dryRun: true, skipBuild: false, functionsDir: null, region: null, appId: null },
    });
  });

  it('takes values after the flag or after =', () => {
    expect(
      parseArgs(['--env=shop-1', '--region', 'ap-guangzhou', '--appid', 'wx0123456789abcdef', '--skip-build']),
    ).toEqual({
      ok: true,
      args: {
        envId: 'shop-1',
        dryRun: false,
        skipBuild: true,
        functionsDir: null,
        region: 'ap-guangzhou',
        appId: 'wx0123456789abcdef',
      },
    });
  });

  it('rejects unknown arguments, missing values and malformed environment ids', () => {
    expect(parseArgs(['--env', 'shop-1', '--force'])).toMatchObject({
      ok: false,
      failure: { message: expect.stringContaining('Unknown argument --force.') },
    });
    expect(parseArgs(['--env'])).toMatchObject({
      ok: false,
      failure: { message: expect.stringContaining('--env needs a value.') },
    });
    expect(parseArgs(['--env', 'shop 1'])).toMatchObject({
      ok: false,
      failure: { message: expect.stringContaining('shop 1 is not an environment id.') },
    });
    expect(parseArgs(['--env', 'shop-1', '--appid', 'touristappid'])).toMatchObject({
      ok: false,
      failure: { message: expect.stringContaining('touristappid is not a mini-program AppID') },
    });
  });
});

describe('management API errors', () => {
  it('map to stable codes with the API code and a hint', () => {
    expect(
      translate('DescribeEnvs', { code: 'AuthFailure.SecretIdNotFound', message: 'The SecretId is not found.' }),
    ).toMatchObject({
      code: 'CREDENTIALS_REJECTED',
      message:
        'DescribeEnvs: Tencent Cloud rejected the credentials (AuthFailure.SecretIdNotFound: The SecretId is not found.). Check TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY.',
    });
    expect(translate('CreateTable', { code: 'AuthFailure.UnauthorizedOperation', message: 'no' }).code).toBe(
      'PERMISSION_DENIED',
    );
    expect(translate('CreateTable', { code: 'UnauthorizedOperation.CamNoAuth', message: 'no' }).code).toBe(
      'PERMISSION_DENIED',
    );
    expect(
      translate(
        'DescribeEnvs',
        new Error(
          'request to https://tcb.tencentcloudapi.com/ failed, reason: getaddrinfo ENOTFOUND tcb.tencentcloudapi.com',
        ),
      ).code,
    ).toBe('NETWORK');
    expect(
      translate('CreateFunction', { code: 'LimitExceeded.Function', message: 'too many functions' }),
    ).toMatchObject({
      code: 'API_ERROR',
      message: 'CreateFunction failed (LimitExceeded.Function): too many functions',
    });
  });
});
