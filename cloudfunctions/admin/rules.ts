/**
 * Rules configuration: read the current version, save a new one, list the history, show the
 * form's limits.
 *
 * Saving is a compare-and-set on the version the admin's form was loaded from, so two admins
 * never overwrite each other silently. Version N+1 is written to `rulesHistory` (_id `vN+1`,
 * never changed afterwards) before `rules/current` moves from N to N+1: the history insert is
 * what decides between two concurrent saves from N (a fixed _id: exactly one insert wins), and
 * a crash between the two writes leaves a history version that the next save from N applies
 * (rolls forward) instead of losing it.
 */
import type { AdminInput, AdminOutput } from '@shared/contracts/admin';
import { fail, ok, type Result } from '@shared/result';
import { DEFAULT_RULES, type Rules, type RulesDocument } from '@shared/rules';
import { rulesLimits as computeRulesLimits } from '@shared/rulesLimits';
import { _, countWhere, findWhere, getDoc, insertDoc, updateWhere } from '../_lib/db';
import { loadRules, RULES_ID, storeDefaultRules } from '../_lib/rules';
import type { AdminContext } from './context';
import { pageOf } from '../_lib/paging';
import { rulesOf, rulesView } from './views';
import type { AdminError } from '@shared/contracts/admin';

const historyId = (version: number): string => `v${version}`;

/** JSON with object keys sorted, so equal rules give equal text whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonical(field)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sameRules(a: Rules | RulesDocument, b: Rules | RulesDocument): boolean {
  return canonical(rulesOf(a)) === canonical(rulesOf(b));
}

/** The update that makes `rules/current` equal to `version` (objects and arrays replaced whole, not merged). */
function replaceWith(version: RulesDocument): object {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rulesOf(version)))
    fields[key] = value !== null && typeof value === 'object' ? _.set(value) : value;
  return { ...fields, version: version.version, updatedAt: version.updatedAt, updatedBy: version.updatedBy };
}

/**
 * The current rules for a check that must not write: in a new shop, the defaults that the first
 * loadRules() will store as version 1, without storing them (a refused call writes nothing).
 */
export async function peekRules(): Promise<{ rules: RulesDocument; stored: boolean }> {
  const stored = await getDoc('rules', RULES_ID);
  if (stored) return { rules: stored, stored: true };
  return {
    rules: { _id: RULES_ID, ...DEFAULT_RULES, version: 1, updatedAt: new Date(0), updatedBy: 'system' },
    stored: false,
  };
}

export async function getRules(): Promise<Result<AdminOutput<'getRules'>, AdminError>> {
  return ok(rulesView(await loadRules()));
}

/**
 * A grade that distributors hold cannot be removed: their grade would silently fall back to the
 * default one. One count per removed grade, and none when no grade is removed (the usual save).
 */
async function removedGradeInUse(current: Rules, next: Rules): Promise<Result<never, AdminError> | null> {
  const kept = new Set(next.grades.map((grade) => grade.id));
  const removed = current.grades.filter((grade) => !kept.has(grade.id));
  const counts = await Promise.all(removed.map((grade) => countWhere('users', { 'distributor.gradeId': grade.id })));
  const index = counts.findIndex((count) => count > 0);
  if (index < 0) return null;
  const grade = removed[index] as Rules['grades'][number];
  const holders = counts[index] as number;
  return fail(
    'GRADE_IN_USE',
    `等级「${grade.name}」还有 ${holders} 位分销员，请先调整他们的等级 (${holders} users hold grade ${grade.id})`,
  );
}

export const conflict = (current: number, expected: number): Result<never, AdminError> =>
  fail(
    'VERSION_CONFLICT',
    `规则已被修改（当前版本 ${current}，你编辑的是版本 ${expected}），请刷新后再改 (the rules changed since version ${expected}; reload)`,
  );

export async function updateRules(
  context: AdminContext,
  input: AdminInput<'updateRules'>,
): Promise<Result<AdminOutput<'updateRules'>, AdminError>> {
  const { expectedVersion, rules } = input;
  const { rules: current, stored } = await peekRules();
  if (current.version !== expectedVersion) {
    // A retry of a save that already went through returns what it stored.
    if (current.version > expectedVersion) {
      const saved = await getDoc('rulesHistory', historyId(expectedVersion + 1));
      if (saved && sameRules(saved, rules)) return ok({ status: 'replayed', current: rulesView(saved) });
    }
    return conflict(current.version, expectedVersion);
  }
  if (sameRules(current, rules))
    return ok({ status: 'unchanged', current: rulesView(stored ? current : await loadRules()) });
  const inUse = await removedGradeInUse(current, rules);
  if (inUse) return inUse;
  // A new shop: version 1 (the defaults) goes into the history before version 2 does.
  if (!stored) await storeDefaultRules();

  const next: RulesDocument = {
    ...rules,
    _id: RULES_ID,
    version: expectedVersion + 1,
    updatedAt: context.now,
    updatedBy: context.openid,
  };
  let version = next;
  const inserted = await insertDoc('rulesHistory', { ...next, _id: historyId(next.version) });
  if (inserted !== 'inserted') {
    // Another save from the same version (or this one, crashed after this write) got there first.
    const existing = await getDoc('rulesHistory', historyId(next.version));
    if (!existing)
      throw new Error(`rulesHistory ${historyId(next.version)} was refused as a duplicate but cannot be read`);
    version = { ...existing, _id: RULES_ID };
  }
  // Apply the history version (ours, or a stranded one) if current is still at the expected version.
  const applied = await updateWhere('rules', { _id: RULES_ID, version: expectedVersion }, replaceWith(version));
  if (!sameRules(version, rules)) return conflict(expectedVersion + 1, expectedVersion);
  // Ours is version N+1. When the compare-and-set found current already moved, it was moved to
  // exactly this version: by a concurrent save that rolled ours forward (our insert won), or by
  // a concurrent retry of this very save (our insert was refused).
  return ok({ status: inserted === 'inserted' || applied === 1 ? 'updated' : 'replayed', current: rulesView(version) });
}

export async function rulesHistory(
  input: AdminInput<'rulesHistory'>,
): Promise<Result<AdminOutput<'rulesHistory'>, AdminError>> {
  // Makes sure version 1 exists in a new shop, so the history is never empty.
  await loadRules();
  const rows = await findWhere(
    'rulesHistory',
    {},
    { orderBy: [['version', 'desc']], skip: input.offset, limit: input.limit + 1 },
  );
  const { items, nextOffset } = pageOf(rows, input.offset, input.limit);
  return ok({ items: items.map(rulesView), nextOffset });
}

export async function rulesLimits(): Promise<Result<AdminOutput<'rulesLimits'>, AdminError>> {
  return ok(computeRulesLimits());
}
