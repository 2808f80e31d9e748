/**
 * Shipping in the mini-program: the admin's ship form (admin/orders/orders) offers WeChat's
 * express companies and 无需物流, refuses a bad tracking number before sending, and shows
 * whether WeChat has the shipping with 重新上报 when it does not; the shopper's 订单详情
 * (shop/order/order) shows the company and tracking number (with 复制单号), or 无需物流.
 * The ship form's no-logistics choice agrees with the contract the admin function parses with,
 * and the dashboard's shipping alert re-drives the report with its button.
 */
import { ShipOrderInput } from '@shared/contracts/adminOrders';
import { EXPRESS_COMPANIES } from '@shared/express';
import { answerCalls, callsOf, ok, renderPage, settle, tap, text, texts, wx } from './helpers';
import type { Rendered } from './helpers';
import { alertFixture, dashboardView, orderView } from './admin-fixtures';
import { shippedOrder } from './shop-buy-fixtures';

const { checkShipForm } = require('../../miniprogram/admin/orders/ship') as {
  checkShipForm(orderId: string, form: { carrier: string; trackingNo: string; noLogistics?: string }): unknown;
};

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

function input(page: Rendered, selector: string, value: string): void {
  page.querySelector(selector)!.dispatchEvent('input', { detail: { value } });
}

const shippedView = (data: Record<string, unknown>, upload: Record<string, unknown>) =>
  orderView('o-1001', {
    status: 'shipped',
    statusLabel: '待收货',
    shipping: {
      carrier: (data.carrier as string | undefined) ?? '无需物流（虚拟商品）',
      trackingNo: (data.trackingNo as string | undefined) ?? '',
      shippedAt: '2026-03-06T00:00:00.000Z',
    },
    shippingUpload: {
      attempts: 1,
      lastError: null,
      lastAttemptAt: '2026-03-06T00:00:00.000Z',
      acceptedAt: null,
      state: 'accepted',
      ...upload,
    } as never,
  });

describe('admin/orders/orders: the ship form', () => {
  it('offers the express companies of WeChat’s list and the two 无需物流 choices', async () => {
    answerCalls({ 'admin.listOrders': ok({ items: [orderView('o-1001')], nextOffset: null }) });
    const page = await renderPage('admin/orders/orders');
    await tap(page, '.ship-button', '.t-button');
    expect(texts(page, '.express')).toEqual(EXPRESS_COMPANIES.map((company) => company.name));
    expect(texts(page, '.no-logistics')).toEqual(['无需物流（虚拟商品）', '无需物流（到店自提）']);
    // A typed company WeChat does not know gets a warning: its shipping cannot be reported by itself.
    input(page, '.carrier-input', '某某快运');
    await settle();
    expect(text(page, '.carrier-hint')).toBe('该快递公司不在微信物流公司列表中，发货信息需在微信公众平台手动录入');
    input(page, '.carrier-input', '极兔');
    await settle();
    expect(page.querySelector('.carrier-hint')).toBeUndefined();
  });

  it('ships with 无需物流: no company, no tracking number', async () => {
    answerCalls({
      'admin.listOrders': ok({ items: [orderView('o-1001')], nextOffset: null }),
      'admin.shipOrder': (data: Record<string, unknown>) => ok({ status: 'shipped', order: shippedView(data, {}) }),
    });
    const page = await renderPage('admin/orders/orders');
    await tap(page, '.ship-button', '.t-button');
    page.querySelectorAll('.no-logistics')[0]!.dispatchEvent('tap');
    await settle();
    expect(page.querySelector('.tracking-input')).toBeUndefined();
    expect(text(page, '.no-logistics-note')).toBe('无需填写快递单号，发货信息将以「无需物流」上报微信');
    await tap(page, '.ship-confirm', '.t-button');
    expect(callsOf('admin.shipOrder')).toEqual([{ $url: 'shipOrder', orderId: 'o-1001', noLogistics: 'virtual' }]);
    expect(text(page, '.shipping')).toBe('物流：无需物流（虚拟商品）');
    expect(text(page, '.upload')).toBe('发货信息：已上报微信');
    expect(page.querySelector('.reupload-button')).toBeUndefined();
  });

  it('refuses a bad tracking number before sending, then ships with the company picked', async () => {
    answerCalls({
      'admin.listOrders': ok({ items: [orderView('o-1001')], nextOffset: null }),
      'admin.shipOrder': (data: Record<string, unknown>) =>
        ok({ status: 'shipped', order: shippedView(data, { state: 'failed', lastError: '10060001: 支付单不存在' }) }),
      'admin.retryShippingUpload': ok({
        status: 'accepted',
        order: shippedView({ carrier: '极兔速递', trackingNo: 'JT0001234567' }, {}),
      }),
    });
    const page = await renderPage('admin/orders/orders');
    await tap(page, '.ship-button', '.t-button');
    // A second tap on a 无需物流 choice goes back to the express fields.
    page.querySelectorAll('.no-logistics')[1]!.dispatchEvent('tap');
    await settle();
    page.querySelectorAll('.no-logistics')[1]!.dispatchEvent('tap');
    await settle();
    page.querySelectorAll('.carrier')[5]!.dispatchEvent('tap');
    input(page, '.tracking-input', 'JT#0001');
    await tap(page, '.ship-confirm', '.t-button');
    expect(callsOf('admin.shipOrder')).toEqual([]);
    expect(text(page, '.tracking-error')).toBe('请填写快递单号（4-40 位字母、数字或 -）');
    input(page, '.tracking-input', 'JT 0001 2345 67');
    await tap(page, '.ship-confirm', '.t-button');
    expect(callsOf('admin.shipOrder')).toEqual([
      { $url: 'shipOrder', orderId: 'o-1001', carrier: '极兔速递', trackingNo: 'JT0001234567' },
    ]);
    // Shipped, but WeChat refused the report: the row says so and offers 重新上报.
    expect(text(page, '.shipping')).toBe('物流：极兔速递 JT0001234567');
    expect(text(page, '.upload')).toBe('发货信息：未能上报微信（10060001: 支付单不存在）');
    await tap(page, '.reupload-button', '.t-button');
    expect(callsOf('admin.retryShippingUpload')).toEqual([{ $url: 'retryShippingUpload', orderId: 'o-1001' }]);
    expect(text(page, '.upload')).toBe('发货信息：已上报微信');
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '已上报微信', icon: 'success' });
  });

  it('sends for 无需物流 exactly what the contract accepts', () => {
    for (const noLogistics of ['virtual', 'pickup']) {
      const checked = checkShipForm('o-1', { carrier: '', trackingNo: '', noLogistics }) as {
        ok: boolean;
        input: unknown;
      };
      expect(checked.ok).toBe(true);
      expect(checked.input).toEqual(ShipOrderInput.parse({ orderId: 'o-1', noLogistics }));
    }
    // The contract takes one way or the other, never both.
    expect(
      ShipOrderInput.safeParse({ orderId: 'o-1', noLogistics: 'virtual', carrier: 'EMS', trackingNo: 'E0001' }).success,
    ).toBe(false);
  });
});

