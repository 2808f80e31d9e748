/**
 * The reference half of the API docs, generated from the contracts so it cannot drift:
 * `npm run docs:api` writes docs/api-reference.md (every function the mini-program or the
 * platform calls, each route's input and output as the zod contracts define them, and the
 * failure codes each function may answer), and tests/tidy/api-docs.test.ts fails when the
 * committed file differs from what this script renders, or when docs/api.md (the narrative
 * half) names a function or route the contracts don't have, or leaves one out.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ADDRESS_CONTRACTS, ADDRESS_ERRORS } from '@shared/contracts/address';
import { ADMIN_CONTRACTS, ADMIN_ERRORS } from '@shared/contracts/admin';
import { AFTER_SALE_CONTRACTS, AFTER_SALE_ERRORS } from '@shared/contracts/afterSale';
import { BIND_REFERRER_CONTRACT, BIND_REFERRER_ERRORS } from '@shared/contracts/bindReferrer';
import { CART_CONTRACTS, CART_ERRORS } from '@shared/contracts/cart';
import { COUPON_CONTRACTS, COUPON_ERRORS } from '@shared/contracts/coupon';
import { WALLET_CONTRACTS, WALLET_ERRORS } from '@shared/contracts/wallet';
import { CATALOG_CONTRACTS, CATALOG_ERRORS } from '@shared/contracts/catalog';
import { DISTRIBUTOR_CONTRACTS, DISTRIBUTOR_ERRORS } from '@shared/contracts/distributor';
import { ORDER_CONTRACTS, ORDER_ERRORS } from '@shared/contracts/order';
import { PLACE_ORDER_ERRORS } from '@shared/contracts/placeOrder';
import { POSTER_CONTRACT, POSTER_ERRORS } from '@shared/contracts/poster';
import { PROFILE_CONTRACTS, PROFILE_ERRORS } from '@shared/contracts/profile';
import { PLACE_ORDER_CONTRACTS } from '@shared/contracts/quote';
import { SETTLE_COMMISSION_CONTRACT, SETTLE_COMMISSION_ERRORS } from '@shared/contracts/settleCommission';
import { SYSTEM_CHECK_CONTRACT, SYSTEM_CHECK_ERRORS, WHOAMI_CONTRACT } from '@shared/contracts/system';
import { TIMER_CONTRACTS } from '@shared/contracts/timers';
import { WITHDRAW_CONTRACTS, WITHDRAW_ERRORS } from '@shared/contracts/withdraw';
import { COMMON_ERRORS } from '@shared/result';
import type { OperationContract } from '@shared/routeTable';
import { PROJECT_ROOT } from './paths';

/** One documented function: its operations (by `$url`; '' for a function without routes) and its own codes. */
export interface DocumentedFunction {
  name: string;
  /** How it is started: by the mini-program (`routed` / `single`), by other functions, or by its timer. */
  kind: 'routed' | 'single' | 'internal' | 'timer';
  operations: Readonly<Record<string, OperationContract>>;
  errors: readonly string[];
}

const timer = (name: keyof typeof TIMER_CONTRACTS): DocumentedFunction => ({
  name,
  kind: 'timer',
  operations: { '': TIMER_CONTRACTS[name] },
  errors: [],
});

/** Every function with a contract, in the order the mini-program meets them, then the timers. */
export const DOCUMENTED_FUNCTIONS: readonly DocumentedFunction[] = [
  { name: 'bindReferrer', kind: 'single', operations: { '': BIND_REFERRER_CONTRACT }, errors: BIND_REFERRER_ERRORS },
  { name: 'profile', kind: 'routed', operations: PROFILE_CONTRACTS, errors: PROFILE_ERRORS },
  { name: 'catalog', kind: 'routed', operations: CATALOG_CONTRACTS, errors: CATALOG_ERRORS },
  { name: 'cart', kind: 'routed', operations: CART_CONTRACTS, errors: CART_ERRORS },
  { name: 'coupon', kind: 'routed', operations: COUPON_CONTRACTS, errors: COUPON_ERRORS },
  { name: 'wallet', kind: 'routed', operations: WALLET_CONTRACTS, errors: WALLET_ERRORS },
  { name: 'address', kind: 'routed', operations: ADDRESS_CONTRACTS, errors: ADDRESS_ERRORS },
  { name: 'placeOrder', kind: 'routed', operations: PLACE_ORDER_CONTRACTS, errors: PLACE_ORDER_ERRORS },
  { name: 'order', kind: 'routed', operations: ORDER_CONTRACTS, errors: ORDER_ERRORS },
  { name: 'afterSale', kind: 'routed', operations: AFTER_SALE_CONTRACTS, errors: AFTER_SALE_ERRORS },
  { name: 'distributor', kind: 'routed', operations: DISTRIBUTOR_CONTRACTS, errors: DISTRIBUTOR_ERRORS },
  { name: 'withdraw', kind: 'routed', operations: WITHDRAW_CONTRACTS, errors: WITHDRAW_ERRORS },
  { name: 'poster', kind: 'single', operations: { '': POSTER_CONTRACT }, errors: POSTER_ERRORS },
  { name: 'admin', kind: 'routed', operations: ADMIN_CONTRACTS, errors: ADMIN_ERRORS },
  { name: 'systemCheck', kind: 'single', operations: { '': SYSTEM_CHECK_CONTRACT }, errors: SYSTEM_CHECK_ERRORS },
  { name: 'whoami', kind: 'single', operations: { '': WHOAMI_CONTRACT }, errors: [] },
  {
    name: 'settleCommission',
    kind: 'internal',
    operations: { '': SETTLE_COMMISSION_CONTRACT },
    errors: SETTLE_COMMISSION_ERRORS,
  },
  ...(Object.keys(TIMER_CONTRACTS) as Array<keyof typeof TIMER_CONTRACTS>).map(timer),
];

