/**
 * Product administration: categories, products with their SKUs, stock,
 * on/off sale and the admin's product list. Documents are shared/catalog.ts's.
 *
 * - Ids are chosen by the admin's page (patterns in shared/catalog.ts), so a retried save finds
 *   what its first attempt wrote: `create` of an identical product is a replay (`unchanged`).
 * - saveProduct writes the SKUs first and the product last, so a product never becomes visible
 *   before its SKUs exist; a save cut short is completed by its retry.
 * - Stock is never written by saveProduct. placeOrder decrements it concurrently, so setStock is
 *   a compare-and-set on the stock the admin saw, and adjustStock an increment guarded by
 *   `stock >= -delta`. `reservedBy`/`returnedBy` are only ever initialised here.
 * - A product's price range follows its SKUs: after any SKU change it is recomputed and written
 *   until a fresh read of the SKUs agrees with it (settlePriceRange), which converges under
 *   concurrent edits.
 */
import {
  PRODUCT_ID_PATTERN,
  SKU_RECENT_ORDERS,
  type CategoryDocument,
  type ProductDocument,
  type SkuDocument,
} from '@shared/catalog';
import type { AdminInput, AdminOutput } from '@shared/contracts/admin';
import {
  compareSkus,
  MAX_CATEGORIES,
  MAX_SKUS_PER_PRODUCT,
  priceRange,
  type AdminProductView,
  type AdminSkuView,
  type SkuInput,
} from '@shared/contracts/catalog';
import { fail, ok, type Result } from '@shared/result';
import { _, aggregateList, countWhere, db, findWhere, getDoc, insertDoc, updateWhere } from '../_lib/db';
import { getTempFileUrl } from '../_lib/wx';
import type { AdminContext } from './context';
import { pageOf } from '../_lib/paging';
import { escapeRegExp, iso } from './views';
import type { AdminError } from '@shared/contracts/admin';

/** A SKU as read here: without the order-id lists, which can hold thousands of entries. */
type SkuRow = Omit<SkuDocument, 'reservedBy' | 'returnedBy' | 'adjustedBy'>;
type Output<R extends 'saveCategory' | 'saveProduct' | 'setStock' | 'adjustStock' | 'setOnSale' | 'listProducts'> =
  Promise<Result<AdminOutput<R>, AdminError>>;

const WITHOUT_ORDER_LISTS = { reservedBy: 0, returnedBy: 0, adjustedBy: 0 };

async function readSkus(where: object, limit: number): Promise<SkuRow[]> {
  return aggregateList<SkuRow>('skus', (pipeline) => pipeline.match(where).project(WITHOUT_ORDER_LISTS).limit(limit));
}

async function readSku(skuId: string): Promise<SkuRow | null> {
  return (await readSkus({ _id: skuId }, 1))[0] ?? null;
}

/** JSON with sorted keys: stored and submitted values compare equal whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function skuView(sku: SkuRow): AdminSkuView {
  return {
    id: sku._id,
    productId: sku.productId,
    spec: sku.spec,
    priceFen: sku.priceFen,
    stock: sku.stock,
    onSale: sku.onSale,
    commission: sku.commission ?? null,
    updatedAt: iso(sku.updatedAt) as string,
  };
}

function productView(product: ProductDocument, skus: SkuRow[]): AdminProductView {
  return {
    id: product._id,
    slug: product.slug,
    categoryId: product.categoryId,
    name: product.name,
    description: product.description,
    images: product.images,
    onSale: product.onSale,
    sortOrder: product.sortOrder,
    minPriceFen: product.minPriceFen,
    maxPriceFen: product.maxPriceFen,
    commission: product.commission,
    createdAt: iso(product.createdAt) as string,
    updatedAt: iso(product.updatedAt) as string,
    skus: [...skus].sort(compareSkus).map(skuView),
  };
}

function isDuplicateKey(error: unknown): boolean {
  return String((error as { errMsg?: string; message?: string })?.errMsg ?? (error as Error)?.message ?? '').includes(
    'E11000',
  );
}

// ---------------------------------------------------------------------------------------------
// Categories
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Products
// ---------------------------------------------------------------------------------------------

interface ProductState {
  product: ProductDocument | null;
  /** The product's SKUs and any SKU with an id of the input (which may belong to another product). */
  skus: SkuRow[];
  categoryExists: boolean;
  slugTaken: boolean;
  missingImages: string[];
}

