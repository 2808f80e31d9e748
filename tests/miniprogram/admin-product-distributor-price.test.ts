/**
 * 分销专属价 in the product form (admin/product/product): a general price and one per grade for
 * each SKU, loaded from the stored SKU, checked like SaveProductInput checks them (each below the
 * SKU's price) and sent in fen only when changed (an absent field keeps the stored prices); a
 * field emptied sends null (or {} for the grade prices), which takes the price away.
 */
import { SaveProductInput } from '@shared/contracts/catalog';
import { DEFAULT_RULES } from '@shared/rules';
import { rulesLimits } from '@shared/rulesLimits';
import { productView, skuView } from './admin-fixtures';
import { answerCalls, callsOf, ok, renderPage, settle, tap, texts, type Rendered } from './helpers';

const STORED = productView({
  skus: [
    skuView('tea-250', { distributorPriceFen: 9_900, distributorPricesByGrade: { gold: 8_800 } }),
    skuView('tea-500', { spec: '500g', priceFen: 24_800, stock: 5 }),
  ],
});

beforeEach(() => {
  jest.clearAllMocks();
  answerCalls({
    'admin.listCategories': ok({
      items: [{ id: 'cat-tea', name: '茶叶', sortOrder: 0, hidden: false, productCount: 1 }],
    }),
    'admin.listProducts': ok({ items: [STORED], nextOffset: null }),
    'admin.getRules': ok({
      rules: DEFAULT_RULES,
      version: 1,
      updatedAt: '2026-03-01T00:00:00.000Z',
      updatedBy: 'system',
    }),
    'admin.rulesLimits': ok(rulesLimits()),
    'admin.saveProduct': () => ok({ status: 'updated', product: STORED }),
  });
});

function input(page: Rendered, selector: string, value: string, index = 0): void {
  page.querySelectorAll(selector)[index]!.dispatchEvent('input', { detail: { value } });
}

type SentSku = { id: string; distributorPriceFen: number | null; distributorPricesByGrade: Record<string, number> };

async function saved(page: Rendered): Promise<SentSku[]> {
  await tap(page, '.save-button', '.t-button');
  const [{ $url: _url, ...call } = {}] = callsOf('admin.saveProduct');
  expect(SaveProductInput.safeParse(call).success).toBe(true);
  return (call as { skus: SentSku[] }).skus;
}

describe('admin/product/product 分销专属价', () => {
  it('shows the stored prices per SKU, a field per grade, and saves them unchanged', async () => {
    const page = await renderPage('admin/product/product', { id: 'p-tea' });
    expect(page.data.grades.map((grade: { name: string }) => grade.name)).toEqual([
      '普通分销员',
      '银牌分销员',
      '金牌分销员',
    ]);
    expect(page.data.form.skus.map((sku: { distributorPrice: string }) => sku.distributorPrice)).toEqual(['99', '']);
    expect(page.data.form.skus[0].gradePrices).toEqual({ gold: '88' });
    expect(page.querySelectorAll('.sku-distributor-price')).toHaveLength(2);
    expect(page.querySelectorAll('.grade-price-input')).toHaveLength(6);
    expect(texts(page, '.grade-name').slice(0, 3)).toEqual(['普通分销员', '银牌分销员', '金牌分销员']);
    const skus = await saved(page);
    expect(
      skus.map(({ id, distributorPriceFen, distributorPricesByGrade }) => [
        id,
        distributorPriceFen,
        distributorPricesByGrade,
      ]),
    ).toEqual([
      // Unchanged prices are not sent: the function keeps the stored ones.
      ['tea-250', undefined, undefined],
      ['tea-500', undefined, undefined],
    ]);
  });

  it('sends typed prices in fen and an emptied one as none', async () => {
    const page = await renderPage('admin/product/product', { id: 'p-tea' });
    input(page, '.sku-distributor-price', '', 0);
    input(page, '.grade-price-silver', '95.5', 0);
    input(page, '.sku-distributor-price', '199', 1);
    await settle();
    const skus = await saved(page);
    expect(
      skus.map(({ distributorPriceFen, distributorPricesByGrade }) => [distributorPriceFen, distributorPricesByGrade]),
    ).toEqual([
      [null, { gold: 8_800, silver: 9_550 }],
      [19_900, undefined],
    ]);
  });

  it('takes every grade price away with {} when the fields are emptied', async () => {
    const page = await renderPage('admin/product/product', { id: 'p-tea' });
    input(page, '.grade-price-gold', '', 0);
    await settle();
    const [first] = await saved(page);
    expect([first!.distributorPriceFen, first!.distributorPricesByGrade]).toEqual([undefined, {}]);
  });

  it('refuses a price not below the SKU price, marks the field and sends nothing', async () => {
    const page = await renderPage('admin/product/product', { id: 'p-tea' });
    input(page, '.sku-distributor-price', '128', 0);
    input(page, '.grade-price-gold', '300', 1);
    await settle();
    await tap(page, '.save-button', '.t-button');
    expect(callsOf('admin.saveProduct')).toEqual([]);
    expect(texts(page, '.sku-distributor-price-error')).toEqual([
      '分销专属价须低于售价（0.01 元起，最多两位小数），不设请留空',
    ]);
    expect(texts(page, '.grade-price-error')).toEqual(['须低于售价']);
    // Typing again clears the field's mark.
    input(page, '.sku-distributor-price', '100', 0);
    await settle();
    expect(texts(page, '.sku-distributor-price-error')).toEqual([]);
  });
});

describe('admin/product/form 分销专属价 against SaveProductInput', () => {
  const { checkProductForm, formFromProduct } = require('../../miniprogram/admin/product/form') as {
    checkProductForm(form: unknown, base: unknown): { ok: true; input: unknown } | { ok: false; errors: object };
    formFromProduct(product: unknown): { skus: Array<Record<string, unknown>> };
  };
  const prices = ['', '0', '0.01', '99', '127.99', '128', '128.01', '12.345', 'abc', '1000000.01'];
  const fen = (text: string) =>
    text === '' ? null : /^\d+(\.\d{1,2})?$/.test(text) ? Math.round(Number(text) * 100) : Number.NaN;

  it.each(prices.flatMap((general) => prices.map((gold) => [general, gold])))(
    'general %j, gold %j on a ¥128 SKU: the same verdict as the contract',
    (general, gold) => {
      const form = formFromProduct(STORED);
      form.skus = [{ ...form.skus[0], distributorPrice: general, gradePrices: { gold } }];
      const checked = checkProductForm(form, STORED);
      const goldFen = fen(gold);
      const accepted = SaveProductInput.safeParse({
        mode: 'update',
        product: { id: 'p-tea', slug: 'p-tea', categoryId: 'cat-tea', name: '明前龙井', onSale: true },
        skus: [
          {
            id: 'tea-250',
            spec: '250g',
            priceFen: 12_800,
            distributorPriceFen: fen(general),
            distributorPricesByGrade: goldFen === null ? {} : { gold: goldFen },
          },
        ],
      }).success;
      expect(checked.ok).toBe(accepted);
    },
  );
});
