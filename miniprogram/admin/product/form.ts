/**
 * The product form (商品编辑) as plain data, with the rules of the shared contract
 * (SaveProductInput of shared/contracts/catalog.ts, which the admin function parses with)
 * written out here: importing the contract as a value would bring zod (about 470 KB) into the
 * mini-program. tests/miniprogram/admin-product-form.test.ts holds these checks to the
 * contract's verdicts, so what the page accepts the function accepts; the function checks
 * again (ids taken, unknown category, ...) and its answer is what counts. Prices are typed in
 * yuan and converted to fen exactly (admin/rules/form.ts).
 *
 * The slug, which the form does not edit, is kept from the product it was loaded from. Images
 * are cloud file ids in display order (media.ts uploads them). SKU ids are made when a row is added and never change, so a save that is
 * resent after a lost answer is the same request (the function answers it as a replay).
 */
import type { AdminProductView } from '@shared/contracts/catalog';
import type { AdminRouteInput } from '../../services/admin';
import { newRequestId } from '../../utils/request-id';
import { fenToYuan, yuanToFen } from '../rules/form';
import { commissionForm, limitText, parseCommission, type CommissionForm, type CommissionRules } from './commission';

export interface SkuForm {
  id: string;
  spec: string;
  /** Yuan, e.g. "128" or "12.80". */
  price: string;
  /** Units, for a new SKU only; an existing SKU's stock changes on the products page. */
  stock: string;
  onSale: boolean;
  /** True for a SKU this save creates. */
  isNew: boolean;
  /** The SKU's own commission (`inherit`: the product's); absent in forms made before commission was editable. */
  commission?: CommissionForm;
  /**
   * The distributor-exclusive price (分销专属价) in yuan, '' for none; absent in forms made before
   * the price was editable (the stored price is then sent back unchanged).
   */
  distributorPrice?: string;
  /** Grade id → that grade's own exclusive price in yuan ('' for none); absent: the stored ones are kept. */
  gradePrices?: Record<string, string>;
}

export interface ProductForm {
  mode: 'create' | 'update';
  id: string;
  name: string;
  categoryId: string;
  description: string;
  onSale: boolean;
  sortOrder: string;
  /** Gallery file ids in order; the first is the cover. */
  images: string[];
  /** Detail image file ids in order. */
  detailImages: string[];
  /** The product's commission; absent: the stored setting is kept. */
  commission?: CommissionForm;
  skus: SkuForm[];
}

/** Field key (`name`, `skus.0.price`, ...) → what is wrong with it. */
export type ProductErrors = Record<string, string>;

const FIELD_MESSAGES: Record<string, string> = {
  id: '商品编号为 1-19 位字母、数字、_ 或 -',
  name: '请填写商品名称（1-60 个字）',
  categoryId: '请选择分类',
  description: '商品描述最多 2000 个字',
  sortOrder: '排序为 0-1000000 的整数',
  skus: '至少一个规格，规格编号不能重复',
  images: '商品图片不正确',
};

const SKU_MESSAGES: Record<string, string> = {
  id: '规格编号为 1-40 位字母、数字、_ 或 -',
  spec: '请填写规格名称（1-40 个字）',
  priceFen: '请填写价格（0.01-1000000 元，最多两位小数）',
  initialStock: '库存为 0-10000000 的整数',
  distributorPriceFen: '分销专属价须低于售价（0.01 元起，最多两位小数），不设请留空',
  distributorPricesByGrade: '须低于售价',
};

export function newSkuForm(now = Date.now()): SkuForm {
  return {
    id: `sku-${newRequestId(now)}`,
    spec: '',
    price: '',
    stock: '0',
    onSale: true,
    isNew: true,
    commission: commissionForm(null),
    distributorPrice: '',
    gradePrices: {},
  };
}

export function newProductForm(now = Date.now()): ProductForm {
  return {
    mode: 'create',
    id: `p${now.toString(36)}`,
    name: '',
    categoryId: '',
    description: '',
    onSale: true,
    sortOrder: '0',
    images: [],
    detailImages: [],
    commission: commissionForm({ mode: 'default' }),
    skus: [newSkuForm(now)],
  };
}