async function missingImages(fileIds: string[]): Promise<string[]> {
  const found = await Promise.all(fileIds.map(async (fileId) => (await getTempFileUrl(fileId, 60)).found));
  return fileIds.filter((_fileId, index) => !found[index]);
}

async function loadProductState(input: AdminInput<'saveProduct'>): Promise<ProductState> {
  const { product, skus } = input;
  const [stored, skuRows, category, slugHolders, missing] = await Promise.all([
    getDoc('products', product.id),
    readSkus(_.or([{ _id: _.in(skus.map((sku) => sku.id)) }, { productId: product.id }]), 2 * MAX_SKUS_PER_PRODUCT + 1),
    getDoc('categories', product.categoryId),
    findWhere('products', { slug: product.slug ?? product.id, _id: _.neq(product.id) }, { limit: 1 }),
    missingImages(product.images),
  ]);
  return {
    product: stored,
    skus: skuRows,
    categoryExists: category !== null,
    slugTaken: slugHolders.length > 0,
    missingImages: missing,
  };
}

/** The product fields an admin edits, as stored; equal inputs give equal canonical text. */
function editableFields(input: AdminInput<'saveProduct'>['product']) {
  const { id, slug, ...rest } = input;
  return {
    slug: slug ?? id,
    categoryId: rest.categoryId,
    name: rest.name,
    description: rest.description,
    images: rest.images,
    onSale: rest.onSale,
    sortOrder: rest.sortOrder,
    commission: rest.commission,
  };
}

function storedEditableFields(product: ProductDocument) {
  const { slug, categoryId, name, description, images, onSale, sortOrder, commission } = product;
  return { slug, categoryId, name, description, images, onSale, sortOrder, commission };
}

function skuFields(sku: SkuInput) {
  return { spec: sku.spec, priceFen: sku.priceFen, onSale: sku.onSale, commission: sku.commission };
}

/** An update of a SKU's editable fields; `_.set` replaces the commission instead of merging it into the stored one. */
function skuUpdate(sku: SkuInput, now: Date) {
  return { ...skuFields(sku), commission: _.set(sku.commission), updatedAt: now };
}

interface ProductPlan {
  newSkus: SkuDocument[];
  changedSkus: SkuInput[];
  /** Every SKU of the product after the save. */
  finalSkus: SkuRow[];
  productChanged: boolean;
}

