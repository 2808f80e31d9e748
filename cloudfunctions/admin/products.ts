/**
 * Product administration: products with their SKUs (saveProduct) and the admin's product list
 * (listProducts). Documents are shared/catalog.ts's.
 *
 * - Ids are chosen by the admin's page (patterns in shared/catalog.ts), so a retried save finds
 *   what its first attempt wrote: `create` of an identical product is a replay (`unchanged`).
 * - saveProduct writes the SKUs first and the product last, so a product never becomes visible
 *   before its SKUs exist; a save cut short is completed by its retry.
 * - Stock is never written by saveProduct (stock.ts changes it); `reservedBy`/`returnedBy` are
 *   only ever initialised here.
 * - After any SKU change the product's price range is settled (catalogSteps.ts settlePriceRange).
 */
import { PRODUCT_ID_PATTERN, type ProductDocument, type SkuDocument } from '@shared/catalog';
import type { AdminError, AdminInput } from '@shared/contracts/admin';
import { MAX_SKUS_PER_PRODUCT, priceRange, type SkuInput } from '@shared/contracts/catalog';
import { fail, ok, type Result } from '@shared/result';
import { _, aggregateList, db, findWhere, getDoc, insertDoc, updateWhere } from '../_lib/db';
import { pageOf } from '../_lib/paging';
import { getTempFileUrl } from '../_lib/wx';
import {
  productView,
  readSku,
  readSkus,
  settlePriceRange,
  WITHOUT_ORDER_LISTS,
  type CatalogOutput as Output,
  type SkuRow,
} from './catalogSteps';
import type { AdminContext } from './context';
import { cleanUpAfterSave, referencedImages } from './productMedia';
import { escapeRegExp } from './views';

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

function isDuplicateKey(error: unknown): boolean {
  return String((error as { errMsg?: string; message?: string })?.errMsg ?? (error as Error)?.message ?? '').includes(
    'E11000',
  );
}

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
    missingImages([...product.images, ...product.detailImages]),
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
    detailImages: rest.detailImages,
    onSale: rest.onSale,
    sortOrder: rest.sortOrder,
    commission: rest.commission,
  };
}

function storedEditableFields(product: ProductDocument) {
  const { slug, categoryId, name, description, images, onSale, sortOrder, commission } = product;
  const detailImages = product.detailImages ?? [];
  return { slug, categoryId, name, description, images, detailImages, onSale, sortOrder, commission };
}

/** A SKU of the input with its exclusive prices settled: those it sends, else the stored ones. */
type ResolvedSku = SkuInput & {
  distributorPriceFen: number | null;
  distributorPricesByGrade: Record<string, number>;
};

/**
 * The input's SKUs with absent exclusive prices taken from the stored SKU (none for a new one),
 * so a client that does not send them never drops them. Every price that results must be below
 * its SKU's price: a lowered SKU price that leaves a stored exclusive price at or above it is
 * refused (DISTRIBUTOR_PRICE_NOT_BELOW, nothing written); a price sent so is INVALID_INPUT.
 */
function resolveSkus(skus: SkuInput[], existing: ReadonlyMap<string, SkuRow>): Result<ResolvedSku[], AdminError> {
  const resolved = skus.map((sku): ResolvedSku => {
    const stored = existing.get(sku.id);
    return {
      ...sku,
      distributorPriceFen:
        sku.distributorPriceFen === undefined ? (stored?.distributorPriceFen ?? null) : sku.distributorPriceFen,
      distributorPricesByGrade: sku.distributorPricesByGrade ?? stored?.distributorPricesByGrade ?? {},
    };
  });
  const above = resolved.find((sku) =>
    [sku.distributorPriceFen ?? 0, ...Object.values(sku.distributorPricesByGrade)].some((fen) => fen >= sku.priceFen),
  );
  if (above)
    return fail(
      'DISTRIBUTOR_PRICE_NOT_BELOW',
      `规格 ${above.id} 的分销专属价须低于售价 (an exclusive price is not below the SKU price)`,
    );
  return ok(resolved);
}

function skuFields(sku: ResolvedSku) {
  return {
    spec: sku.spec,
    priceFen: sku.priceFen,
    onSale: sku.onSale,
    commission: sku.commission,
    distributorPriceFen: sku.distributorPriceFen,
    distributorPricesByGrade: sku.distributorPricesByGrade,
  };
}

