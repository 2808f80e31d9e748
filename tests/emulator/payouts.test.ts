/**
 * The payout sandbox: WeChat Pay's merchant transfer API (商家转账) under /_emulator/wxpay, and
 * the control plane that plays the user confirming or declining and the bank failing a transfer.
 */
import { constants, publicEncrypt } from 'node:crypto';
import { CANCEL_COMPLETION_MS, payoutPlatformKey } from '../../emulator/src/pay/payouts';
import { useEmulator } from '../helpers/emulator';

type Json = Record<string, any>;

const AUTH =
  'WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="593BEC0C930BF1AFEB40B4A08C8FB242",signature="dGVzdA==",timestamp="1554208460",serial_no="408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"';
const BASE = '/wxpay/v3/fund-app/mch-transfer/transfer-bills';
const PAYEE = 'oPAYEE00000000000000000001';

function transfer(outBillNo: string, overrides: Json = {}): Json {
  return {
    appid: 'wxemulatorappid',
    out_bill_no: outBillNo,
    transfer_scene_id: '1005',
    openid: PAYEE,
    transfer_amount: 1500,
    transfer_remark: '佣金提现',
    user_recv_perception: '劳务报酬',
    transfer_scene_report_infos: [
      { info_type: '岗位类型', info_content: '分销员' },
      { info_type: '报酬说明', info_content: '2025年3月佣金' },
    ],
    ...overrides,
  };
}