/** Decides a save from what was read; a refusal writes nothing. */
function planProduct(
  input: AdminInput<'saveProduct'>,
  state: ProductState,
  now: Date,
): Result<ProductPlan, AdminError> {
  const { product } = input;
  const fields = editableFields(product);
  const sameProduct = state.product !== null && canonical(storedEditableFields(state.product)) === canonical(fields);
  if (input.mode === 'create' && state.product && !sameProduct)
    return fail('PRODUCT_EXISTS', `商品 ${product.id} 已存在 (the product id is in use)`);
  if (input.mode === 'update' && !state.product)
    return fail('PRODUCT_NOT_FOUND', `商品 ${product.id} 不存在 (no such product)`);
  if (!state.categoryExists) return fail('CATEGORY_NOT_FOUND', `分类 ${product.categoryId} 不存在 (no such category)`);
  if (state.slugTaken) return fail('SLUG_TAKEN', `标识 ${fields.slug} 已被其他商品使用 (the slug is in use)`);
  const foreign = state.skus.find((sku) => sku.productId !== product.id);
  if (foreign)
    return fail(
      'SKU_TAKEN',
      `规格 ${foreign._id} 属于商品 ${foreign.productId} (the SKU id belongs to another product)`,
    );
  if (state.missingImages.length > 0)
    return fail('IMAGE_NOT_FOUND', `图片不存在：${state.missingImages.join(', ')} (upload the images first)`);
  const existing = new Map(state.skus.map((sku) => [sku._id, sku]));
  const newInputs = input.skus.filter((sku) => !existing.has(sku.id));
  if (existing.size + newInputs.length > MAX_SKUS_PER_PRODUCT)
    return fail(
      'TOO_MANY_SKUS',
      `每个商品最多 ${MAX_SKUS_PER_PRODUCT} 个规格 (at most ${MAX_SKUS_PER_PRODUCT} SKUs per product)`,
    );
  const changedSkus = input.skus.filter((sku) => {
    const stored = existing.get(sku.id);
    return (
      stored !== undefined &&
      canonical(skuFields(sku)) !==
        canonical({
          spec: stored.spec,
          priceFen: stored.priceFen,
          onSale: stored.onSale,
          commission: stored.commission ?? null,
        })
    );
  });
  const newSkus: SkuDocument[] = newInputs.map((sku) => ({
    _id: sku.id,
    productId: product.id,
    ...skuFields(sku),
    stock: sku.initialStock,
    reservedBy: [],
    returnedBy: [],
    updatedAt: now,
  }));
  const edited = new Map(changedSkus.map((sku) => [sku.id, sku]));
  const finalSkus: SkuRow[] = [
    ...state.skus.map((sku) =>
      edited.has(sku._id) ? { ...sku, ...skuFields(edited.get(sku._id) as SkuInput), updatedAt: now } : sku,
    ),
    ...newSkus.map(({ reservedBy: _r, returnedBy: _b, ...sku }) => sku),
  ];
  return ok({ newSkus, changedSkus, finalSkus, productChanged: !sameProduct });
}

/** Step 1: the SKUs. A SKU created concurrently by a retry of this save is edited instead. */
async function writeSkus(productId: string, plan: ProductPlan, now: Date): Promise<Result<null, AdminError>> {
  const edit = async (sku: SkuInput): Promise<boolean> =>
    (await updateWhere('skus', { _id: sku.id, productId }, skuUpdate(sku, now))) === 1 ||
    (await readSku(sku.id))?.productId === productId;
  const inserted = await Promise.all(
    plan.newSkus.map(
      async (sku) => (await insertDoc('skus', sku)) === 'inserted' || (await readSku(sku._id))?.productId === productId,
    ),
  );
  const edited = await Promise.all(plan.changedSkus.map(edit));
  if ([...inserted, ...edited].every(Boolean)) return ok(null);
  return fail('SKU_TAKEN', '规格编号刚被其他商品占用 (a SKU id was taken by another product meanwhile)');
}

/** Step 2: the product, with the price range of the SKUs as planned. */
async function writeProduct(
  input: AdminInput<'saveProduct'>,
  state: ProductState,
  plan: ProductPlan,
  now: Date,
): Promise<Result<ProductDocument, AdminError>> {
  const fields = { ...editableFields(input.product), ...priceRange(plan.finalSkus) };
  if (state.product) {
    const updated = { ...state.product, ...fields, updatedAt: now };
    try {
      await updateWhere(
        'products',
        { _id: input.product.id },
        { ...fields, commission: _.set(fields.commission), images: _.set(fields.images), updatedAt: now },
      );
    } catch (error) {
      if (isDuplicateKey(error)) return fail('SLUG_TAKEN', `标识 ${fields.slug} 已被其他商品使用 (the slug is in use)`);
      throw error;
    }
    return ok(updated);
  }
  const created: ProductDocument = { _id: input.product.id, ...fields, createdAt: now, updatedAt: now };
  const outcome = await insertDoc('products', created);
  if (outcome === 'inserted') return ok(created);
  if (outcome.index === 'uniq_slug')
    return fail('SLUG_TAKEN', `标识 ${fields.slug} 已被其他商品使用 (the slug is in use)`);
  // A concurrent create of the same id: a replay when it is this very product.
  const stored = await getDoc('products', input.product.id);
  if (stored && canonical(storedEditableFields(stored)) === canonical(editableFields(input.product))) return ok(stored);
  return fail('PRODUCT_EXISTS', `商品 ${input.product.id} 已存在 (the product id is in use)`);
}

