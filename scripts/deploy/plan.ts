/**
 * The pure planner: compares what the repository wants with what the environment has and
 * lists the changing calls that make them equal, in the order they must run. It never talks
 * to the network, so the dry run and the tests use it as is.
 */
import type { IndexSpec } from '@shared/collections';
import type {
  ClientRule,
  CollectionState,
  CurrentState,
  DesiredCollection,
  DesiredFunction,
  DesiredState,
  DesiredTrigger,
  FunctionState,
  IndexState,
  RuleState,
} from './model';
import { normalizeCron } from './desired';
import { CODE_HASH_VARIABLE } from './variables';

export type Step =
  | { kind: 'createCollection'; collection: string }
  | { kind: 'createIndex'; collection: string; index: IndexSpec }
  | { kind: 'dropIndex'; collection: string; index: string; reason: string }
  | { kind: 'setRule'; collection: string; rule: ClientRule; reason: string }
  | { kind: 'createFunction'; fn: DesiredFunction }
  | { kind: 'updateFunctionCode'; fn: DesiredFunction }
  | { kind: 'updateFunctionConfig'; fn: DesiredFunction; changes: string[] }
  | { kind: 'createTrigger'; functionName: string; trigger: DesiredTrigger }
  | { kind: 'deleteTrigger'; functionName: string; trigger: string; reason: string };

export interface Plan {
  steps: Step[];
  /** Differences the deploy deliberately leaves alone, for the merchant to read. */
  notes: string[];
}

export const EMPTY_STATE: CurrentState = { collections: [], functions: [], otherCollections: [], otherFunctions: [] };

/**
 * `current` null means the environment was not read (dry run): everything is planned as if
 * the environment were empty, and the printer says "would create/ensure".
 */
export function plan(desired: DesiredState, current: CurrentState | null): Plan {
  const have = current ?? EMPTY_STATE;
  const steps: Step[] = [];
  const notes: string[] = [];
  for (const want of desired.collections) {
    const existing = have.collections.find((collection) => collection.name === want.name);
    steps.push(...planCollection(want, existing, notes));
  }
  for (const want of desired.functions) {
    const existing = have.functions.find((fn) => fn.name === want.name);
    steps.push(...planFunction(want, existing, notes));
  }
  for (const name of have.otherCollections)
    notes.push(`collection ${name} is not in shared/collections.ts: left as is`);
  for (const name of have.otherFunctions) notes.push(`function ${name} has no folder in cloudfunctions/: left as is`);
  return { steps: orderSteps(steps), notes };
}

/** Collections first (indexes and rules need them), then functions, then their triggers. */
function orderSteps(steps: Step[]): Step[] {
  const rank: Record<Step['kind'], number> = {
    createCollection: 0,
    dropIndex: 1,
    createIndex: 2,
    setRule: 3,
    createFunction: 4,
    updateFunctionCode: 4,
    updateFunctionConfig: 4,
    deleteTrigger: 5,
    createTrigger: 6,
  };
  // Array.prototype.sort is stable, so each function keeps code before config.
  return [...steps].sort((a, b) => rank[a.kind] - rank[b.kind]);
}

function planCollection(want: DesiredCollection, have: CollectionState | undefined, notes: string[]): Step[] {
  const name = want.name;
  if (!have) {
    return [
      { kind: 'createCollection', collection: name },
      ...want.indexes.map((index): Step => ({ kind: 'createIndex', collection: name, index })),
      { kind: 'setRule', collection: name, rule: want.rule, reason: 'new collection' },
    ];
  }
  const steps: Step[] = [];
  for (const index of want.indexes) {
    const existing = have.indexes.find((candidate) => candidate.name === index.name);
    if (!existing) steps.push({ kind: 'createIndex', collection: name, index });
    else if (!sameIndex(existing, index)) {
      const reason = `is ${describeIndex(existing)}, wanted ${describeIndex(index)}`;
      steps.push(
        { kind: 'dropIndex', collection: name, index: index.name, reason },
        { kind: 'createIndex', collection: name, index },
      );
    }
  }
  for (const index of have.indexes) {
    // `_id_` is the platform's own index on every collection.
    if (index.name !== '_id_' && !want.indexes.some((candidate) => candidate.name === index.name)) {
      notes.push(`index ${name}.${index.name} is not in shared/collections.ts: left as is`);
    }
  }
  if (!sameRule(have.rule, want.rule)) {
    steps.push({ kind: 'setRule', collection: name, rule: want.rule, reason: `was ${describeRuleState(have.rule)}` });
  }
  return steps;
}

