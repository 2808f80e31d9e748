/**
 * The legal limits of the rules, for the admin form: derived from the zod schema in rules.ts
 * (through its JSON Schema), so the form, the admin function and the schema can never disagree.
 * Change a bound in rules.ts and this follows.
 */
import { z } from 'zod';
import type { RulesLimits } from './contracts/admin';
import { DEFAULT_RULES, MAX_LEVELS, RulesInput } from './rules';

type JsonNode = {
  type?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  enum?: string[];
  const?: string;
  properties?: Record<string, JsonNode>;
  items?: JsonNode;
  oneOf?: JsonNode[];
};

function child(node: JsonNode, ...path: string[]): JsonNode {
  let current = node;
  for (const key of path) {
    const next = key === '[]' ? current.items : current.properties?.[key];
    if (!next) throw new Error(`rules schema has no ${path.join('.')}`);
    current = next;
  }
  return current;
}

function range(node: JsonNode): { min: number; max: number } {
  const min = node.minimum ?? node.minItems ?? node.minLength;
  const max = node.maximum ?? node.maxItems ?? node.maxLength;
  if (min === undefined || max === undefined) throw new Error('rules schema: a bounded field lost its bounds');
  return { min, max };
}

/** The `const` of each branch of a discriminated union, e.g. the binding duration kinds. */
function kinds(node: JsonNode, discriminator: string): string[] {
  return (node.oneOf ?? []).map((branch) => child(branch, discriminator).const as string);
}

function computeLimits(): RulesLimits {
  const schema = z.toJSONSchema(RulesInput, { io: 'input', unrepresentable: 'any' }) as JsonNode;
  const grade = child(schema, 'grades', '[]');
  const withdraw = child(schema, 'withdraw');
  const duration = child(schema, 'binding', 'duration');
  const daysBranch = (duration.oneOf ?? []).find((branch) => child(branch, 'kind').const === 'days');
  if (!daysBranch) throw new Error('rules schema: binding duration has no days branch');
  return {
    maxLevels: MAX_LEVELS,
    levels: range(child(schema, 'levels')),
    rateBp: range(child(grade, 'ratesBp', '[]')),
    amountFen: range(child(grade, 'upgradeWhen', 'teamPaidSalesFen')),
    grades: {
      count: range(child(schema, 'grades')),
      rank: range(child(grade, 'rank')),
      idPattern: child(grade, 'id').pattern ?? '',
      nameLength: range(child(grade, 'name')),
      directInvitees: range(child(grade, 'upgradeWhen', 'directInvitees')),
    },
    bindingDays: range(child(daysBranch, 'days')),
    returnWindowDays: range(child(schema, 'returnWindowDays')),
    autoConfirmDays: range(child(schema, 'autoConfirmDays')),
    unpaidTimeoutMinutes: range(child(schema, 'unpaidTimeoutMinutes')),
    withdrawMaxPerDay: range(child(withdraw, 'maxPerDay')),
    options: {
      recruitment: child(schema, 'recruitment').enum ?? [],
      bindingScope: child(schema, 'binding', 'scope').enum ?? [],
      bindingDuration: kinds(duration, 'kind'),
      withdrawReview: kinds(child(withdraw, 'review'), 'mode'),
      withdrawChannels: child(withdraw, 'channels', '[]').enum ?? [],
    },
    defaults: DEFAULT_RULES,
  };
}

let cached: RulesLimits | undefined;

/** The limits, computed once per process. */
export function rulesLimits(): RulesLimits {
  cached ??= computeLimits();
  return cached;
}
