/**
 * Category administration (saveCategory). Ids are chosen by the admin's page (patterns in
 * shared/catalog.ts), so a retried save finds what its first attempt wrote: `create` of an
 * identical category is a replay (`unchanged`).
 */
import type { CategoryDocument } from '@shared/catalog';
import type { AdminError, AdminInput } from '@shared/contracts/admin';
import { MAX_CATEGORIES } from '@shared/contracts/catalog';
import { fail, ok, type Result } from '@shared/result';
import { countWhere, getDoc, insertDoc, updateWhere } from '../_lib/db';
import type { CatalogOutput as Output } from './catalogSteps';
import type { AdminContext } from './context';

export async function saveCategory(_context: AdminContext, input: AdminInput<'saveCategory'>): Output<'saveCategory'> {
  const category: CategoryDocument = { _id: input.id, name: input.name, sortOrder: input.sortOrder };
  const view = { id: category._id, name: category.name, sortOrder: category.sortOrder };
  const same = (doc: CategoryDocument | null): boolean =>
    doc !== null && doc.name === category.name && doc.sortOrder === category.sortOrder;
  const existing = await getDoc('categories', input.id);
  if (input.mode === 'update') {
    if (!existing) return fail('CATEGORY_NOT_FOUND', `分类 ${input.id} 不存在 (no such category)`);
    if (same(existing)) return ok({ status: 'unchanged', category: view });
    await updateWhere('categories', { _id: input.id }, { name: category.name, sortOrder: category.sortOrder });
    return ok({ status: 'updated', category: view });
  }
  const taken = (): Result<never, AdminError> =>
    fail('CATEGORY_EXISTS', `分类 ${input.id} 已存在 (the category id is in use)`);
  if (existing) return same(existing) ? ok({ status: 'unchanged', category: view }) : taken();
  // A soft limit: two concurrent creates may both pass it, which the home page's read tolerates.
  if ((await countWhere('categories', {})) >= MAX_CATEGORIES)
    return fail('TOO_MANY_CATEGORIES', `最多 ${MAX_CATEGORIES} 个分类 (at most ${MAX_CATEGORIES} categories)`);
  if ((await insertDoc('categories', category)) === 'inserted') return ok({ status: 'created', category: view });
  return same(await getDoc('categories', input.id)) ? ok({ status: 'unchanged', category: view }) : taken();
}