function planFunction(want: DesiredFunction, have: FunctionState | undefined, notes: string[]): Step[] {
  if (!have) {
    const trigger: Step[] = want.trigger
      ? [{ kind: 'createTrigger', functionName: want.name, trigger: want.trigger }]
      : [];
    return [{ kind: 'createFunction', fn: want }, ...trigger];
  }
  const steps: Step[] = [];
  if (have.runtime !== want.runtime) {
    notes.push(
      `function ${want.name} runs ${have.runtime}, not ${want.runtime}: the runtime cannot change in place (delete the function in the console to recreate it)`,
    );
  }
  const codeChanged = have.env[CODE_HASH_VARIABLE] !== want.codeHash || have.handler !== want.handler;
  if (codeChanged) steps.push({ kind: 'updateFunctionCode', fn: want });
  const changes = configChanges(want, have);
  if (changes.length > 0) steps.push({ kind: 'updateFunctionConfig', fn: want, changes });
  steps.push(...planTriggers(want, have));
  return steps;
}

/** What differs in the configuration, named without values so secrets never reach the log. */
export function configChanges(want: DesiredFunction, have: FunctionState): string[] {
  const changes: string[] = [];
  if (have.timeout !== want.timeout) changes.push(`timeout ${have.timeout} s -> ${want.timeout} s`);
  if (have.memorySize !== want.memorySize) changes.push(`memory ${have.memorySize} MB -> ${want.memorySize} MB`);
  const names = [...new Set([...Object.keys(want.env), ...Object.keys(have.env)])].sort();
  for (const name of names) {
    if (!(name in have.env)) changes.push(`variable ${name} added`);
    else if (!(name in want.env)) changes.push(`variable ${name} removed`);
    else if (have.env[name] !== want.env[name]) changes.push(`variable ${name} changed`);
  }
  return changes;
}

/** The deploy owns its functions' timer triggers; other trigger types are not touched. */
function planTriggers(want: DesiredFunction, have: FunctionState): Step[] {
  const steps: Step[] = [];
  let present = false;
  for (const trigger of have.triggers.filter((candidate) => candidate.type === 'timer')) {
    if (want.trigger && trigger.name === want.trigger.name) {
      if (normalizeCron(trigger.cron) === want.trigger.cron) present = true;
      else
        steps.push({
          kind: 'deleteTrigger',
          functionName: want.name,
          trigger: trigger.name,
          reason: `cron was ${trigger.cron}`,
        });
    } else {
      steps.push({
        kind: 'deleteTrigger',
        functionName: want.name,
        trigger: trigger.name,
        reason: 'not in config.json',
      });
    }
  }
  if (want.trigger && !present) steps.push({ kind: 'createTrigger', functionName: want.name, trigger: want.trigger });
  return steps;
}

function sameIndex(have: IndexState, want: IndexSpec): boolean {
  return (
    have.unique === want.unique &&
    have.keys.length === want.keys.length &&
    want.keys.every((key, i) => have.keys[i]?.field === key.field && have.keys[i]?.direction === key.direction)
  );
}

export function describeIndex(index: IndexSpec | IndexState): string {
  const keys = index.keys.map((key) => `${key.field} ${direction(key.direction)}`).join(', ');
  return `${index.unique ? 'unique ' : ''}(${keys})`;
}

function direction(value: 1 | -1 | string): string {
  if (value === 1) return 'asc';
  return value === -1 ? 'desc' : value;
}

function sameRule(have: RuleState, want: ClientRule): boolean {
  if (have.aclTag !== 'CUSTOM') return false;
  const rule = typeof have.rule === 'string' ? parseJson(have.rule) : have.rule;
  return canonicalJson(rule) === canonicalJson({ read: want.read, write: want.write });
}

/** JSON with sorted keys, so equal values compare equal whatever their key order or origin. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function describeRuleState(rule: RuleState): string {
  if (rule.aclTag !== 'CUSTOM') return rule.aclTag;
  return typeof rule.rule === 'string' ? rule.rule : JSON.stringify(rule.rule);
}

export function ruleText(rule: ClientRule): string {
  return JSON.stringify({ read: rule.read, write: rule.write });
}
