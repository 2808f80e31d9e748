/**
 * The analytics end to end in local mode: the mini-program's own services (catalog, cart, admin,
 * distributor) under Node with a `wx` whose wx.request is real HTTP, against the emulator with the
 * built functions. A shopper opens a product page and adds it to the cart (counted), a paid order
 * of the distributor's team is in the range, and the merchant's 数据分析 and the distributor's 数据
 * turn the real answers into what the pages show (view.ts), charts' points included.
 */
import type { Result } from '@shared/result';
import { useEmulator } from '../../helpers/emulator';
import { seedOrder, seedProduct } from '../../helpers/orders';
import { seedRules, seedUsers } from '../../helpers/referrals';

/** 2026-03-31 12:00 in China. */
const START = Date.parse('2026-03-31T04:00:00Z');
const ADMIN = 'oLOCAL_ADMIN';
const DIST = 'oLOCAL_DIST';
const SHOPPER = 'oLOCAL_SHOPPER';

type Service = (...args: any[]) => Promise<Result<any>>;
interface Modules {
  call: { setTestUser(openid: string): void };
  catalog: { catalog: { detail: Service } };
  cart: { cart: { add: Service } };
  admin: { analytics: Service };
  distributor: { distributor: { analytics: Service } };
  adminView: { analyticsView(data: unknown): any };
  dataView: { dataView(data: unknown): any };
}

const f = useEmulator({ runScheduler: false, clock: { now: () => START }, timers: [] });
let modules: Modules;
const store = new Map<string, unknown>();

beforeAll(() => {
  (globalThis as any).wx = {
    getAccountInfoSync: () => ({ miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' } }),
    // The test user (services/call.ts setTestUser) lives in storage.
    getStorageSync: (key: string) => (store.has(key) ? store.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void store.set(key, value),
    removeStorageSync: (key: string) => void store.delete(key),
    request: (options: any) => {
      fetch(options.url, { method: options.method, headers: options.header, body: JSON.stringify(options.data) })
        .then(async (response) =>
          options.success({
            statusCode: response.status,
            data: await response.json(),
            header: {},
            errMsg: 'request:ok',
          }),
        )
        .catch((error: unknown) => options.fail({ errMsg: `request:fail ${String(error)}` }));
    },
  };
  jest.doMock('../../../miniprogram/config', () => ({
    ...jest.requireActual('../../../miniprogram/config'),
    LOCAL_MODE: true,
    LOCAL_EMULATOR_URL: f.emu.url,
  }));
  modules = {
    call: require('../../../miniprogram/services/call'),
    catalog: require('../../../miniprogram/services/catalog'),
    cart: require('../../../miniprogram/services/cart'),
    admin: require('../../../miniprogram/services/admin'),
    distributor: require('../../../miniprogram/services/distributor'),
    adminView: require('../../../miniprogram/admin/analytics/view'),
    dataView: require('../../../miniprogram/distributor/data/view'),
  };
});

afterAll(() => {
  delete (globalThis as any).wx;
});

beforeEach(() => {
  f.emu.reset();
  seedRules(f.emu, {});
  seedUsers(f.emu, [
    { id: DIST, status: 'approved', nickname: '小王' },
    { id: SHOPPER, referrerId: DIST, ancestors: [DIST] },
  ]);
  f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(START), note: '' }]);
  seedProduct(f.emu, { _id: 'tea', name: '龙井' }, [{ _id: 'tea-250', spec: '250g', priceFen: 12_800, stock: 50 }]);
});

it('counts the product page and the add, and both pages show the real figures', async () => {
  modules.call.setTestUser(SHOPPER);
  expect(await modules.catalog.catalog.detail({ productId: 'tea', countView: true })).toMatchObject({ ok: true });
  expect(
    await modules.cart.cart.add({ skuId: 'tea-250', quantity: 1, requestId: 'local-add-0001', countAdd: true }),
  ).toMatchObject({ ok: true });
  const paidAt = new Date(START - 3_600_000);
  seedOrder(
    f.emu,
    {
      _id: 'o-local-1',
      buyerId: SHOPPER,
      status: 'paid',
      chain: [DIST],
      createdAt: paidAt,
      payment: { params: null, transactionId: 'tx-local-1', paidFen: 12_800, paidAt },
    },
    [{ skuId: 'tea-250', productId: 'tea', name: '龙井', unitPriceFen: 12_800 }],
  );

  modules.call.setTestUser(ADMIN);
  const merchant = await modules.admin.analytics({ days: 30 });
  if (!merchant.ok) throw new Error(merchant.error.code);
  const view = modules.adminView.analyticsView(merchant.data);
  expect(view.funnel.map((row: { count: number }) => row.count)).toEqual([1, 1, 1, 1]);
  expect(view.summary[0]).toEqual({ key: 'sales', label: '销售额', value: '¥128.00' });
  expect(view.salesPoints).toHaveLength(30);
  expect(view.salesPoints[29]).toEqual({ label: '03-31', value: 12_800 });
  expect(view.topProducts).toEqual([{ key: 'tea', rank: 1, name: '龙井', sales: '¥128.00', detail: '售出 1 件' }]);

  modules.call.setTestUser(DIST);
  const mine = await modules.distributor.distributor.analytics();
  if (!mine.ok) throw new Error(mine.error.code);
  const data = modules.dataView.dataView(mine.data);
  expect(data.teamPoints[29]).toEqual({ label: '03-31', value: 12_800 });
  expect(data.totals[2]).toEqual({ key: 'teamOrders', label: '团队订单', value: '1' });
  // The shopper bound today and the seeded order did not flag them: one bind, none paying yet.
  expect(mine.data.shares).toMatchObject({ binds: 1, payingBinds: 0, directOrders: 1, directBuyers: 1 });
});
