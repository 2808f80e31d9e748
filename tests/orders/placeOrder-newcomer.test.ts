/**
 * placeOrder for a shopper met for the first time: one who saved an address before anything
 * created their user document, and a product whose Chinese name is longer than WeChat Pay's
 * 128-byte payment description allows.
 */
import { paymentBody } from '../../cloudfunctions/placeOrder/payment';
import { useEmulator } from '../helpers/emulator';
import { seedProduct } from '../helpers/orders';
import { seedRules } from '../helpers/referrals';

const LONG_NAME =
  '云南普洱古树纯料头春生茶饼三五七克礼盒装高山茶园手工石磨压制七子饼珍藏版限量典藏款附赠茶刀茶针与茶巾';

describe('placeOrder for a newcomer', () => {
  const f = useEmulator({ functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });

  beforeEach(() => {
    f.emu.reset();
    seedRules(f.emu, {
      recruitment: 'apply',
      levels: 2,
      capBp: 3000,
      grades: [{ id: 'standard', name: '普通', rank: 0, ratesBp: [1000, 500], upgradeWhen: {} }],
      defaultGradeId: 'standard',
      shipping: { flatFeeFen: 0, freeFromFen: 0 },
    });
    seedProduct(f.emu, { _id: 'p-long', name: LONG_NAME }, [{ _id: 'long-1', priceFen: 9_900, stock: 5 }]);
    seedProduct(f.emu, { _id: 'p-short' }, [{ _id: 'short-1', priceFen: 1_000, stock: 5 }]);
  });

  const saveAddress = async (openid: string): Promise<string> => {
    const { result } = await f.emu.call(
      'address',
      {
        $url: 'save',
        requestId: 'first-address-1',
        name: '王五',
        phone: '13800000000',
        province: '广东省',
        city: '深圳市',
        district: '南山区',
        detail: '科技园 1 号',
      },
      { openid },
    );
    expect(result).toMatchObject({ ok: true });
    return (result as { data: { address: { id: string } } }).data.address.id;
  };

  it('places the order of a shopper whose only record so far is the address (the user is created on the way)', async () => {
    const addressId = await saveAddress('oNewcomer');
    expect(f.emu.emulator.store.scan('users')).toEqual([]);
    const { result } = await f.emu.call(
      'placeOrder',
      { items: [{ skuId: 'short-1', quantity: 1 }], addressId, idempotencyKey: 'newcomer-0001' },
      { openid: 'oNewcomer' },
    );
    expect(result).toMatchObject({ ok: true, data: { payableFen: 1_000 } });
    expect(f.emu.emulator.store.scan('users')).toEqual([expect.objectContaining({ _id: 'oNewcomer' })]);
    expect(f.emu.emulator.store.scan('orders')).toEqual([
      expect.objectContaining({ buyerId: 'oNewcomer', address: expect.objectContaining({ name: '王五' }) }),
    ]);
  });

  it('still refuses an address that is not the shopper’s, also without a user record', async () => {
    const othersAddress = await saveAddress('oOther');
    const { result } = await f.emu.call(
      'placeOrder',
      { items: [{ skuId: 'short-1', quantity: 1 }], addressId: othersAddress, idempotencyKey: 'newcomer-0002' },
      { openid: 'oNewcomer' },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'ADDRESS_NOT_FOUND' } });
    expect(f.emu.emulator.store.scan('orders')).toEqual([]);
  });

  it('fits a long Chinese product name into the 128-byte payment description', async () => {
    expect(Buffer.byteLength(LONG_NAME)).toBeGreaterThan(128);
    const addressId = await saveAddress('oNewcomer');
    const { result } = await f.emu.call(
      'placeOrder',
      {
        items: [
          { skuId: 'long-1', quantity: 1 },
          { skuId: 'short-1', quantity: 2 },
        ],
        addressId,
        idempotencyKey: 'newcomer-0003',
      },
      { openid: 'oNewcomer' },
    );
    expect(result).toMatchObject({ ok: true });
    const orderId = (result as { data: { orderId: string } }).data.orderId;
    const payment = (await (await fetch(`${f.emu.url}/_emulator/payments/${orderId}`)).json()) as { body: string };
    expect(Buffer.byteLength(payment.body)).toBeLessThanOrEqual(128);
    expect(payment.body.endsWith('… 等 2 件')).toBe(true);
    expect(LONG_NAME.startsWith(payment.body.slice(0, -'… 等 2 件'.length))).toBe(true);
  });
});

describe('paymentBody', () => {
  it('keeps short descriptions as they are', () => {
    expect(paymentBody(['龙井茶'])).toBe('龙井茶');
    expect(paymentBody(['龙井茶', '毛巾', '茶杯'])).toBe('龙井茶 等 3 件');
    expect(paymentBody([])).toBe('商品');
  });

  it.each([1, 2, 12])('cuts on a character boundary to at most 128 bytes (%i lines)', (lines) => {
    // Mixed widths: 1-byte ASCII, 3-byte Chinese and a 4-byte emoji (a surrogate pair) at every offset.
    for (let offset = 0; offset < 4; offset += 1) {
      const name = 'a'.repeat(offset) + '茶🍵'.repeat(30);
      const body = paymentBody([name, ...Array<string>(lines - 1).fill('x')]);
      expect(Buffer.byteLength(body)).toBeLessThanOrEqual(128);
      expect(Buffer.byteLength(body)).toBeGreaterThan(120);
      expect(body).not.toContain('\uFFFD');
      expect(Buffer.from(body).toString()).toBe(body);
      const kept = body.split('…')[0] ?? '';
      expect(name.startsWith(kept)).toBe(true);
      expect(/[\uD800-\uDBFF]$/.test(kept)).toBe(false);
    }
  });
});
