/**
 * Prints a plan for people: every collection with its indexes and rule, every function with
 * its runtime, limits, trigger, open APIs and variables, each marked with what would happen.
 * Secret values are never printed.
 */
import type { DesiredCollection, DesiredFunction, DesiredState } from './model';
import { describeIndex, ruleText, type Plan, type Step } from './plan';
import { NOT_SET } from './desired';
import { CODE_HASH_VARIABLE, type ResolvedVariables } from './variables';

type Mark = 'create' | 'update' | 'unchanged' | 'ensure';

const MARKS: Record<Mark, string> = {
  create: '+ create   ',
  update: '~ update   ',
  unchanged: '= unchanged',
  ensure: '? ensure   ',
};

interface FormatOptions {
  /** False in the dry run: nothing was read, so every item is "would create/ensure". */
  currentKnown: boolean;
  variables: ResolvedVariables;
}

export function formatPlan(desired: DesiredState, planned: Plan, options: FormatOptions): string {
  const lines: string[] = [];
  lines.push(
    options.currentKnown
      ? `Deploy plan for environment ${desired.envId} (compared with what the environment has now):`
      : `Dry run for environment ${desired.envId || '<envId>'}: the environment was not read, so every item would be created or ensured.`,
  );
  lines.push('', `Collections (${desired.collections.length}):`);
  for (const collection of desired.collections)
    lines.push(...formatCollection(collection, planned.steps, options.currentKnown));
  lines.push('', `Functions (${desired.functions.length}):`);
  for (const fn of desired.functions) lines.push(...formatFunction(fn, planned.steps, options));
  if (planned.notes.length > 0) lines.push('', 'Left as is:', ...planned.notes.map((note) => `  - ${note}`));
  const problems = [...options.variables.invalid, ...options.variables.missing];
  if (problems.length > 0) {
    lines.push(
      '',
      'Variable problems (a real deploy refuses to start until they are fixed):',
      ...problems.map((p) => `  - ${p}`),
    );
  }
  lines.push('', summarize(planned.steps, options.currentKnown));
  return lines.join('\n');
}

function mark(known: boolean, steps: Step[], created: boolean): string {
  if (!known) return MARKS.ensure;
  if (steps.length === 0) return MARKS.unchanged;
  return created ? MARKS.create : MARKS.update;
}

function formatCollection(collection: DesiredCollection, all: Step[], known: boolean): string[] {
  const steps = all.filter((step) => 'collection' in step && step.collection === collection.name);
  const created = steps.some((step) => step.kind === 'createCollection');
  const lines = [`  ${mark(known, steps, created)} ${collection.name}`];
  for (const index of collection.indexes) {
    const indexSteps = steps.filter(
      (step) =>
        (step.kind === 'createIndex' && step.index.name === index.name) ||
        (step.kind === 'dropIndex' && step.index === index.name),
    );
    const drop = indexSteps.find((step) => step.kind === 'dropIndex');
    const reason = drop?.kind === 'dropIndex' ? ` (replaced: ${drop.reason})` : '';
    lines.push(`      ${mark(known, indexSteps, !drop)} index ${index.name} ${describeIndex(index)}${reason}`);
  }
  if (collection.indexes.length === 0) lines.push('      (no indexes besides _id)');
  const ruleSteps = steps.filter((step) => step.kind === 'setRule');
  const ruleStep = ruleSteps[0];
  const reason = known && ruleStep?.kind === 'setRule' && !created ? ` (${ruleStep.reason})` : '';
  lines.push(`      ${mark(known, ruleSteps, created)} client rule ${ruleText(collection.rule)}${reason}`);
  return lines;
}