describe('payout sandbox (merchant transfer, v3)', () => {
  const frozen = { now: () => Date.parse('2025-03-01T04:00:00Z') };
  const f = useEmulator({ runScheduler: false, clock: frozen });

  const request = async (
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    authorization: string | null = AUTH,
    extraHeaders: Record<string, string> = {},
  ): Promise<{ status: number; body: Json }> => {
    const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
    if (authorization !== null) headers.authorization = authorization;
    if (method === 'POST') headers['content-type'] = 'application/json';
    const response = await fetch(`${f.emu.url}/_emulator${path}`, {
      method,
      headers,
      ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const create = (body: Json, serial?: string) =>
    request('POST', BASE, body, AUTH, serial ? { 'Wechatpay-Serial': serial } : {});
  const query = (outBillNo: string) => request('GET', `${BASE}/out-bill-no/${outBillNo}`);
  const user = (outBillNo: string, action: 'confirm' | 'decline', body?: Json) =>
    request('POST', `/payouts/${outBillNo}/${action}`, body, null);

  it('create → WAIT_USER_CONFIRM with package_info → the user confirms → SUCCESS', async () => {
    const created = await create(transfer('W1001'));
    expect(created).toEqual({
      status: 200,
      body: {
        out_bill_no: 'W1001',
        transfer_bill_no: expect.stringMatching(/^\d{30,}$/),
        create_time: '2025-03-01T12:00:00+08:00',
        state: 'WAIT_USER_CONFIRM',
        package_info: expect.stringMatching(/^[A-Za-z0-9+/=]{40,}$/),
      },
    });
    expect((await query('W1001')).body).toEqual({
      mch_id: '1900000001',
      out_bill_no: 'W1001',
      transfer_bill_no: created.body.transfer_bill_no,
      appid: 'wxemulatorappid',
      state: 'WAIT_USER_CONFIRM',
      transfer_amount: 1500,
      transfer_remark: '佣金提现',
      openid: PAYEE,
      create_time: '2025-03-01T12:00:00+08:00',
      update_time: '2025-03-01T12:00:00+08:00',
    });

    await f.emu.advanceClock(90_000);
    const confirmed = await user('W1001', 'confirm');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ outBillNo: 'W1001', state: 'SUCCESS' });
    expect(confirmed.body.history.map((step: Json) => step.state)).toEqual([
      'ACCEPTED',
      'WAIT_USER_CONFIRM',
      'TRANSFERING',
      'SUCCESS',
    ]);
    const done = await query('W1001');
    expect(done.body).toMatchObject({ state: 'SUCCESS', update_time: '2025-03-01T12:01:30+08:00' });
    expect(done.body.fail_reason).toBeUndefined();
    // Settled bills cannot be confirmed again, nor cancelled.
    expect((await user('W1001', 'confirm')).status).toBe(409);
    expect(await request('POST', `${BASE}/out-bill-no/W1001/cancel`)).toMatchObject({
      status: 400,
      body: { code: 'INVALID_REQUEST' },
    });
  });

  it('the user declines → CANCELLED', async () => {
    await create(transfer('W2001'));
    expect((await user('W2001', 'decline')).body).toMatchObject({ state: 'CANCELLED' });
    expect((await query('W2001')).body).toMatchObject({ state: 'CANCELLED' });
    expect((await user('W2001', 'confirm')).body.error.code).toBe('INVALID_STATE');
  });

  it('the bank fails the transfer after the user confirms → FAIL with the reason', async () => {
    await create(transfer('W3001'));
    expect((await user('W3001', 'confirm', { outcome: 'fail', reason: 'ACCOUNT_FROZEN' })).body).toMatchObject({
      state: 'FAIL',
      failReason: 'ACCOUNT_FROZEN',
    });
    expect((await query('W3001')).body).toMatchObject({ state: 'FAIL', fail_reason: 'ACCOUNT_FROZEN' });
    await create(transfer('W3002'));
    expect((await user('W3002', 'confirm', { outcome: 'fail' })).body).toMatchObject({
      state: 'FAIL',
      failReason: expect.any(String),
    });
    expect((await user('W3002', 'confirm', { outcome: 'maybe' })).status).toBe(409);
    await create(transfer('W3003'));
    expect((await user('W3003', 'confirm', { outcome: 'maybe' })).status).toBe(400);
  });

  it('the merchant cancels an unconfirmed bill: CANCELING, then CANCELLED shortly after', async () => {
    const created = await create(transfer('W4001'));
    const cancelling = await request('POST', `${BASE}/out-bill-no/W4001/cancel`);
    expect(cancelling).toEqual({
      status: 200,
      body: {
        out_bill_no: 'W4001',
        transfer_bill_no: created.body.transfer_bill_no,
        state: 'CANCELING',
        update_time: expect.any(String),
      },
    });
    expect((await query('W4001')).body.state).toBe('CANCELING');
    expect((await user('W4001', 'confirm')).status).toBe(409); // Too late for the user.
    await f.emu.advanceClock(CANCEL_COMPLETION_MS);
    expect((await query('W4001')).body.state).toBe('CANCELLED');
    // Cancelling again answers the current state.
    expect((await request('POST', `${BASE}/out-bill-no/W4001/cancel`)).body).toMatchObject({ state: 'CANCELLED' });
    expect(await request('POST', `${BASE}/out-bill-no/W0000/cancel`)).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND' },
    });
  });

  it('creating the same out_bill_no again is idempotent; with other parameters it is refused', async () => {
    const first = await create(transfer('W5001'));
    const again = await create(transfer('W5001'));
    expect(again).toEqual(first);
    expect(await create(transfer('W5001', { transfer_amount: 1600 }))).toMatchObject({
      status: 400,
      body: { code: 'INVALID_REQUEST', message: expect.any(String) },
    });
    await user('W5001', 'confirm');
    // After settlement the retry reports the settled state (no package to confirm any more).
    expect((await create(transfer('W5001'))).body).toEqual({
      ...first.body,
      state: 'SUCCESS',
      package_info: undefined,
    });
    expect(
      (await request('GET', '/payouts', undefined, null)).body.payouts.filter(
        (payout: Json) => payout.outBillNo === 'W5001',
      ),
    ).toHaveLength(1);
  });

  it('requires a WECHATPAY2-SHA256-RSA2048 Authorization header (the signature itself is not verified)', async () => {
    const missing = await request('POST', BASE, transfer('W6001'), null);
    expect(missing).toMatchObject({
      status: 401,
      body: { code: 'SIGN_ERROR', message: expect.stringContaining('Authorization') },
    });
    expect((await request('POST', BASE, transfer('W6001'), 'Bearer abc')).status).toBe(401);
    expect((await request('POST', BASE, transfer('W6001'), AUTH.replace(/,signature="[^"]*"/, ''))).body).toMatchObject(
      { code: 'SIGN_ERROR', message: expect.stringContaining('signature') },
    );
    expect((await request('GET', `${BASE}/out-bill-no/W6001`, undefined, null)).status).toBe(401);
    expect((await request('POST', `${BASE}/out-bill-no/W6001/cancel`, {}, null)).status).toBe(401);
    // Nothing was created by the refused requests.
    expect((await query('W6001')).status).toBe(404);
    expect(
      (
        await request(
          'POST',
          BASE,
          transfer('W6001'),
          AUTH.replace('signature="dGVzdA=="', 'signature="bm90LXZlcmlmaWVk"'),
        )
      ).status,
    ).toBe(200);
  });

  it('validates the transfer as PARAM_ERROR', async () => {
    const refused = async (body: Json, hint: string): Promise<void> => {
      const reply = await create(body);
      expect(reply).toMatchObject({
        status: 400,
        body: { code: 'PARAM_ERROR', message: expect.stringContaining(hint) },
      });
    };
    const { openid: _openid, ...withoutOpenid } = transfer('W7001');
    await refused(withoutOpenid, 'openid');
    await refused(transfer('W7001', { out_bill_no: 'W-7001' }), 'out_bill_no');
    await refused(transfer('W7001', { transfer_amount: 10.5 }), 'transfer_amount');
    await refused(transfer('W7001', { transfer_amount: '1500' }), 'transfer_amount');
    await refused(transfer('W7001', { transfer_remark: '一'.repeat(33) }), 'transfer_remark');
    await refused(transfer('W7001', { transfer_scene_report_infos: [] }), 'transfer_scene_report_infos');
    await refused(
      transfer('W7001', { transfer_scene_report_infos: [{ info_type: '岗位类型' }] }),
      'transfer_scene_report_infos',
    );
    await refused(transfer('W7001', { notify_url: 'http://example.com/notify' }), 'notify_url');
    await refused(transfer('W7001', { transfer_amount: 200_000 }), 'user_name');
    // user_name is encrypted with the sandbox's public key (RSAES-OAEP, SHA-1), named in Wechatpay-Serial.
    const key = payoutPlatformKey(f.emu.emulator);
    const sealed = publicEncrypt(
      { key: key.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from('张三', 'utf8'),
    ).toString('base64');
    await refused(transfer('W7001', { transfer_amount: 200_000, user_name: sealed }), 'Wechatpay-Serial');
    await refused(transfer('W7001', { transfer_amount: 200_000, user_name: 'ENCRYPTED==' }), 'user_name');
    expect(
      (await create(transfer('W7001', { transfer_amount: 200_000, user_name: 'ENCRYPTED==' }), key.serial)).status,
    ).toBe(400);
    expect((await create(transfer('W7001', { transfer_amount: 200_000, user_name: sealed }), key.serial)).status).toBe(
      200,
    );
    expect((await request('GET', '/payouts/W7001', undefined, null)).body).toMatchObject({
      userName: '张三',
      userNameCiphertext: sealed,
    });
    expect((await create(transfer('W7002', { transfer_remark: '一'.repeat(32) }))).status).toBe(200);
    expect(await query('W0000')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('lists payouts newest first and finds them by transfer_bill_no', async () => {
    await f.emu.advanceClock(1000);
    const created = await create(transfer('W8001'));
    const listed = await request('GET', '/payouts', undefined, null);
    expect(listed.body.payouts[0]).toMatchObject({
      outBillNo: 'W8001',
      state: 'WAIT_USER_CONFIRM',
      transferAmount: 1500,
      openid: PAYEE,
    });
    const byTransferNo = await request('GET', `${BASE}/transfer-bill-no/${created.body.transfer_bill_no}`);
    expect(byTransferNo.body).toMatchObject({ out_bill_no: 'W8001', state: 'WAIT_USER_CONFIRM' });
    expect((await request('GET', '/payouts/W0000', undefined, null)).body.error.code).toBe('PAYOUT_NOT_FOUND');
  });
});
