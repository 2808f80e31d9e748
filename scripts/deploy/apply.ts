/**
 * The deploy loop: check the environment exists (the first call, a read), read everything the
 * plan needs (reads only), plan, then run the changing calls one by one. A failure stops the
 * loop; since every step is idempotent against the state it was planned from, re-running the
 * deploy picks up where it stopped.
 */
import { ApiError, type CloudBaseApi, type CurrentState, type DeployFailure, type DesiredState } from './model';
import { describeStep } from './format';
import { plan, type Plan, type Step } from './plan';

export type DeployOutcome =
  { ok: true; plan: Plan; changed: number } | { ok: false; failure: DeployFailure; plan: Plan | null; changed: number };

export interface DeployHooks {
  /** Called once the plan is known, before any change, e.g. to print it. */
  onPlan: (planned: Plan, current: CurrentState) => void;
  log: (line: string) => void;
}

export async function deploy(api: CloudBaseApi, desired: DesiredState, hooks: DeployHooks): Promise<DeployOutcome> {
  let current: CurrentState;
  try {
    const envIds = await api.listEnvIds();
    if (!envIds.includes(desired.envId)) {
      const visible = envIds.length > 0 ? envIds.join(', ') : 'none';
      const message = `Environment ${desired.envId} was not found in this Tencent Cloud account (environments these credentials see: ${visible}). Check --env and that the API key belongs to the account that owns the environment.`;
      return { ok: false, failure: { code: 'ENV_NOT_FOUND', message }, plan: null, changed: 0 };
    }
    current = await readCurrent(api, desired);
  } catch (error) {
    return { ok: false, failure: asFailure(error), plan: null, changed: 0 };
  }
  const planned = plan(desired, current);
  hooks.onPlan(planned, current);
  const total = planned.steps.length;
  for (const [index, step] of planned.steps.entries()) {
    hooks.log(`[${index + 1}/${total}] ${describeStep(step)}`);
    try {
      await runStep(api, step);
    } catch (error) {
      return { ok: false, failure: asFailure(error), plan: planned, changed: index };
    }
  }
  return { ok: true, plan: planned, changed: total };
}

/** Reads only what the plan compares: every desired collection and function that exists. */
export async function readCurrent(api: CloudBaseApi, desired: DesiredState): Promise<CurrentState> {
  const wantedCollections = new Set(desired.collections.map((collection) => collection.name));
  const wantedFunctions = new Set(desired.functions.map((fn) => fn.name));
  const collectionNames = await api.listCollections();
  const functionNames = await api.listFunctions();
  const state: CurrentState = {
    collections: [],
    functions: [],
    otherCollections: collectionNames.filter((name) => !wantedCollections.has(name)).sort(),
    otherFunctions: functionNames.filter((name) => !wantedFunctions.has(name)).sort(),
  };
  for (const collection of desired.collections) {
    if (!collectionNames.includes(collection.name)) continue;
    const indexes = await api.describeIndexes(collection.name);
    const rule = await api.describeRule(collection.name);
    state.collections.push({ name: collection.name, indexes, rule });
  }
  for (const fn of desired.functions) {
    if (functionNames.includes(fn.name)) state.functions.push(await api.getFunction(fn.name));
  }
  return state;
}

async function runStep(api: CloudBaseApi, step: Step): Promise<void> {
  switch (step.kind) {
    case 'createCollection':
      return api.createCollection(step.collection);
    case 'createIndex':
      return api.createIndex(step.collection, step.index);
    case 'dropIndex':
      return api.dropIndex(step.collection, step.index);
    case 'setRule':
      return api.setRule(step.collection, step.rule);
    case 'createFunction':
      return api.createFunction(step.fn);
    case 'updateFunctionCode':
      return api.updateFunctionCode(step.fn);
    case 'updateFunctionConfig':
      return api.updateFunctionConfig(step.fn);
    case 'createTrigger':
      return api.createTrigger(step.functionName, step.trigger);
    case 'deleteTrigger':
      return api.deleteTrigger(step.functionName, step.trigger);
  }
}

/** ApiError is an expected refusal; anything else is a bug and is rethrown. */
function asFailure(error: unknown): DeployFailure {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  throw error;
}
