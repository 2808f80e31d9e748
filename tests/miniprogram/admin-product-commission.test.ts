/**
 * 佣金设置 in the product form (admin/product/product): the product's and each SKU's commission
 * mode, the earnings preview per SKU (computed with shared/lineCommission.ts, as placeOrder does,
 * under the shop's rules from getRules), and refusals of values outside the limits, which are
 * the verdicts of the schema the admin function parses with (ProductCommissionInput).
 */
import { ProductCommissionInput } from '@shared/catalog';
import { SaveProductInput } from '@shared/contracts/catalog';
import { DEFAULT_RULES } from '@shared/rules';
import { rulesLimits } from '@shared/rulesLimits';
import { productView } from './admin-fixtures';
import { answerCalls, callsOf, ok, renderPage, settle, tap, texts, wx, type Rendered } from './helpers';

const { parseCommission, commissionRules } = require('../../miniprogram/admin/product/commission') as {
  parseCommission(
    form: { mode: string; values: string[] },
    rules: unknown,
  ): { ok: true; commission: unknown } | { ok: false; refused: number[] };
  commissionRules(rules: unknown, rateBp: { min: number; max: number }): unknown;
};

beforeEach(() => {
  jest.clearAllMocks();
  answerCalls({
    'admin.listCategories': ok({
      items: [{ id: 'cat-tea', name: '茶叶', sortOrder: 0, hidden: false, productCount: 1 }],
    }),
    'admin.listProducts': ok({ items: [productView()], nextOffset: null }),
    'admin.getRules': ok({
      rules: DEFAULT_RULES,
      version: 1,
      updatedAt: '2026-03-01T00:00:00.000Z',
      updatedBy: 'system',
    }),
    'admin.rulesLimits': ok(rulesLimits()),
    'admin.saveProduct': (data: Record<string, unknown>) =>
      ok({
        status: 'updated',
        product: productView({ commission: (data.product as { commission: never }).commission }),
      }),
  });
});

function input(page: Rendered, selector: string, value: string): void {
  page.querySelector(selector)!.dispatchEvent('input', { detail: { value } });
}

async function pick(page: Rendered, selector: string, value: number): Promise<void> {
  page.querySelector(selector)!.dispatchEvent('change', { detail: { value } });
  await settle();
}

async function editForm(): Promise<Rendered> {
  return renderPage('admin/product/product', { id: 'p-tea' });
}

describe('admin/product/product commission', () => {
  it('previews the default grade earnings per SKU under the shop default', async () => {
    const page = await editForm();
    expect(page.data.form.commission.mode).toBe('default');
    // Default rules: 2 levels, 普通分销员 10% and 5%, cap 30%; SKUs at ¥128 and ¥248.
    expect(texts(page, '.sku-earnings')).toEqual([
      '分销员预计赚（每件）：一级 ¥12.80 · 二级 ¥6.40',
      '分销员预计赚（每件）：一级 ¥24.80 · 二级 ¥12.40',
    ]);
    expect(texts(page, '.commission-basis')[0]).toContain('普通分销员');
  });

  it('sets rates per level, shows the new earnings and saves them', async () => {
    const page = await editForm();
    await pick(page, '.commission-mode', 1);
    input(page, '.commission-value-0', '15');
    input(page, '.commission-value-1', '2.5');
    await settle();
    expect(texts(page, '.sku-earnings')[0]).toBe('分销员预计赚（每件）：一级 ¥19.20 · 二级 ¥3.20');
    await tap(page, '.save-button', '.t-button');
    const [call] = callsOf('admin.saveProduct');
    expect((call as { product: { commission: unknown } }).product.commission).toEqual({
      mode: 'percent',
      ratesBp: [1500, 250],
    });
    const { $url: _route, ...sent } = call as Record<string, unknown>;
    expect(SaveProductInput.safeParse(sent).success).toBe(true);
  });

  it('scales fixed amounts down to the cap in the preview, and a SKU may override or pay none', async () => {
    const page = await editForm();
    await pick(page, '.commission-mode', 2);
    input(page, '.commission-value-0', '30');
    input(page, '.commission-value-1', '20');
    await settle();
    // ¥30 + ¥20 on ¥128 exceeds the cap of ¥38.40: each level scaled by 38.40/50, rounded down.
    expect(texts(page, '.sku-earnings')[0]).toBe(
      '分销员预计赚（每件）：一级 ¥23.04 · 二级 ¥15.36（已按上限 30% 缩减）',
    );
    await pick(page, '.sku-1 .sku-commission-mode', 4);
    expect(texts(page, '.sku-earnings')[1]).toBe('分销员预计赚（每件）：不参与分佣');
    await tap(page, '.save-button', '.t-button');
    const [call] = callsOf('admin.saveProduct') as Array<{ product: any; skus: any[] }>;
    expect(call?.product.commission).toEqual({ mode: 'fixed', fixedFenPerUnit: [3000, 2000] });
    expect(call?.skus.map((sku) => sku.commission)).toEqual([null, { mode: 'none' }]);
  });

  it('refuses values outside the limits and sends nothing', async () => {
    const page = await editForm();
    await pick(page, '.commission-mode', 1);
    input(page, '.commission-value-0', '100.01');
    input(page, '.commission-value-1', '1.005');
    await settle();
    await tap(page, '.save-button', '.t-button');
    expect(callsOf('admin.saveProduct')).toEqual([]);
    expect(texts(page, '.commission-error')).toEqual(['比例为 0%-100%，最多两位小数', '比例为 0%-100%，最多两位小数']);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '请修改标红的项目', icon: 'none' });
    await pick(page, '.sku-0 .sku-commission-mode', 3);
    input(page, '.sku-0 .sku-commission-value-0', '1000000.01');
    await settle();
    await tap(page, '.save-button', '.t-button');
    expect(texts(page, '.sku-commission-error')).toEqual([
      '金额为 0-1000000 元，最多两位小数',
      '金额为 0-1000000 元，最多两位小数',
    ]);
  });

  it('gives the verdicts of the function’s schema for every value', () => {
    const rules = commissionRules(DEFAULT_RULES, rulesLimits().rateBp);
    const percents = ['0', '5', '12.5', '99.99', '100', '100.01', '150', '12.345', '-1', ''];
    const yuan = ['0', '0.01', '12.8', '1000000', '1000000.01', '0.001', '-5', 'x'];
    for (const [mode, values, scale] of [
      ['percent', percents, 100],
      ['fixed', yuan, 100],
    ] as const) {
      for (const value of values) {
        const client = parseCommission({ mode, values: [value, '1'] }, rules);
        const amount =
          value.trim() === '' || Number.isNaN(Number(value)) ? value : Math.round(Number(value) * scale * 1000) / 1000;
        const raw = mode === 'percent' ? { mode, ratesBp: [amount, 100] } : { mode, fixedFenPerUnit: [amount, 100] };
        const server = ProductCommissionInput.safeParse(raw);
        expect([value, client.ok]).toEqual([value, server.success]);
        if (client.ok) expect(client.commission).toEqual(server.data);
      }
    }
  });
});
