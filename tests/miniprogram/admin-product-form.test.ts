/**
 * The merchant pages' own checks agree with the contracts the admin function parses with: the
 * product form (admin/product/form.ts) with SaveProductInput, the ship form
 * (admin/orders/ship.ts) with ShipOrderInput, the stock adjustment (admin/products/stock.ts)
 * with AdjustStockInput. What a page sends, the contract accepts unchanged; what it refuses, the
 * contract refuses. Random forms (fast-check) mix valid and invalid values of every field.
 */
import fc from 'fast-check';
import { AdjustStockInput, SaveProductInput, type AdminProductView } from '@shared/contracts/catalog';
import { ShipOrderInput } from '@shared/contracts/adminOrders';
import { productView } from './admin-fixtures';

interface SkuForm {
  id: string;
  spec: string;
  price: string;
  stock: string;
  onSale: boolean;
  isNew: boolean;
}
interface ProductForm {
  mode: 'create' | 'update';
  id: string;
  name: string;
  categoryId: string;
  description: string;
  onSale: boolean;
  sortOrder: string;
  images: string[];
  detailImages: string[];
  skus: SkuForm[];
}
type Checked = { ok: true; input: unknown } | { ok: false; errors: Record<string, string> };

const { checkProductForm, formFromProduct, newProductForm } = require('../../miniprogram/admin/product/form') as {
  checkProductForm(form: ProductForm, base: AdminProductView | null): Checked;
  formFromProduct(product: AdminProductView): ProductForm;
  newProductForm(now?: number): ProductForm;
};
const { checkShipForm } = require('../../miniprogram/admin/orders/ship') as {
  checkShipForm(orderId: string, form: { carrier: string; trackingNo: string }): Checked;
};
const { adjustmentInput } = require('../../miniprogram/admin/products/stock') as {
  adjustmentInput(skuId: string, text: string, pending: null): unknown;
};

/** The contract's verdict on the form, built the way a lenient client would: raw values, numbers parsed loosely. */
function contractAccepts(form: ProductForm, base: AdminProductView | null): boolean {
  const fen = (text: string) =>
    /^\d+(\.\d{1,2})?$/.test(text.trim()) ? Math.round(Number(text.trim()) * 100) : Number.NaN;
  const integer = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);
  const stored = new Map((base?.skus ?? []).map((sku) => [sku.id, sku]));
  return SaveProductInput.safeParse({
    mode: form.mode,
    product: {
      id: form.id.trim(),
      ...(base ? { slug: base.slug } : {}),
      categoryId: form.categoryId,
      name: form.name,
      description: form.description,
      images: form.images,
      detailImages: form.detailImages,
      onSale: form.onSale,
      sortOrder: integer(form.sortOrder),
      commission: base?.commission ?? { mode: 'default' },
    },
    skus: form.skus.map((sku) => ({
      id: sku.id,
      spec: sku.spec,
      priceFen: fen(sku.price),
      onSale: sku.onSale,
      commission: stored.get(sku.id)?.commission ?? null,
      ...(sku.isNew ? { initialStock: integer(sku.stock) } : {}),
    })),
  }).success;
}

const texts = (valid: fc.Arbitrary<string>) =>
  fc.oneof(
    valid,
    fc.constantFrom('', '   ', 'a\u0001b', 'x'.repeat(61), '𠮷'.repeat(40), '  带空格  ', '第一行\n第二行'),
  );