export async function saveProduct(context: AdminContext, input: AdminInput<'saveProduct'>): Output<'saveProduct'> {
  const state = await loadProductState(input);
  const plan = planProduct(input, state, context.now);
  if (!plan.ok) return plan;
  const { productChanged, newSkus, changedSkus } = plan.data;
  if (state.product && !productChanged && newSkus.length === 0 && changedSkus.length === 0) {
    return ok({ status: 'unchanged', product: productView(state.product, state.skus) });
  }
  const skus = await writeSkus(input.product.id, plan.data, context.now);
  if (!skus.ok) return skus;
  const product =
    state.product && !productChanged && priceRangeUnchanged(state.product, plan.data.finalSkus)
      ? ok(state.product)
      : await writeProduct(input, state, plan.data, context.now);
  if (!product.ok) return product;
  await settlePriceRange(input.product.id, context.now);
  const status = state.product ? 'updated' : 'created';
  return ok({
    status,
    product: productView({ ...product.data, ...priceRange(plan.data.finalSkus) }, plan.data.finalSkus),
  });
}

function priceRangeUnchanged(product: ProductDocument, skus: SkuRow[]): boolean {
  const range = priceRange(skus);
  return product.minPriceFen === range.minPriceFen && product.maxPriceFen === range.maxPriceFen;
}

/**
 * Makes the product's price range agree with its SKUs: recompute from a fresh read, write only
 * when different, and repeat until a read finds nothing to change. Whoever writes last has read
 * the SKUs after every SKU write that finished before its write, so concurrent SKU edits cannot
 * leave a stale range behind.
 */
async function settlePriceRange(productId: string, now: Date): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const { minPriceFen, maxPriceFen } = priceRange(await readSkus({ productId }, MAX_SKUS_PER_PRODUCT * 2));
    const differs = _.and([
      { _id: productId },
      _.or([{ minPriceFen: _.neq(minPriceFen) }, { maxPriceFen: _.neq(maxPriceFen) }]),
    ]);
    if ((await updateWhere('products', differs, { minPriceFen, maxPriceFen, updatedAt: now })) === 0) return;
  }
}

// ---------------------------------------------------------------------------------------------
// Stock and on/off sale
// ---------------------------------------------------------------------------------------------

const SKU_NOT_FOUND = (skuId: string): Result<never, AdminError> =>
  fail('SKU_NOT_FOUND', `规格 ${skuId} 不存在 (no such SKU)`);

export async function setStock(context: AdminContext, input: AdminInput<'setStock'>): Output<'setStock'> {
  // Setting the stock it already has changes nothing: only read, so a replay is `unchanged`.
  const moved =
    input.expectedStock !== input.stock &&
    (await updateWhere(
      'skus',
      { _id: input.skuId, stock: input.expectedStock },
      { stock: input.stock, updatedAt: context.now },
    )) === 1;
  const sku = await readSku(input.skuId);
  if (!sku) return SKU_NOT_FOUND(input.skuId);
  if (moved) return ok({ status: 'updated', sku: skuView(sku) });
  // A retry after a success finds the stock at the value it set.
  if (sku.stock === input.stock) return ok({ status: 'unchanged', sku: skuView(sku) });
  return fail(
    'STOCK_CHANGED',
    `库存已变为 ${sku.stock}，请刷新后再改 (the stock is now ${sku.stock}, not ${input.expectedStock})`,
  );
}

