/**
 * Category administration: saveCategory (create, rename), listCategories, setCategoryHidden,
 * reorderCategories and deleteCategory. Ids are chosen by the admin's page (patterns in
 * shared/catalog.ts), so a retried save finds what its first attempt wrote: `create` of an
 * identical category is a replay (`unchanged`).
 */
import type { CategoryDocument } from '@shared/catalog';
import type { AdminError, AdminInput, AdminOutput } from '@shared/contracts/admin';
import { MAX_CATEGORIES } from '@shared/contracts/catalog';
import { fail, ok, type Result } from '@shared/result';
import { _, aggregateList, countWhere, findWhere, getDoc, insertDoc, removeWhere, updateWhere } from '../_lib/db';
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

type CategoryOutput<R extends 'listCategories' | 'setCategoryHidden' | 'reorderCategories' | 'deleteCategory'> =
  Promise<Result<AdminOutput<R>, AdminError>>;

/** Display order, the shoppers' pages' own (cloudfunctions/catalog/browse.ts). */
const CATEGORY_ORDER: [string, 'asc' | 'desc'][] = [
  ['sortOrder', 'asc'],
  ['_id', 'asc'],
];

const allCategories = (): Promise<CategoryDocument[]> =>
  findWhere('categories', {}, { orderBy: CATEGORY_ORDER, limit: MAX_CATEGORIES });

/** Every category, hidden ones included, in display order, with its product count: two round trips. */
export async function listCategories(): CategoryOutput<'listCategories'> {
  const categories = await allCategories();
  const counts = await aggregateList<{ _id: string; n: number }>('products', (pipeline) =>
    pipeline
      .match({ categoryId: _.in(categories.map((category) => category._id)) })
      .group({ _id: '$categoryId', n: { $sum: 1 } })
      .limit(MAX_CATEGORIES),
  );
  const countOf = new Map(counts.map((row) => [row._id, row.n]));
  const items = categories.map((category) => ({
    id: category._id,
    name: category.name,
    sortOrder: category.sortOrder,
    hidden: category.hidden === true,
    productCount: countOf.get(category._id) ?? 0,
  }));
  return ok({ items });
}

/** Hides a category from shoppers or shows it again; one conditional update, so a replay writes nothing. */
export async function setCategoryHidden(input: AdminInput<'setCategoryHidden'>): CategoryOutput<'setCategoryHidden'> {
  const existing = await getDoc('categories', input.id);
  if (!existing) return fail('CATEGORY_NOT_FOUND', `分类 ${input.id} 不存在 (no such category)`);
  if ((existing.hidden === true) === input.hidden)
    return ok({ status: 'unchanged', id: input.id, hidden: input.hidden });
  await updateWhere('categories', { _id: input.id }, { hidden: input.hidden });
  return ok({ status: 'changed', id: input.id, hidden: input.hidden });
}

/**
 * Puts the listed categories first, in the order given, then the others in their present order,
 * and numbers them 10, 20, 30...: the same list gives the same numbers, so a retry writes nothing.
 * A category is written only when its number changes.
 */
export async function reorderCategories(input: AdminInput<'reorderCategories'>): CategoryOutput<'reorderCategories'> {
  const categories = await allCategories();
  const byId = new Map(categories.map((category) => [category._id, category]));
  const unknown = input.ids.find((id) => !byId.has(id));
  if (unknown !== undefined) return fail('CATEGORY_NOT_FOUND', `分类 ${unknown} 不存在 (no such category)`);
  const listed = new Set(input.ids);
  const ordered = [
    ...input.ids.map((id) => byId.get(id) as CategoryDocument),
    ...categories.filter((category) => !listed.has(category._id)),
  ];
  const items = ordered.map((category, index) => ({
    id: category._id,
    name: category.name,
    sortOrder: (index + 1) * 10,
  }));
  const moved = items.filter((item) => byId.get(item.id)?.sortOrder !== item.sortOrder);
  await Promise.all(moved.map((item) => updateWhere('categories', { _id: item.id }, { sortOrder: item.sortOrder })));
  return ok({ status: moved.length > 0 ? 'updated' : 'unchanged', items });
}

/**
 * Deletes a category no product uses; products are never deleted, so the merchant moves them to
 * another category first. A product saved into the category between the count and the removal
 * would be left in a missing category (the admin's product list still shows it and its form can
 * move it); the window is one round trip wide.
 */
export async function deleteCategory(input: AdminInput<'deleteCategory'>): CategoryOutput<'deleteCategory'> {
  const [existing, used] = await Promise.all([
    getDoc('categories', input.id),
    countWhere('products', { categoryId: input.id }),
  ]);
  if (!existing) return ok({ status: 'unchanged', id: input.id });
  if (used > 0)
    return fail(
      'CATEGORY_IN_USE',
      `分类「${existing.name}」下还有 ${used} 个商品，请先把它们移到其他分类 (${used} products use this category)`,
    );
  await removeWhere('categories', { _id: input.id });
  return ok({ status: 'deleted', id: input.id });
}
