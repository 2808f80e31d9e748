/**
 * The declarative database schema: every collection the product uses and its indexes.
 *
 * Collections are never created by a write on CloudBase, so this file is the single source of
 * truth for both the emulator (which creates exactly these collections on start and enforces
 * the unique indexes) and the deploy script (which creates missing collections and indexes in
 * the merchant's environment). Add a collection here before any function writes to it.
 */

export type IndexDirection = 1 | -1;

export interface IndexSpec {
  /** Index name as created on the platform (CloudBase `IndexName`). */
  name: string;
  /** Fields in key order; direction 1 ascending, -1 descending. */
  keys: ReadonlyArray<{ field: string; direction: IndexDirection }>;
  /** When true, no two documents may share the key (missing fields count as null). */
  unique: boolean;
}

export interface CollectionSpec {
  name: string;
  /** One sentence on what a document of this collection is. */
  description: string;
  indexes: ReadonlyArray<IndexSpec>;
}

export const COLLECTIONS: ReadonlyArray<CollectionSpec> = [
  {
    name: 'system',
    description: 'Operational singletons, e.g. the systemCheck heartbeat counter.',
    indexes: [],
  },
  {
    name: 'categories',
    description: 'Product categories shown on the home and category pages.',
    indexes: [{ name: 'idx_sort', keys: [{ field: 'sortOrder', direction: 1 }], unique: false }],
  },
  {
    name: 'products',
    description: 'Catalog products with their SKUs, prices in fen and stock.',
    indexes: [
      {
        name: 'idx_category_sort',
        keys: [
          { field: 'categoryId', direction: 1 },
          { field: 'sortOrder', direction: 1 },
        ],
        unique: false,
      },
      { name: 'uniq_slug', keys: [{ field: 'slug', direction: 1 }], unique: true },
    ],
  },
];

export function findCollection(name: string): CollectionSpec | undefined {
  return COLLECTIONS.find((collection) => collection.name === name);
}
