/**
 * The emulator's shipping management (`wxa.sec.order.uploadShippingInfo` and `getOrder`) through
 * the real wx-server-sdk in fixture functions: the order must be a paid payment of the payment
 * sandbox (10060001 otherwise, 10060004 when unpaid), the request's shape is checked (47001,
 * 268485228, 268485226), one modification is allowed (10060003 after it), nothing after the
 * shopper confirmed receipt (10060004), and the control plane lists the uploads.
 */
import { TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import { useEmulator } from '../helpers/emulator';

type Json = Record<string, any>;
type ApiOutcome = { ok: true; result: Json } | { ok: false; errCode: number; errMsg: string };

const BUYER = 'oSHIPPER000000000000000001';

describe('open API: shipping management', () => {
  const f = useEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR, runScheduler: false });

  beforeEach(() => f.emu.reset());

  const control = async (
    method: 'GET' | 'POST',
    path: string,
    body: Json = {},
  ): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${f.emu.url}/_emulator${path}`, {
      method,
      ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const callApi = async (api: string, params: Json): Promise<ApiOutcome> => {
    const { result, error } = await f.emu.call('openapiDemo', { api, params }, { openid: BUYER });
    if (error) throw new Error(error.message);
    return result as ApiOutcome;
  };
  const upload = (params: Json) => callApi('wxa.sec.order.uploadShippingInfo', params);

  /** A payment of the sandbox, paid unless asked otherwise: its transaction id ('' when unpaid). */
  async function payment(outTradeNo: string, paid = true): Promise<string> {
    const { error } = await f.emu.call('payDemo', { outTradeNo, totalFee: 1_000 }, { openid: BUYER });
    expect(error).toBeUndefined();
    if (!paid) return '';
    return (await control('POST', `/payments/${outTradeNo}/pay`)).body.transactionId as string;
  }

  const request = (orderKey: Json, overrides: Json = {}): Json => ({
    orderKey,
    logisticsType: 1,
    deliveryMode: 1,
    shippingList: [
      {
        trackingNo: 'SF1234567890',
        expressCompany: 'SF',
        itemDesc: '明前龙井*2',
        contact: { receiverContact: '138****0000' },
      },
    ],
    uploadTime: '2026-06-01T10:00:00.000+08:00',
    payer: { openid: BUYER },
    ...overrides,
  });

  it('accepts the upload of a paid payment, by transaction id or by out_trade_no, and lists it', async () => {
    const transactionId = await payment('ship-ok-1');
    expect(await upload(request({ orderNumberType: 2, transactionId }))).toMatchObject({
      ok: true,
      result: { errCode: 0 },
    });
    await payment('ship-ok-2');
    expect(
      await upload(request({ orderNumberType: 1, mchid: '1900000109', outTradeNo: 'ship-ok-2' }, { logisticsType: 4 })),
    ).toMatchObject({ ok: true });
    const { body } = await control('GET', '/shipping');
    expect(body.uploads).toHaveLength(2);
    expect(body.uploads).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          transactionId,
          outTradeNo: 'ship-ok-1',
          payer: BUYER,
          logisticsType: 1,
          uploads: 1,
          state: 'shipped',
          function: 'openapiDemo',
          shippingList: [expect.objectContaining({ tracking_no: 'SF1234567890', express_company: 'SF' })],
        }),
        expect.objectContaining({ outTradeNo: 'ship-ok-2', logisticsType: 4 }),
      ]),
    );
    expect(await callApi('wxa.sec.order.getOrder', { transactionId })).toMatchObject({
      ok: true,
      result: { order: { orderState: 2, merchantTradeNo: 'ship-ok-1' } },
    });
  });

  it('refuses an order the payment sandbox does not know (10060001) or that is not paid (10060004)', async () => {
    const unknown = await upload(request({ orderNumberType: 2, transactionId: '4200000000000000000000000001' }));
    expect(unknown).toMatchObject({ ok: false, errCode: 10060001 });
    expect(unknown.ok === false && unknown.errMsg).toMatch(/支付单不存在/);
    expect(await upload(request({ orderNumberType: 1, mchid: '1900000109', outTradeNo: 'nowhere' }))).toMatchObject({
      ok: false,
      errCode: 10060001,
    });
    await payment('ship-unpaid', false);
    expect(await upload(request({ orderNumberType: 1, mchid: '1900000109', outTradeNo: 'ship-unpaid' }))).toMatchObject(
      { ok: false, errCode: 10060004 },
    );
    expect(await callApi('wxa.sec.order.getOrder', { transactionId: '4200000000000000000000000001' })).toMatchObject({
      ok: false,
      errCode: 10060001,
    });
    expect((await control('GET', '/shipping')).body.uploads).toEqual([]);
  });

  it('checks the required fields', async () => {
    const transactionId = await payment('ship-fields');
    const key = { orderNumberType: 2, transactionId };
    expect(await upload(request({ orderNumberType: 2 }))).toMatchObject({ errCode: 47001 });
    expect(await upload(request(key, { logisticsType: 9 }))).toMatchObject({ errCode: 47001 });
    expect(await upload(request(key, { payer: {} }))).toMatchObject({ errCode: 47001 });
    expect(await upload(request(key, { uploadTime: '2026-06-01 10:00:00' }))).toMatchObject({ errCode: 47001 });
    expect(await upload(request(key, { shippingList: [] }))).toMatchObject({ errCode: 47001 });
    const two = request(key).shippingList.concat(request(key).shippingList);
    expect(await upload(request(key, { shippingList: two }))).toMatchObject({ errCode: 268485228 });
    expect(await upload(request(key, { shippingList: [{ itemDesc: '茶', expressCompany: 'SF' }] }))).toMatchObject({
      errCode: 268485226,
    });
    expect((await control('GET', '/shipping')).body.uploads).toEqual([]);
  });

  it('allows one modification before receipt, none after the shopper confirmed receipt', async () => {
    const transactionId = await payment('ship-twice');
    const key = { orderNumberType: 2, transactionId };
    expect(await upload(request(key))).toMatchObject({ ok: true });
    const changed = request(key, {
      shippingList: [{ trackingNo: 'YT0001', expressCompany: 'YTO', itemDesc: '明前龙井*2' }],
      uploadTime: '2026-06-01T11:00:00.000+08:00',
    });
    expect(await upload(changed)).toMatchObject({ ok: true });
    expect((await control('GET', '/shipping')).body.uploads).toMatchObject([
      { uploads: 2, shippingList: [{ express_company: 'YTO', tracking_no: 'YT0001' }] },
    ]);
    expect(await upload(request(key))).toMatchObject({ ok: false, errCode: 10060003 });

    const confirmedId = await payment('ship-confirmed');
    const confirmedKey = { orderNumberType: 2, transactionId: confirmedId };
    expect(await upload(request(confirmedKey))).toMatchObject({ ok: true });
    expect((await control('POST', '/shipping/confirm', { transactionId: confirmedId })).status).toBe(200);
    expect(await callApi('wxa.sec.order.getOrder', { transactionId: confirmedId })).toMatchObject({
      result: { order: { orderState: 3 } },
    });
    const after = await upload(request(confirmedKey));
    expect(after).toMatchObject({ ok: false, errCode: 10060004 });
    expect(after.ok === false && after.errMsg).toMatch(/不可发货/);
    expect((await control('POST', '/shipping/confirm', { transactionId: 'nothing' })).status).toBe(404);
  });

  it('fails on a fault injected into the open API, and uploads nothing', async () => {
    const transactionId = await payment('ship-fault');
    f.emu.injectFault({ action: 'wx.openApi', function: 'openapiDemo', kind: 'fail', times: 1 });
    expect(await upload(request({ orderNumberType: 2, transactionId }))).toMatchObject({ ok: false });
    expect((await control('GET', '/shipping')).body.uploads).toEqual([]);
    expect(await upload(request({ orderNumberType: 2, transactionId }))).toMatchObject({ ok: true });
  });
});