function formatFunction(fn: DesiredFunction, all: Step[], options: FormatOptions): string[] {
  const known = options.currentKnown;
  const steps = all.filter(
    (step) => ('fn' in step && step.fn.name === fn.name) || ('functionName' in step && step.functionName === fn.name),
  );
  const created = steps.some((step) => step.kind === 'createFunction');
  const lines = [
    `  ${mark(known, steps, created)} ${fn.name}: ${fn.runtime}, handler ${fn.handler}, timeout ${fn.timeout} s, memory ${fn.memorySize} MB`,
  ];
  lines.push(`      files: ${fn.files.join(', ')}`);
  lines.push(`      open APIs: ${fn.openapi.length > 0 ? fn.openapi.join(', ') : 'none'}`);
  const triggerSteps = steps.filter((step) => step.kind === 'createTrigger' || step.kind === 'deleteTrigger');
  const trigger = fn.trigger ? `${fn.trigger.name} "${fn.trigger.cron}" (UTC+8)` : 'none';
  // "None" needs no mark unless an old trigger is being removed.
  const triggerMark = !fn.trigger && triggerSteps.length === 0 ? '' : `${mark(known, triggerSteps, created)} `;
  lines.push(`      ${triggerMark}timer trigger: ${trigger}`);
  for (const step of triggerSteps) {
    if (step.kind === 'deleteTrigger') lines.push(`          - delete trigger ${step.trigger} (${step.reason})`);
  }
  lines.push(
    `      variables: ${Object.keys(fn.env)
      .map((name) => `${name}=${shownValue(fn, name, options.variables)}`)
      .join(', ')}`,
  );
  for (const step of steps) {
    if (known && step.kind === 'updateFunctionCode')
      lines.push('          - upload code (its hash differs from DEPLOY_CODE_HASH)');
    if (known && step.kind === 'updateFunctionConfig')
      lines.push(`          - update configuration: ${step.changes.join('; ')}`);
  }
  return lines;
}

function shownValue(fn: DesiredFunction, name: string, variables: ResolvedVariables): string {
  const value = fn.env[name] ?? NOT_SET;
  if (value === NOT_SET) return NOT_SET;
  if (name === CODE_HASH_VARIABLE) return `${value.slice(0, 12)}…`;
  if (fn.secretNames.includes(name)) return `<secret, ${value.length} chars>`;
  return variables.defaulted.includes(name) ? `${value} (default)` : value;
}

const STEP_LABELS: Record<Step['kind'], string> = {
  createCollection: 'create collection',
  createIndex: 'create index',
  dropIndex: 'drop index',
  setRule: 'set client rule',
  createFunction: 'create function',
  updateFunctionCode: 'upload function code',
  updateFunctionConfig: 'update function configuration',
  createTrigger: 'create trigger',
  deleteTrigger: 'delete trigger',
};

export function describeStep(step: Step): string {
  switch (step.kind) {
    case 'createCollection':
      return `${STEP_LABELS[step.kind]} ${step.collection}`;
    case 'createIndex':
    case 'dropIndex':
      return `${STEP_LABELS[step.kind]} ${step.collection}.${typeof step.index === 'string' ? step.index : step.index.name}`;
    case 'setRule':
      return `${STEP_LABELS[step.kind]} ${step.collection} ${ruleText(step.rule)}`;
    case 'createFunction':
    case 'updateFunctionCode':
    case 'updateFunctionConfig':
      return `${STEP_LABELS[step.kind]} ${step.fn.name}`;
    case 'createTrigger':
      return `${STEP_LABELS[step.kind]} ${step.functionName}.${step.trigger.name}`;
    case 'deleteTrigger':
      return `${STEP_LABELS[step.kind]} ${step.functionName}.${step.trigger}`;
  }
}

function summarize(steps: Step[], known: boolean): string {
  if (steps.length === 0) return 'Nothing to change: the environment already matches the repository.';
  const counts = new Map<string, number>();
  for (const step of steps) counts.set(STEP_LABELS[step.kind], (counts.get(STEP_LABELS[step.kind]) ?? 0) + 1);
  const parts = [...counts].map(([label, count]) => `${count} x ${label}`);
  const verb = known
    ? 'changing calls to make'
    : 'changing calls at most (fewer where the environment already has things)';
  return `${steps.length} ${verb}: ${parts.join(', ')}.`;
}