export async function adjustStock(context: AdminContext, input: AdminInput<'adjustStock'>): Output<'adjustStock'> {
  // Conditional on the request id too: a resent adjustment (its response was lost) moves nothing twice.
  const guard = {
    _id: input.skuId,
    adjustedBy: _.nin([input.requestId]),
    ...(input.delta < 0 ? { stock: _.gte(-input.delta) } : {}),
  };
  const change = {
    stock: _.inc(input.delta),
    adjustedBy: _.push({ each: [input.requestId], slice: -SKU_RECENT_ORDERS }),
    updatedAt: context.now,
  };
  const moved = (await updateWhere('skus', guard, change)) === 1;
  const sku = await readSku(input.skuId);
  if (!sku) return SKU_NOT_FOUND(input.skuId);
  if (moved) return ok({ status: 'adjusted', sku: skuView(sku) });
  if ((await countWhere('skus', { _id: input.skuId, adjustedBy: input.requestId })) === 1)
    return ok({ status: 'unchanged', sku: skuView(sku) });
  return fail('INSUFFICIENT_STOCK', `库存只有 ${sku.stock}，不能减少 ${-input.delta} (the stock is ${sku.stock})`);
}

export async function setOnSale(context: AdminContext, input: AdminInput<'setOnSale'>): Output<'setOnSale'> {
  const { target, id, onSale } = input;
  const answer = (status: 'changed' | 'unchanged') => ok({ status, target, id, onSale });
  const collection = target === 'product' ? 'products' : 'skus';
  // Conditional on the from-state, so a replay (or a concurrent flip to the same value) is `unchanged`.
  if ((await updateWhere(collection, { _id: id, onSale: !onSale }, { onSale, updatedAt: context.now })) === 1) {
    if (target === 'sku') await settlePriceRange(((await readSku(id)) as SkuRow).productId, context.now);
    return answer('changed');
  }
  const current = target === 'product' ? await getDoc('products', id) : await readSku(id);
  if (!current)
    return target === 'product' ? fail('PRODUCT_NOT_FOUND', `商品 ${id} 不存在 (no such product)`) : SKU_NOT_FOUND(id);
  return answer('unchanged');
}

// ---------------------------------------------------------------------------------------------
// The admin's product list
// ---------------------------------------------------------------------------------------------

function listWhere(input: AdminInput<'listProducts'>): object {
  const conditions: object[] = [];
  if (input.categoryId) conditions.push({ categoryId: input.categoryId });
  if (input.onSale !== undefined) conditions.push({ onSale: input.onSale });
  if (input.search) {
    const byName = {
      name: (db as unknown as { RegExp(options: { regexp: string; options: string }): object }).RegExp({
        regexp: escapeRegExp(input.search),
        options: 'i',
      }),
    };
    conditions.push(PRODUCT_ID_PATTERN.test(input.search) ? _.or([byName, { _id: input.search }]) : byName);
  }
  return conditions.length === 0 ? {} : _.and(conditions);
}

export async function listProducts(input: AdminInput<'listProducts'>): Output<'listProducts'> {
  const rows = await aggregateList<ProductDocument & { skus: SkuRow[] }>('products', (pipeline) => {
    let query = pipeline.match(listWhere(input)).sort({ categoryId: 1, sortOrder: 1, _id: 1 });
    if (input.offset > 0) query = query.skip(input.offset);
    return query.limit(input.limit + 1).lookup({
      from: 'skus',
      let: { productId: '$_id' },
      pipeline: [{ $match: { $expr: { $eq: ['$productId', '$$productId'] } } }, { $project: WITHOUT_ORDER_LISTS }],
      as: 'skus',
    });
  });
  const { items, nextOffset } = pageOf(rows, input.offset, input.limit);
  return ok({ items: items.map(({ skus, ...product }) => productView(product, skus)), nextOffset });
}