describe('shop/order/order: what the shopper sees of the shipping', () => {
  it('shows the express company and the tracking number, which can be copied', async () => {
    answerCalls({ 'order.detail': ok(shippedOrder()), 'afterSale.list': ok({ items: [], nextOffset: null }) });
    const page = await renderPage('shop/order/order', { id: 'o0123456789abcdef01234567' });
    expect(text(page, '.shipping-info')).toBe('物流：顺丰速运 SF1234567890');
    page.querySelector('.copy-tracking')!.dispatchEvent('tap');
    await settle();
    expect(wx.setClipboardData).toHaveBeenCalledWith({ data: 'SF1234567890' });
  });

  it('shows 无需物流 without a tracking number', async () => {
    const order = shippedOrder({
      shipping: { carrier: '无需物流（到店自提）', trackingNo: '', shippedAt: '2026-03-02T02:00:00.000Z' },
    });
    answerCalls({ 'order.detail': ok(order), 'afterSale.list': ok({ items: [], nextOffset: null }) });
    const page = await renderPage('shop/order/order', { id: 'o0123456789abcdef01234567' });
    expect(text(page, '.shipping-info')).toBe('物流：无需物流（到店自提）');
    expect(page.querySelector('.copy-tracking')).toBeUndefined();
  });
});

describe('admin/dashboard: the shipping alert', () => {
  it('重新上报 runs retryShippingUpload for the order, then reloads', async () => {
    let open = [
      alertFixture({
        id: 'shipping:o-1001',
        kind: 'shipping',
        ref: 'o-1001',
        title: '发货信息未能上报微信',
        detail: 'order o-1001 shipped with 顺丰速运 SF0001: WeChat has not accepted its shipping after 3 attempt(s)',
        amountFen: 25_600,
        action: {
          text: '核对订单的快递公司与快递单号后重新上报',
          button: '重新上报',
          route: { name: 'retryShippingUpload', input: { orderId: 'o-1001' } },
          page: null,
        },
      }),
    ];
    answerCalls({
      'admin.dashboard': () => ok(dashboardView({ alerts: { open: open.length, items: open, templateId: null } })),
      'admin.retryShippingUpload': () => {
        open = [];
        return ok({ status: 'accepted', order: shippedView({ carrier: '顺丰速运', trackingNo: 'SF0001' }, {}) });
      },
    });
    const page = await renderPage('admin/dashboard/dashboard');
    expect(text(page, '.alert-shipping .alert-title')).toBe('发货信息未能上报微信');
    await tap(page, '.alert-action', '.t-button');
    await settle();
    expect(callsOf('admin.retryShippingUpload')).toEqual([{ $url: 'retryShippingUpload', orderId: 'o-1001' }]);
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '已重新上报', icon: 'success' });
    expect(callsOf('admin.dashboard')).toHaveLength(2);
  });
});