/** The subset of JSON Schema that zod's converter produces for our contracts. */
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  prefixItems?: Schema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  additionalProperties?: Schema | boolean;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
}

const SAFE_INTEGER = Number.MAX_SAFE_INTEGER;

/** The limits of a scalar, e.g. `1..100`, `≤ 40 chars`, `/^…$/`. */
function limits(schema: Schema): string {
  const parts: string[] = [];
  const low = schema.minimum ?? schema.exclusiveMinimum;
  const high = schema.maximum;
  const bounded = (value: number | undefined): value is number => value !== undefined && Math.abs(value) < SAFE_INTEGER;
  if (bounded(low) || bounded(high)) parts.push(`${bounded(low) ? low : ''}..${bounded(high) ? high : ''}`);
  if (schema.minLength !== undefined || schema.maxLength !== undefined) {
    parts.push(`${schema.minLength ?? 0}..${schema.maxLength ?? ''} chars`);
  }
  if (schema.minItems !== undefined || schema.maxItems !== undefined) {
    parts.push(`${schema.minItems ?? 0}..${schema.maxItems ?? ''} items`);
  }
  if (schema.pattern) parts.push(`/${schema.pattern}/`);
  if (schema.format) parts.push(schema.format);
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** A schema as a TypeScript-like type, indented for nested objects. */
function typeOf(schema: Schema, indent: string): string {
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return union.map((part) => typeOf(part, indent)).join(' | ');
  if (schema.allOf) return schema.allOf.map((part) => typeOf(part, indent)).join(' & ');
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  if (schema.type === 'array') {
    if (schema.prefixItems) return `[${schema.prefixItems.map((item) => typeOf(item, indent)).join(', ')}]`;
    const item = typeOf(schema.items ?? {}, indent);
    return /[ |&]/.test(item) && !item.startsWith('{') ? `Array<${item}>` : `${item}[]`;
  }
  if (schema.type === 'object' || schema.properties) return objectOf(schema, indent);
  if (schema.type === 'integer') return 'integer';
  return schema.type ?? 'unknown';
}

function objectOf(schema: Schema, indent: string): string {
  const entries = Object.entries(schema.properties ?? {});
  const extra = schema.additionalProperties;
  if (entries.length === 0) {
    return typeof extra === 'object' ? `{ [key: string]: ${typeOf(extra, indent)} }` : '{}';
  }
  const inner = `${indent}  `;
  const required = new Set(schema.required ?? []);
  const lines = entries.map(([key, value]) => {
    const optional = required.has(key) ? '' : '?';
    return `${inner}${key}${optional}: ${typeOf(value, inner)};${limits(value)}`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** One contract side as a fenced block. */
function block(schema: z.ZodType, io: 'input' | 'output'): string {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Schema;
  return ['```ts', typeOf(json, ''), '```'].join('\n');
}

function functionSection(fn: DocumentedFunction): string {
  const out: string[] = [`## ${fn.name}`, ''];
  const started = {
    routed: 'Called by the mini-program.',
    single: 'Called by the mini-program.',
    internal: 'Started by other cloud functions only (a call with a user is refused).',
    timer: 'Started by its timer trigger only.',
  }[fn.kind];
  const codes = [...COMMON_ERRORS, ...fn.errors].map((code) => `\`${code}\``).join(', ');
  out.push(`${started} Failure codes: ${codes}.`, '');
  for (const [route, contract] of Object.entries(fn.operations)) {
    if (route !== '') out.push(`### ${fn.name} › ${route}`, '', `Event: \`{ $url: '${route}', ...input }\`.`, '');
    out.push('Input:', '', block(contract.input, 'input'), '', 'Output (`data` of `{ ok: true, data }`):', '');
    out.push(block(contract.output, 'output'), '');
  }
  return out.join('\n');
}

/** The whole generated document. */
export function renderApiReference(): string {
  const head = [
    '# Cloud function API reference (generated)',
    '',
    'Generated by `npm run docs:api` from the zod contracts in `shared/contracts/`; do not edit by hand',
    '(tests/tidy/api-docs.test.ts fails when this file and the contracts disagree). docs/api.md explains',
    'what each operation does; this page is the exact shape of what goes in and out. Every function',
    'answers `{ ok: true, data }` or `{ ok: false, error: { code, message } }`; `(a..b)` are inclusive',
    'limits, `?` marks a field that may be left out.',
    '',
  ];
  return [...head, ...DOCUMENTED_FUNCTIONS.map(functionSection)].join('\n').trimEnd() + '\n';
}

export const API_REFERENCE_PATH = join(PROJECT_ROOT, 'docs/api-reference.md');

if (require.main === module) {
  writeFileSync(API_REFERENCE_PATH, renderApiReference());
  console.log(`wrote ${API_REFERENCE_PATH}`);
}
