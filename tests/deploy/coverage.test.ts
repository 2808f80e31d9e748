/**
 * The dry-run plan covers the whole repository: every function folder (with its timeout,
 * memory, trigger, open APIs and variables), every collection, index and client rule. It
 * iterates over whatever exists, so a function added without deploy metadata (config.json, or
 * a variable the deploy does not know) fails here.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COLLECTIONS } from '@shared/collections';
import { buildFunction } from '../../scripts/build';
import { loadDesired } from '../../scripts/deploy/desired';
import { plan } from '../../scripts/deploy/plan';
import { runDeploy } from '../../scripts/deploy/run';
import { VARIABLES } from '../../scripts/deploy/variables';
import { listFunctionNames, readFunctionConfig } from '../../scripts/functions';
import { FUNCTIONS_SOURCE_DIR, PROJECT_ROOT } from '../../scripts/paths';

const names = listFunctionNames(FUNCTIONS_SOURCE_DIR);
let buildRoot: string;
let output: string;

beforeAll(async () => {
  // A private build: other engineers may be rebuilding dist/ while this runs.
  buildRoot = mkdtempSync(join(tmpdir(), 'deploy-coverage-'));
  for (const name of names) await buildFunction(name, FUNCTIONS_SOURCE_DIR, buildRoot);
  const lines: string[] = [];
  const outcome = await runDeploy({
    args: { envId: 'shop-1', dryRun: true, skipBuild: true, functionsDir: buildRoot, region: null, appId: null },
    environment: {},
    projectRoot: PROJECT_ROOT,
    sourceRoot: FUNCTIONS_SOURCE_DIR,
    defaultBuildRoot: buildRoot,
    build: async () => {},
    connect: () => {
      throw new Error('the dry run must not connect');
    },
    log: (text) => lines.push(text),
  });
  expect(outcome).toEqual({ ok: true, changed: 0 });
  output = lines.join('\n');
});

afterAll(() => rmSync(buildRoot, { recursive: true, force: true }));

function desiredPlan() {
  const loaded = loadDesired({ envId: 'shop-1', sourceRoot: FUNCTIONS_SOURCE_DIR, buildRoot, environment: {} });
  if (!loaded.ok) throw new Error(loaded.failure.message);
  return plan(loaded.desired, null);
}

describe('the dry-run plan covers the repository', () => {
  it('plans exactly one creation per function folder, trigger, collection and index', () => {
    const steps = desiredPlan().steps;
    const of = (kind: string) => steps.filter((step) => step.kind === kind);
    expect(of('createFunction').map((step) => (step.kind === 'createFunction' ? step.fn.name : ''))).toEqual(names);
    const triggers = names.flatMap((name) =>
      readFunctionConfig(join(FUNCTIONS_SOURCE_DIR, name)).triggers.map((t) => `${name}.${t.name}`),
    );
    expect(
      of('createTrigger').map((step) =>
        step.kind === 'createTrigger' ? `${step.functionName}.${step.trigger.name}` : '',
      ),
    ).toEqual(triggers);
    expect(of('createCollection').map((step) => (step.kind === 'createCollection' ? step.collection : ''))).toEqual(
      COLLECTIONS.map((c) => c.name),
    );
    const indexes = COLLECTIONS.flatMap((c) => c.indexes.map((index) => `${c.name}.${index.name}`));
    expect(
      of('createIndex').map((step) => (step.kind === 'createIndex' ? `${step.collection}.${step.index.name}` : '')),
    ).toEqual(indexes);
    expect(of('setRule')).toHaveLength(COLLECTIONS.length);
  });

  it.each(names)('prints function %s with its runtime, limits, open APIs, trigger and variables', (name) => {
    const config = readFunctionConfig(join(FUNCTIONS_SOURCE_DIR, name));
    expect(output).toContain(
      `? ensure    ${name}: Nodejs18.15, handler index.main, timeout ${config.timeout} s, memory ${config.memorySize} MB`,
    );
    const section = output
      .slice(output.indexOf(`? ensure    ${name}:`))
      .split('\n')
      .slice(0, 6)
      .join('\n');
    expect(section).toContain(
      `open APIs: ${config.permissions.openapi.length > 0 ? [...config.permissions.openapi].sort().join(', ') : 'none'}`,
    );
    const trigger = config.triggers[0];
    expect(section).toContain(`timer trigger: ${trigger ? `${trigger.name} "${trigger.config}" (UTC+8)` : 'none'}`);
    for (const variable of config.envVariables) expect(section).toContain(`${variable}=`);
    expect(section).toContain('DEPLOY_CODE_HASH=');
    expect(section).toContain('files: config.json, index.js, package.json');
  });

  it.each(COLLECTIONS.map((c) => [c.name, c] as const))(
    'prints collection %s with its indexes and client rule',
    (name, collection) => {
      const start = output.indexOf(`? ensure    ${name}\n`);
      expect(start).toBeGreaterThan(0);
      const section = output.slice(start);
      for (const index of collection.indexes)
        expect(section).toContain(`? ensure    index ${index.name} ${index.unique ? 'unique ' : ''}(`);
      const rule = collection.clientAccess === 'read' ? '{"read":true,"write":false}' : '{"read":false,"write":false}';
      expect(section.split('\n').find((line) => line.includes('client rule'))).toBe(
        `      ? ensure    client rule ${rule}`,
      );
    },
  );

  it('knows every variable a function declares (required or with a default)', () => {
    const declared = names.flatMap((name) => readFunctionConfig(join(FUNCTIONS_SOURCE_DIR, name)).envVariables);
    for (const variable of declared) expect(Object.keys(VARIABLES)).toContain(variable);
  });
});

describe('a function without deploy metadata', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'deploy-metadata-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function addFunction(name: string, config: object | null): void {
    for (const dir of [join(root, 'src', name), join(root, 'build', name)]) {
      mkdirSync(dir, { recursive: true });
      if (config) writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    }
    for (const file of ['index.js', 'package.json']) writeFileSync(join(root, 'build', name, file), '{}');
  }

  it('fails when config.json is missing', () => {
    addFunction('orphan', null);
    const loaded = loadDesired({
      envId: 'shop-1',
      sourceRoot: join(root, 'src'),
      buildRoot: join(root, 'build'),
      environment: {},
    });
    expect(loaded).toEqual({
      ok: false,
      failure: { code: 'INVALID_PROJECT', message: expect.stringContaining('orphan: built folder') },
    });
  });

  it('reports a variable the deploy does not know', () => {
    addFunction('mystery', { envVariables: ['MYSTERY_TOKEN'] });
    const loaded = loadDesired({
      envId: 'shop-1',
      sourceRoot: join(root, 'src'),
      buildRoot: join(root, 'build'),
      environment: {},
    });
    if (!loaded.ok) throw new Error(loaded.failure.message);
    expect(loaded.variables.invalid).toEqual([
      'MYSTERY_TOKEN is declared by a function but not described in scripts/deploy/variables.ts',
    ]);
  });

  it('fails when config.json is invalid', () => {
    addFunction('broken', { timeout: 120 });
    const loaded = loadDesired({
      envId: 'shop-1',
      sourceRoot: join(root, 'src'),
      buildRoot: join(root, 'build'),
      environment: {},
    });
    expect(loaded).toEqual({
      ok: false,
      failure: { code: 'INVALID_PROJECT', message: expect.stringContaining('broken:') },
    });
  });
});