const skuArb = fc.record({
  id: fc.oneof(fc.constantFrom('sku-a', 'sku-b', 'tea-250'), fc.constantFrom('', 'bad id', 'x'.repeat(41))),
  spec: texts(fc.constantFrom('250g', '大号', '红色 / XL')),
  price: fc.oneof(fc.constantFrom('0.01', '19.9', '128', '1000000', '1000000.01', '0', '12.345', '-1', 'abc', '')),
  stock: fc.constantFrom('0', '8', '10000000', '10000001', '-1', '1.5', ''),
  onSale: fc.boolean(),
  isNew: fc.boolean(),
});
const formArb = fc.record({
  mode: fc.constantFrom('create' as const, 'update' as const),
  id: fc.constantFrom('p-tea', ' p-black ', 'p black', 'x'.repeat(19), 'x'.repeat(20), ''),
  name: texts(fc.constantFrom('明前龙井', 'Tea 250g')),
  categoryId: fc.constantFrom('cat-tea', '', 'cat tea'),
  description: fc.constantFrom('', '当季新茶', '第一行\n第二行', 'tab\there', 'x'.repeat(2001)),
  onSale: fc.boolean(),
  sortOrder: fc.constantFrom('0', '10', '1000000', '1000001', '-1', 'a', ''),
  // Pictures come only from uploads to the product's own folder (admin-product-media.test.ts).
  images: fc.constant([] as string[]),
  detailImages: fc.constant([] as string[]),
  skus: fc.array(skuArb, { minLength: 0, maxLength: 3 }),
});

describe('admin/product/form against SaveProductInput', () => {
  it('accepts exactly what the contract accepts, and sends what the contract keeps unchanged', () => {
    fc.assert(
      fc.property(formArb, fc.boolean(), (form, withBase) => {
        const base = withBase ? productView() : null;
        const checked = checkProductForm(form, base);
        expect(checked.ok).toBe(contractAccepts(form, base));
        if (checked.ok)
          expect(SaveProductInput.parse(checked.input)).toEqual({
            ...(checked.input as object),
            skus: expect.any(Array),
          });
        if (checked.ok)
          expect(SaveProductInput.parse(checked.input).skus).toEqual(
            (checked.input as { skus: Array<Record<string, unknown>> }).skus.map((sku) => ({
              initialStock: 0,
              ...sku,
            })),
          );
      }),
      { numRuns: 400 },
    );
  });

  it('round-trips a stored product unchanged, and a new form needs a name, a category and a price', () => {
    const product = productView();
    const checked = checkProductForm(formFromProduct(product), product);
    expect(checked.ok).toBe(true);
    const fresh = checkProductForm(newProductForm(Date.parse('2026-03-01T00:00:00Z')), null);
    expect(fresh.ok ? [] : Object.keys(fresh.errors).sort()).toEqual([
      'categoryId',
      'name',
      'skus.0.priceFen',
      'skus.0.spec',
    ]);
  });
});

describe('admin/orders/ship against ShipOrderInput', () => {
  it.each([
    ['顺丰速运', 'SF 1234 5678'],
    [' EMS ', 'E0001'],
    ['', 'SF12345678'],
    ['顺丰速运', '12'],
    ['x'.repeat(21), 'SF12345678'],
    ['中通', 'ZT#123456'],
    ['中通', `Z${'1'.repeat(40)}`],
  ])('carrier %j, tracking number %j: the same verdict and value', (carrier, trackingNo) => {
    const checked = checkShipForm('o-1', { carrier, trackingNo });
    const parsed = ShipOrderInput.safeParse({ orderId: 'o-1', carrier, trackingNo });
    expect(checked.ok).toBe(parsed.success);
    if (checked.ok && parsed.success) expect(checked.input).toEqual(parsed.data);
  });
});

describe('admin/products/stock against AdjustStockInput', () => {
  it.each(['10', '+10', '-3', '0', '-0', '10000000', '10000001', '-10000000', '1.5', 'abc', ''])(
    'delta %j: the same verdict',
    (text) => {
      const input = adjustmentInput('tea-250', text, null);
      const parsed = AdjustStockInput.safeParse({
        skuId: 'tea-250',
        requestId: 'req-00000001',
        delta: /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN,
      });
      expect(input !== undefined).toBe(parsed.success);
      if (input) expect(AdjustStockInput.parse(input)).toEqual(input);
    },
  );
});