export function formFromProduct(product: AdminProductView): ProductForm {
  return {
    mode: 'update',
    id: product.id,
    name: product.name,
    categoryId: product.categoryId,
    description: product.description,
    onSale: product.onSale,
    sortOrder: String(product.sortOrder),
    images: [...product.images],
    detailImages: [...product.detailImages],
    commission: commissionForm(product.commission),
    skus: product.skus.map((sku) => ({
      id: sku.id,
      spec: sku.spec,
      price: fenToYuan(sku.priceFen),
      stock: String(sku.stock),
      onSale: sku.onSale,
      isNew: false,
      commission: commissionForm(sku.commission),
      distributorPrice: sku.distributorPriceFen === undefined ? '' : fenToYuan(sku.distributorPriceFen),
      gradePrices: Object.fromEntries(
        Object.entries(sku.distributorPricesByGrade ?? {}).map(([gradeId, fen]) => [gradeId, fenToYuan(fen)]),
      ),
    })),
  };
}

/** Limits of SaveProductInput (shared/contracts/catalog.ts, shared/catalog.ts). */
const PRODUCT_ID = /^[A-Za-z0-9_-]{1,19}$/;
const SKU_ID = /^[A-Za-z0-9_-]{1,40}$/;
const CATEGORY_ID = /^[A-Za-z0-9_-]{1,40}$/;
const MAX_SKUS = 50;
const MAX_PRICE_FEN = 100_000_000;
const MAX_STOCK = 10_000_000;
const MAX_SORT_ORDER = 1_000_000;

/** Trimmed text of min-max characters (code points) without control characters (a newline is allowed in multiline text), else undefined. */
function textOf(value: string, min: number, max: number, multiline = false): string | undefined {
  const text = value.trim();
  const length = Array.from(text).length;
  const control = multiline ? /[\u0000-\u0009\u000b-\u001f\u007f]/ : /[\u0000-\u001f\u007f]/;
  return length >= min && length <= max && !control.test(text) ? text : undefined;
}

/** A whole number within [min, max], else undefined. */
function integerOf(text: string, min: number, max: number): number | undefined {
  if (!/^\d{1,9}$/.test(text.trim())) return undefined;
  const value = Number(text.trim());
  return value >= min && value <= max ? value : undefined;
}

type SaveProduct = AdminRouteInput<'saveProduct'>;
type Commission = SaveProduct['product']['commission'];

/**
 * The commission to send for `key` (`commission`, `skus.0.commission`): the form's setting when
 * the rules are known, else `fallback` (the stored one). A refused level value is recorded as
 * `<key>.<level index>` with the rule it breaks.
 */
function commissionOf<T extends Commission | null>(
  form: CommissionForm | undefined,
  rules: CommissionRules | undefined,
  key: string,
  errors: ProductErrors,
  fallback: T,
): Commission | T {
  if (!form || !rules) return fallback;
  const parsed = parseCommission(form, rules);
  if (parsed.ok) return parsed.commission ?? fallback;
  for (const index of parsed.refused) errors[`${key}.${index}`] = limitText(form.mode, rules);
  return fallback;
}

type DistributorPrices = Pick<SaveProduct['skus'][number], 'distributorPriceFen' | 'distributorPricesByGrade'>;

