/**
 * The admin's category routes besides saveCategory (registered in shared/contracts/admin.ts):
 * listCategories, setCategoryHidden, reorderCategories and deleteCategory. Their refusals are in
 * ADMIN_CATALOG_ERRORS (shared/contracts/catalog.ts); see docs/api.md (admin › products).
 */
import { z } from 'zod';
import { CategoryId, CategoryView, MAX_CATEGORIES } from './catalog';

/** A category as the admin sees it: hidden ones too, with how many products use it. */
export const AdminCategoryView = CategoryView.extend({
  /** Hidden categories are not listed to shoppers (docs/api.md, admin › Categories). */
  hidden: z.boolean(),
  /** Products in the category, on sale or not. */
  productCount: z.number().int(),
});
export type AdminCategoryView = z.infer<typeof AdminCategoryView>;

export const ListCategoriesInput = z.strictObject({});
export const ListCategoriesOutput = z.object({ items: z.array(AdminCategoryView) });

export const SetCategoryHiddenInput = z.strictObject({ id: CategoryId, hidden: z.boolean() });
export const SetCategoryHiddenOutput = z.object({
  /** `unchanged`: it was already so (a replay). */
  status: z.enum(['changed', 'unchanged']),
  id: z.string(),
  hidden: z.boolean(),
});

export const ReorderCategoriesInput = z
  .strictObject({
    /** Category ids in the new display order; categories left out follow them in their present order. */
    ids: z.array(CategoryId).min(1).max(MAX_CATEGORIES),
  })
  .refine((input) => new Set(input.ids).size === input.ids.length, { message: 'each id at most once', path: ['ids'] });
export const ReorderCategoriesOutput = z.object({
  /** `unchanged`: the categories were in this order already (a replay). */
  status: z.enum(['updated', 'unchanged']),
  /** Every category in its new order, with its new sortOrder. */
  items: z.array(CategoryView),
});

export const DeleteCategoryInput = z.strictObject({ id: CategoryId });
export const DeleteCategoryOutput = z.object({
  /** `unchanged`: there was no such category (a replay of a delete that went through). */
  status: z.enum(['deleted', 'unchanged']),
  id: z.string(),
});
