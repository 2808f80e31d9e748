/** The pure planner on hand-written states: edge cases the deploy-loop tests do not reach. */
import type { CurrentState, DesiredFunction, DesiredState, FunctionState } from '../../scripts/deploy/model';
import { EMPTY_STATE, plan } from '../../scripts/deploy/plan';

const fn: DesiredFunction = {
  name: 'job',
  dir: '/nowhere',
  files: ['config.json', 'index.js', 'package.json'],
  runtime: 'Nodejs18.15',
  handler: 'index.main',
  timeout: 60,
  memorySize: 256,
  openapi: [],
  trigger: { name: 'nightly', cron: '0 0 3 * * * *' },
  env: { DEPLOY_CODE_HASH: 'h1' },
  secretNames: [],
  codeHash: 'h1',
};

const desired: DesiredState = {
  envId: 'shop-1',
  collections: [
    {
      name: 'places',
      indexes: [{ name: 'idx_loc', keys: [{ field: 'loc', direction: 1 }], unique: false }],
      rule: { read: false, write: false },
    },
  ],
  functions: [fn],
};

const deployedJob: FunctionState = {
  name: 'job',
  runtime: 'Nodejs18.15',
  handler: 'index.main',
  timeout: 60,
  memorySize: 256,
  env: { DEPLOY_CODE_HASH: 'h1' },
  triggers: [{ name: 'nightly', type: 'timer', cron: '0  0 3 * * *  *' }],
};

function current(overrides: Partial<FunctionState> = {}, indexDirection: 1 | -1 | string = 1): CurrentState {
  return {
    ...EMPTY_STATE,
    collections: [
      {
        name: 'places',
        indexes: [{ name: 'idx_loc', keys: [{ field: 'loc', direction: indexDirection }], unique: false }],
        rule: { aclTag: 'CUSTOM', rule: { write: false, read: false } },
      },
    ],
    functions: [{ ...deployedJob, ...overrides }],
  };
}

describe('plan', () => {
  it('plans nothing when states match, whitespace in the cron and key order in the rule aside', () => {
    expect(plan(desired, current())).toEqual({ steps: [], notes: [] });
  });

  it('plans the whole environment when nothing is known, in dependency order', () => {
    expect(plan(desired, null).steps.map((step) => step.kind)).toEqual([
      'createCollection',
      'createIndex',
      'setRule',
      'createFunction',
      'createTrigger',
    ]);
  });

  it('replaces an index of another kind with the same name', () => {
    expect(plan(desired, current({}, '2dsphere')).steps).toEqual([
      { kind: 'dropIndex', collection: 'places', index: 'idx_loc', reason: 'is (loc 2dsphere), wanted (loc asc)' },
      { kind: 'createIndex', collection: 'places', index: desired.collections[0]?.indexes[0] },
    ]);
  });

  it('cannot change a runtime in place: it says so and changes nothing else', () => {
    const planned = plan(desired, current({ runtime: 'Nodejs16.13' }));
    expect(planned.steps).toEqual([]);
    expect(planned.notes).toEqual([
      'function job runs Nodejs16.13, not Nodejs18.15: the runtime cannot change in place (delete the function in the console to recreate it)',
    ]);
  });

  it('re-uploads the code when the handler differs, and names config changes without values', () => {
    const planned = plan(
      desired,
      current({
        handler: 'app.main',
        timeout: 3,
        memorySize: 128,
        env: { DEPLOY_CODE_HASH: 'h1', TOKEN: 'secret-value' },
      }),
    );
    expect(planned.steps.map((step) => step.kind)).toEqual(['updateFunctionCode', 'updateFunctionConfig']);
    expect(planned.steps[1]).toMatchObject({
      changes: ['timeout 3 s -> 60 s', 'memory 128 MB -> 256 MB', 'variable TOKEN removed'],
    });
  });

  it('leaves triggers that are not timers alone', () => {
    const triggers = [...deployedJob.triggers, { name: 'queue', type: 'cmq', cron: '{"topic":"x"}' }];
    expect(plan(desired, current({ triggers })).steps).toEqual([]);
  });

  it('creates a missing trigger on an existing function', () => {
    expect(plan(desired, current({ triggers: [] })).steps).toEqual([
      { kind: 'createTrigger', functionName: 'job', trigger: fn.trigger },
    ]);
  });
});