/** A stored SKU's editable fields as skuFields gives them (SKUs saved before the distributor price have none). */
function storedSkuFields(stored: SkuRow) {
  return {
    spec: stored.spec,
    priceFen: stored.priceFen,
    onSale: stored.onSale,
    commission: stored.commission ?? null,
    distributorPriceFen: stored.distributorPriceFen ?? null,
    distributorPricesByGrade: stored.distributorPricesByGrade ?? {},
  };
}

/**
 * The distributor prices as stored: each field only when it holds a price, so a SKU without
 * exclusive prices keeps the shape SKUs had before they existed.
 */
function storedDistributorPrices(
  sku: ResolvedSku,
): Pick<SkuDocument, 'distributorPriceFen' | 'distributorPricesByGrade'> {
  return {
    ...(sku.distributorPriceFen !== null ? { distributorPriceFen: sku.distributorPriceFen } : {}),
    ...(Object.keys(sku.distributorPricesByGrade).length > 0
      ? { distributorPricesByGrade: sku.distributorPricesByGrade }
      : {}),
  };
}

/**
 * An update of a SKU's editable fields; `_.set` replaces the commission and the grade prices
 * instead of merging them into the stored ones, and a price taken away is removed.
 */
function skuUpdate(sku: ResolvedSku, now: Date) {
  const { distributorPriceFen, distributorPricesByGrade, ...fields } = skuFields(sku);
  return {
    ...fields,
    commission: _.set(sku.commission),
    distributorPriceFen: distributorPriceFen ?? _.remove(),
    distributorPricesByGrade:
      Object.keys(distributorPricesByGrade).length > 0 ? _.set(distributorPricesByGrade) : _.remove(),
    updatedAt: now,
  };
}

interface ProductPlan {
  newSkus: SkuDocument[];
  changedSkus: ResolvedSku[];
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
  const resolved = resolveSkus(input.skus, existing);
  if (!resolved.ok) return resolved;
  const newInputs = resolved.data.filter((sku) => !existing.has(sku.id));
  if (existing.size + newInputs.length > MAX_SKUS_PER_PRODUCT)
    return fail(
      'TOO_MANY_SKUS',
      `每个商品最多 ${MAX_SKUS_PER_PRODUCT} 个规格 (at most ${MAX_SKUS_PER_PRODUCT} SKUs per product)`,
    );
  const changedSkus = resolved.data.filter((sku) => {
    const stored = existing.get(sku.id);
    return stored !== undefined && canonical(skuFields(sku)) !== canonical(storedSkuFields(stored));
  });
  const newSkus: SkuDocument[] = newInputs.map((sku) => ({
    _id: sku.id,
    productId: product.id,
    spec: sku.spec,
    priceFen: sku.priceFen,
    onSale: sku.onSale,
    commission: sku.commission,
    ...storedDistributorPrices(sku),
    stock: sku.initialStock,
    reservedBy: [],
    returnedBy: [],
    updatedAt: now,
  }));
  const edited = new Map(changedSkus.map((sku) => [sku.id, sku]));
  const finalSkus: SkuRow[] = [
    ...state.skus.map((sku) =>
      edited.has(sku._id) ? { ...sku, ...skuFields(edited.get(sku._id) as ResolvedSku), updatedAt: now } : sku,
    ),
    ...newSkus.map(({ reservedBy: _r, returnedBy: _b, ...sku }) => sku),
  ];
  return ok({ newSkus, changedSkus, finalSkus, productChanged: !sameProduct });
}

/** Step 1: the SKUs. A SKU created concurrently by a retry of this save is edited instead. */
async function writeSkus(productId: string, plan: ProductPlan, now: Date): Promise<Result<null, AdminError>> {
  const edit = async (sku: ResolvedSku): Promise<boolean> =>
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
        {
          ...fields,
          commission: _.set(fields.commission),
          images: _.set(fields.images),
          detailImages: _.set(fields.detailImages),
          updatedAt: now,
        },
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
  const before = referencedImages(state.product);
  const after = referencedImages(input.product);
  if (state.product && !productChanged && newSkus.length === 0 && changedSkus.length === 0) {
    await cleanUpAfterSave(input.product.id, before, after, context.now);
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
  await cleanUpAfterSave(input.product.id, before, after, context.now);
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