/** True when two grade-price maps hold the same prices. */
function samePrices(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/**
 * A SKU's exclusive prices to send: each field only when the form changes it (a price, or null /
 * {} to take it away), since an absent field keeps the stored prices; a form without the fields
 * sends none. Each typed price must be below the SKU's price ('' for none); a refused one is
 * recorded in `errors` (`skus.<index>.distributorPriceFen`,
 * `skus.<index>.distributorPricesByGrade.<grade id>`).
 */
function distributorPricesOf(
  sku: SkuForm,
  key: string,
  priceFen: number | undefined,
  stored: AdminProductView['skus'][number] | undefined,
  errors: ProductErrors,
): DistributorPrices {
  const below = (text: string, errorKey: string, message: string): number | null => {
    if (text.trim() === '') return null;
    const fen = yuanToFen(text);
    if (fen !== undefined && fen >= 1 && fen <= MAX_PRICE_FEN && (priceFen === undefined || fen < priceFen)) return fen;
    errors[errorKey] = message;
    return null;
  };
  const sent: DistributorPrices = {};
  if (sku.distributorPrice !== undefined) {
    const fen = below(sku.distributorPrice, `${key}.distributorPriceFen`, SKU_MESSAGES.distributorPriceFen as string);
    if (fen !== (stored?.distributorPriceFen ?? null)) sent.distributorPriceFen = fen;
  }
  if (sku.gradePrices !== undefined) {
    const byGrade: Record<string, number> = {};
    for (const [gradeId, text] of Object.entries(sku.gradePrices)) {
      const errorKey = `${key}.distributorPricesByGrade.${gradeId}`;
      const fen = below(text, errorKey, SKU_MESSAGES.distributorPricesByGrade as string);
      if (fen !== null) byGrade[gradeId] = fen;
    }
    if (!samePrices(byGrade, stored?.distributorPricesByGrade ?? {})) sent.distributorPricesByGrade = byGrade;
  }
  return sent;
}

/** The SKUs of the save input; refused fields are recorded in `errors`. */
function skusOf(
  form: ProductForm,
  base: AdminProductView | null,
  errors: ProductErrors,
  rules: CommissionRules | undefined,
): SaveProduct['skus'] {
  const stored = new Map((base?.skus ?? []).map((sku) => [sku.id, sku]));
  const check = <T>(key: string, value: T | undefined): T => {
    if (value === undefined) errors[key] = SKU_MESSAGES[key.split('.')[2] as string] as string;
    return value as T;
  };
  if (
    form.skus.length < 1 ||
    form.skus.length > MAX_SKUS ||
    new Set(form.skus.map((sku) => sku.id)).size !== form.skus.length
  )
    errors.skus = FIELD_MESSAGES.skus as string;
  return form.skus.map((sku, index) => {
    const priceFen = yuanToFen(sku.price);
    return {
      id: check(`skus.${index}.id`, SKU_ID.test(sku.id) ? sku.id : undefined),
      spec: check(`skus.${index}.spec`, textOf(sku.spec, 1, 40)),
      priceFen: check(
        `skus.${index}.priceFen`,
        priceFen !== undefined && priceFen >= 1 && priceFen <= MAX_PRICE_FEN ? priceFen : undefined,
      ),
      onSale: sku.onSale,
      commission:
        sku.commission && rules
          ? commissionOf(sku.commission, rules, `skus.${index}.commission`, errors, null)
          : (stored.get(sku.id)?.commission ?? null),
      ...(sku.isNew ? { initialStock: check(`skus.${index}.initialStock`, integerOf(sku.stock, 0, MAX_STOCK)) } : {}),
      ...distributorPricesOf(sku, `skus.${index}`, priceFen, stored.get(sku.id), errors),
    };
  });
}

/** The save input, or the refused fields (each with one Chinese message). */
export function checkProductForm(
  form: ProductForm,
  base: AdminProductView | null,
  rules?: CommissionRules,
): { ok: true; input: SaveProduct } | { ok: false; errors: ProductErrors } {
  const errors: ProductErrors = {};
  const check = <T>(key: string, value: T | undefined): T => {
    if (value === undefined) errors[key] = FIELD_MESSAGES[key] as string;
    return value as T;
  };
  const id = form.id.trim();
  const input: SaveProduct = {
    mode: form.mode,
    product: {
      id: check('id', PRODUCT_ID.test(id) ? id : undefined),
      ...(base ? { slug: base.slug } : {}),
      categoryId: check('categoryId', CATEGORY_ID.test(form.categoryId) ? form.categoryId : undefined),
      name: check('name', textOf(form.name, 1, 60)),
      description: check('description', textOf(form.description, 0, 2000, true)),
      images: form.images,
      detailImages: form.detailImages,
      onSale: form.onSale,
      sortOrder: check('sortOrder', integerOf(form.sortOrder, 0, MAX_SORT_ORDER)),
      commission: commissionOf(form.commission, rules, 'commission', errors, base?.commission ?? { mode: 'default' }),
    },
    skus: skusOf(form, base, errors, rules),
  };
  return Object.keys(errors).length === 0 ? { ok: true, input } : { ok: false, errors };
}
