/**
 * Top-ups end to end against the payment sandbox (docs/wallet.md section 1): wallet › topUp
 * opens the payment, the sandbox pays it and delivers onPayCallback as the platform does, and the
 * balance receives the amount and the tier's bonus as two entries, once, however often and
 * however concurrently the notification arrives. A payment of another amount is refunded and
 * never credited; a late payment is credited all the same.
 */
import { PAY_CALLBACK_CODES } from '@shared/contracts/onPayCallback';
import { topUpMismatchRefundNo, type TopUpDocument } from '@shared/topUps';
import { useEmulator } from '../helpers/emulator';
import { seedRules, seedUsers } from '../helpers/referrals';
import { SUB_MCH_ID, TOP_UP_RULES, walletApi } from '../helpers/wallet';

const BUYER = 'oBUYER00000000000000000w01';
const OTHER = 'oBUYER00000000000000000w02';
const START = Date.parse('2026-06-01T02:00:00Z');
const DAY_MS = 86_400_000;

describe('top-ups', () => {
  const f = useEmulator({
    functionEnv: { WXPAY_SUB_MCH_ID: SUB_MCH_ID },
    runScheduler: false,
    // No timers: the test moves the clock by days, and only the payment sandbox's jobs matter here.
    timers: [],
    clock: { now: () => START },
  });
  const api = walletApi(f);

  beforeEach(() => {
    f.emu.reset();
    f.emu.emulator.faults.clear();
    seedRules(f.emu, { balance: TOP_UP_RULES });
    seedUsers(f.emu, [{ id: BUYER }, { id: OTHER }]);
  });

  it('summary offers the tiers; a top-up of a tier is credited with its bonus as two entries', async () => {
    expect(await api.wallet('summary', {}, BUYER)).toEqual({
      ok: true,
      data: {
        balanceFen: 0,
        topUp: { enabled: true, tiers: TOP_UP_RULES.topUpTiers, custom: TOP_UP_RULES.customTopUp },
      },
    });
    const opened = await api.wallet('topUp', { idempotencyKey: 'topup-key-0001', amountFen: 50_000 }, BUYER);
    expect(opened).toMatchObject({
      ok: true,
      data: { status: 'pending_payment', amountFen: 50_000, bonusFen: 8_000, payment: expect.any(Object) },
    });
    const topUpId: string = opened.ok ? opened.data.topUpId : '';
    expect(topUpId).toMatch(/^t[0-9a-f]{24}$/);
    // A replay answers the same top-up and the same payment (the same prepay; the signature's nonce is fresh).
    const replay = await api.wallet('topUp', { idempotencyKey: 'topup-key-0001', amountFen: 50_000 }, BUYER);
    expect(replay).toMatchObject({
      ok: true,
      data: { topUpId, payment: { package: opened.ok && opened.data.payment.package } },
    });

    // Paid two days later: a pending top-up never closes, so the late payment is credited.
    await f.emu.advanceClock(2 * DAY_MS);
    const paid = await api.pay(topUpId);
    expect(paid.callback).toMatchObject({ state: 'ACKNOWLEDGED' });
    const invocation = f.emu.emulator.stats.invocation(paid.callback.attempts[0].invocationId)!;
    // The top-up read, then one transaction: top-up and account read, account and top-up written, two entries.
    expect(invocation.roundTrips.byAction).toEqual({
      'database.getDocument': 3,
      'database.startTransaction': 1,
      'database.modifyDocument': 2,
      'database.insertDocument': 2,
      'database.commitTransaction': 1,
      'wx.wxPayApi': 1,
    });
    expect(api.account(BUYER)).toMatchObject({ balanceFen: 58_000, entryCount: 2 });
    expect(api.entries(BUYER).map((entry) => [entry._id, entry.kind, entry.amountFen, entry.balanceAfterFen])).toEqual([
      [`topUp:${topUpId}`, 'topUp', 50_000, 50_000],
      [`topUpBonus:${topUpId}`, 'topUpBonus', 8_000, 58_000],
    ]);
    expect(api.topUpDoc(topUpId)).toMatchObject({
      status: 'paid',
      payment: { transactionId: paid.transactionId, paidFen: 50_000 },
    });
    expect(await api.wallet('topUpStatus', { topUpId }, BUYER)).toEqual({
      ok: true,
      data: { topUpId, status: 'paid', amountFen: 50_000, bonusFen: 8_000, balanceFen: 58_000 },
    });
    // Another shopper cannot read it; a paid top-up's replay opens no payment.
    expect(await api.wallet('topUpStatus', { topUpId }, OTHER)).toMatchObject({ error: { code: 'TOP_UP_NOT_FOUND' } });
    expect(await api.wallet('topUp', { idempotencyKey: 'topup-key-0001', amountFen: 50_000 }, BUYER)).toMatchObject({
      ok: true,
      data: { status: 'paid', payment: null },
    });
    const history = await api.wallet('entries', {}, BUYER);
    expect(history).toMatchObject({
      ok: true,
      data: {
        items: [
          { kind: 'topUpBonus', label: '充值赠送', amountFen: 8_000, balanceAfterFen: 58_000, topUpId },
          { kind: 'topUp', label: '充值', amountFen: 50_000, balanceAfterFen: 50_000, topUpId },
        ],
        nextOffset: null,
      },
    });
  });

  it('duplicate and concurrent callbacks credit once', async () => {
    const opened = await api.wallet('topUp', { idempotencyKey: 'topup-key-0002', amountFen: 10_000 }, BUYER);
    const topUpId: string = opened.ok ? opened.data.topUpId : '';
    // The first delivery fails before reading anything, so the copies below race on a pending top-up.
    f.emu.injectFault({ function: 'onPayCallback', kind: 'fail' });
    const paid = await api.pay(topUpId);
    expect(api.topUpDoc(topUpId)?.status).toBe('pending_payment');

    const answers = await Promise.all(Array.from({ length: 12 }, () => api.deliver(paid.callback.event)));
    const messages = answers.map((answer) => (answer.result as { errmsg: string }).errmsg);
    expect(answers.every((answer) => (answer.result as { errcode: number }).errcode === 0)).toBe(true);
    expect(messages.filter((message) => message === 'OK: paid')).toHaveLength(1);
    expect(messages.filter((message) => message === 'OK: alreadyPaid')).toHaveLength(11);
    const after = api.money();
    expect(api.account(BUYER)).toMatchObject({ balanceFen: 11_000, entryCount: 2 });

    // Later repeats are acknowledged and change nothing.
    for (let n = 0; n < 3; n += 1) {
      const repeat = await api.deliver(paid.callback.event);
      expect(repeat.result).toEqual({ errcode: 0, errmsg: 'OK: alreadyPaid' });
      expect(repeat.invocation.roundTrips.byAction).toEqual({ 'database.getDocument': 1 });
    }
    expect(api.money()).toBe(after);
  });

  it('an instance killed right after the credit commits, or before, leaves it credited once by the next delivery', async () => {
    for (const [n, action] of [
      [1, 'database.commitTransaction'],
      [2, 'database.startTransaction'],
    ] as const) {
      const opened = await api.wallet('topUp', { idempotencyKey: `topup-crash-${n}`, amountFen: 10_000 }, BUYER);
      const topUpId: string = opened.ok ? opened.data.topUpId : '';
      f.emu.injectFault({ action, function: 'onPayCallback', kind: 'killInstance' });
      const paid = await api.pay(topUpId);
      expect(paid.callback.attempts[0]).toMatchObject({ ok: false });
      const redelivered = await api.deliver(paid.callback.event);
      expect(redelivered.result).toEqual({
        errcode: 0,
        errmsg: action.includes('commit') ? 'OK: alreadyPaid' : 'OK: paid',
      });
      expect(api.topUpDoc(topUpId)?.status).toBe('paid');
      expect(
        api
          .entries(BUYER)
          .filter((entry) => entry.ref.topUpId === topUpId)
          .map((entry) => entry.amountFen),
      ).toEqual([10_000, 1_000]);
    }
    expect(api.account(BUYER)).toMatchObject({ balanceFen: 22_000, entryCount: 4 });
  });

  it('a payment of another amount is refunded whole and never credited', async () => {
    // A top-up of 500 yuan whose payment was opened (by a bug or a tampered request) for 400.
    const topUpId = `t${'a'.repeat(24)}`;
    const now = new Date(START);
    const doc: TopUpDocument = {
      _id: topUpId,
      userId: BUYER,
      amountFen: 50_000,
      bonusFen: 8_000,
      status: 'pending_payment',
      rulesVersion: 1,
      payment: { transactionId: null, paidFen: null, paidAt: null },
      mismatch: null,
      refund: null,
      createdAt: now,
      updatedAt: now,
    };
    f.emu.insert('topUps', [doc as unknown as Record<string, unknown>]);
    const reply = await (f.cloud as any).cloudPay.unifiedOrder({
      functionName: 'onPayCallback',
      envId: f.emu.envName,
      subMchId: SUB_MCH_ID,
      nonceStr: 'x'.repeat(16),
      body: 'test',
      outTradeNo: topUpId,
      totalFee: 40_000,
      spbillCreateIp: '127.0.0.1',
      tradeType: 'JSAPI',
      subOpenid: BUYER,
    });
    expect(reply).toMatchObject({ returnCode: 'SUCCESS', resultCode: 'SUCCESS' });
    const paid = await api.pay(topUpId);
    expect(paid.callback.state).toBe('ACKNOWLEDGED');
    expect(api.account(BUYER)).toBeUndefined();
    expect(api.topUpDoc(topUpId)).toMatchObject({
      status: 'pending_payment',
      mismatch: { transactionId: paid.transactionId, paidFen: 40_000, refundNo: topUpMismatchRefundNo(topUpId) },
    });
    expect((await api.payment(topUpId)).refunds).toEqual([
      expect.objectContaining({ outRefundNo: `${topUpId}-stray`, refundFee: 40_000 }),
    ]);
    // A repeat refunds nothing more; the refund's completion is recorded on the top-up.
    expect((await api.deliver(paid.callback.event)).result).toEqual({ errcode: 0, errmsg: 'OK: refunded' });
    await f.emu.advanceClock(10_000);
    expect((await api.payment(topUpId)).refunds).toHaveLength(1);
    expect(api.topUpDoc(topUpId)?.mismatch?.refundedAt).toBeInstanceOf(Date);
    expect(api.entries(BUYER)).toEqual([]);
  });

  it('refuses amounts the rules do not offer, a reused key and a top-up while off, writing nothing', async () => {
    const before = api.money();
    const bad = await api.wallet('topUp', { idempotencyKey: 'topup-key-0003', amountFen: 300_000 }, BUYER);
    expect(bad).toMatchObject({ ok: false, error: { code: 'TOP_UP_AMOUNT_INVALID' } });
    // Identity comes only from the platform: a caller without an OPENID (a web user) gets nothing.
    const stranger = await f.emu.call('wallet', { $url: 'summary' }, { openid: '', source: 'wx_http' });
    expect(stranger.result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const invalid = await api.wallet('topUp', { idempotencyKey: 'short', amountFen: 10_000 }, BUYER);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(api.money()).toBe(before);

    // A custom amount gets no bonus; the same key for another amount is refused.
    const custom = await api.wallet('topUp', { idempotencyKey: 'topup-key-0004', amountFen: 12_345 }, BUYER);
    expect(custom).toMatchObject({ ok: true, data: { amountFen: 12_345, bonusFen: 0 } });
    const reused = await api.wallet('topUp', { idempotencyKey: 'topup-key-0004', amountFen: 10_000 }, BUYER);
    expect(reused).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_KEY_REUSED' } });

    seedRules(f.emu, { balance: { ...TOP_UP_RULES, topUpEnabled: false } }, 2);
    const off = await api.wallet('topUp', { idempotencyKey: 'topup-key-0005', amountFen: 10_000 }, BUYER);
    expect(off).toMatchObject({ ok: false, error: { code: 'TOP_UP_DISABLED' } });
  });

  it('an unknown top-up id is not acknowledged', async () => {
    const event = {
      returnCode: 'SUCCESS',
      resultCode: 'SUCCESS',
      outTradeNo: `t${'b'.repeat(24)}`,
      transactionId: '4200000000000000000000000001',
      totalFee: 100,
      timeEnd: '20260601100000',
    };
    expect((await api.deliver(event)).result).toMatchObject({ errcode: PAY_CALLBACK_CODES.ORDER_NOT_FOUND });
  });
});
