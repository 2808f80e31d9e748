/**
 * The merchant's side of the balance (docs/wallet.md section 1): adjustments with a reason
 * (validation writes nothing, both signs, an idempotent replay, never below zero, audited by
 * admin and reason), a user's balance, the top-up list, and the refund of a paid top-up, which
 * takes back exactly amount and bonus in one transaction, is refused when the balance no longer
 * holds them, and ends `refunded` when WeChat Pay confirms it.
 */
import type { TopUpDocument } from '@shared/topUps';
import { useEmulator } from '../helpers/emulator';
import { seedRules, seedUsers } from '../helpers/referrals';
import { SUB_MCH_ID, TOP_UP_RULES, walletApi } from '../helpers/wallet';

const ADMIN = 'oADMIN000000000000000000w1';
const BUYER = 'oBUYER00000000000000000w11';
const START = Date.parse('2026-06-01T02:00:00Z');

describe('admin: balance and top-ups', () => {
  const f = useEmulator({
    functionEnv: { WXPAY_SUB_MCH_ID: SUB_MCH_ID },
    runScheduler: false,
    timers: [],
    clock: { now: () => START },
  });
  const api = walletApi(f);
  const adjust = (amountFen: number, requestId: string, reason = '运费补偿', userId = BUYER) =>
    api.admin('adjustBalance', { userId, amountFen, reason, requestId }, ADMIN);

  beforeEach(() => {
    f.emu.reset();
    f.emu.emulator.faults.clear();
    seedRules(f.emu, { balance: TOP_UP_RULES });
    seedUsers(f.emu, [{ id: BUYER, nickname: '小明' }]);
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'test', addedAt: new Date(START), note: '' }]);
  });

  /** A top-up through the real path: wallet › topUp, paid in the sandbox, credited by the callback. */
  async function paidTopUp(key: string, amountFen: number): Promise<string> {
    const opened = await api.wallet('topUp', { idempotencyKey: key, amountFen }, BUYER);
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    await api.pay(opened.data.topUpId);
    expect(api.topUpDoc(opened.data.topUpId)?.status).toBe('paid');
    return opened.data.topUpId;
  }

  it('adjusts both ways with a reason, replays a retried request, and never goes below zero', async () => {
    const before = api.money();
    for (const bad of [
      { userId: BUYER, amountFen: 0, reason: '运费补偿', requestId: 'adjust-0001' },
      { userId: BUYER, amountFen: 500, reason: '补', requestId: 'adjust-0001' },
      { userId: BUYER, amountFen: 500, reason: 'x'.repeat(101), requestId: 'adjust-0001' },
      { userId: BUYER, amountFen: 1.5, reason: '运费补偿', requestId: 'adjust-0001' },
      { userId: BUYER, amountFen: 500, reason: '运费补偿', requestId: 'short' },
      { userId: BUYER, amountFen: 500, reason: '运费补偿' },
    ]) {
      expect(await api.admin('adjustBalance', bad, ADMIN)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
    }
    // Taking from an empty balance, and adjusting an unknown user, are refused too.
    expect(await adjust(-1, 'adjust-0002')).toMatchObject({ ok: false, error: { code: 'BALANCE_INSUFFICIENT' } });
    expect(await adjust(100, 'adjust-0003', '运费补偿', 'oNOBODY')).toMatchObject({
      ok: false,
      error: { code: 'USER_NOT_FOUND' },
    });
    expect(api.money()).toBe(before);

    const added = await adjust(2_000, 'adjust-0004', '活动补偿');
    expect(added).toMatchObject({
      ok: true,
      data: { status: 'adjusted', balanceFen: 2_000, entry: { kind: 'adjust', amountFen: 2_000, reason: '活动补偿' } },
    });
    expect(await adjust(2_000, 'adjust-0004', '活动补偿')).toEqual({
      ok: true,
      data: { ...(added.ok ? added.data : {}), status: 'replayed' },
    });
    expect(await adjust(3_000, 'adjust-0004', '活动补偿')).toMatchObject({ error: { code: 'REQUEST_ID_REUSED' } });
    expect(await adjust(-2_001, 'adjust-0005', '误充扣回')).toMatchObject({ error: { code: 'BALANCE_INSUFFICIENT' } });
    expect(await adjust(-2_000, 'adjust-0006', '误充扣回')).toMatchObject({ ok: true, data: { balanceFen: 0 } });
    // The replay of the taking is answered as such even though the balance could not pay it again.
    expect(await adjust(-2_000, 'adjust-0006', '误充扣回')).toMatchObject({ ok: true, data: { status: 'replayed' } });

    expect(
      api.entries(BUYER).map((entry) => [entry._id, entry.amountFen, entry.balanceAfterFen, entry.by, entry.reason]),
    ).toEqual([
      ['adjust:adjust-0004', 2_000, 2_000, ADMIN, '活动补偿'],
      ['adjust:adjust-0006', -2_000, 0, ADMIN, '误充扣回'],
    ]);
    expect(await api.admin('userBalance', { userId: BUYER }, ADMIN)).toMatchObject({
      ok: true,
      data: {
        nickname: '小明',
        balanceFen: 0,
        entryCount: 2,
        entries: { items: [{ amountFen: -2_000, label: '商家调整' }, { amountFen: 2_000 }], nextOffset: null },
      },
    });
    // Shoppers cannot adjust.
    expect(
      await api.admin(
        'adjustBalance',
        { userId: BUYER, amountFen: 1, reason: '自己加', requestId: 'adjust-0007' },
        BUYER,
      ),
    ).toMatchObject({
      error: { code: 'FORBIDDEN' },
    });
  });

  it('concurrent takings never overdraw: of 8 takings of 300 from 1000, exactly 3 apply', async () => {
    await adjust(1_000, 'adjust-seed-1');
    const answers = await Promise.all(Array.from({ length: 8 }, (_, n) => adjust(-300, `adjust-take-${n}`)));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(3);
    for (const answer of answers.filter((one) => !one.ok))
      expect(answer).toMatchObject({ error: { code: 'BALANCE_INSUFFICIENT' } });
    const entries = api.entries(BUYER);
    expect(api.account(BUYER)).toMatchObject({ balanceFen: 100, entryCount: 4 });
    expect(entries.reduce((sum, entry) => sum + entry.amountFen, 0)).toBe(100);
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4]);
  });

  it('refunds a top-up: amount and bonus back out at once, refunded when WeChat Pay confirms', async () => {
    const topUpId = await paidTopUp('topup-key-1001', 50_000);
    await paidTopUp('topup-key-1004', 12_300);
    expect(await api.admin('dashboard', {}, ADMIN)).toMatchObject({
      ok: true,
      data: { topUps: { today: { count: 2, amountFen: 62_300, bonusFen: 8_000 } } },
    });
    const listed = await api.admin('listTopUps', { status: 'paid', limit: 1 }, ADMIN);
    expect(listed).toMatchObject({ ok: true, data: { items: [{ status: 'paid', userId: BUYER }], nextOffset: 1 } });
    const rest = await api.admin('listTopUps', { status: 'paid', offset: 1 }, ADMIN);
    const both = [...(listed.ok ? listed.data.items : []), ...(rest.ok ? rest.data.items : [])];
    expect(both.map((item) => [item.amountFen, item.bonusFen]).sort()).toEqual([
      [12_300, 0],
      [50_000, 8_000],
    ]);
    expect(await api.admin('listTopUps', { status: 'refunded' }, ADMIN)).toMatchObject({ data: { items: [] } });
    const refunded = await api.admin('refundTopUp', { topUpId }, ADMIN);
    expect(refunded).toMatchObject({ ok: true, data: { status: 'submitted', topUp: { status: 'refunding' } } });
    expect(api.account(BUYER)).toMatchObject({ balanceFen: 12_300, entryCount: 5 });
    expect(
      api
        .entries(BUYER)
        .slice(3)
        .map((entry) => [entry._id, entry.amountFen, entry.by]),
    ).toEqual([
      [`topUpRefund:${topUpId}`, -50_000, ADMIN],
      [`topUpBonusBack:${topUpId}`, -8_000, ADMIN],
    ]);
    expect((await api.payment(topUpId)).refunds).toEqual([
      expect.objectContaining({ outRefundNo: `${topUpId}-refund`, refundFee: 50_000 }),
    ]);
    // Asking again submits nothing more.
    expect(await api.admin('refundTopUp', { topUpId }, ADMIN)).toMatchObject({
      ok: true,
      data: { status: 'submitted' },
    });
    await f.emu.advanceClock(10_000);
    expect(api.topUpDoc(topUpId)).toMatchObject({ status: 'refunded', refund: { succeededAt: expect.any(Date) } });
    expect(await api.admin('refundTopUp', { topUpId }, ADMIN)).toMatchObject({ ok: true, data: { status: 'done' } });
    expect((await api.payment(topUpId)).refunds).toHaveLength(1);
    expect(api.entries(BUYER)).toHaveLength(5);
  });

  it('refuses the refund of a top-up whose money was spent, and of an unpaid one, writing nothing', async () => {
    const topUpId = await paidTopUp('topup-key-1002', 10_000);
    expect(api.account(BUYER)?.balanceFen).toBe(11_000);
    await adjust(-1_001, 'adjust-spend-1', '线下消费抵扣');
    const before = api.money();
    expect(await api.admin('refundTopUp', { topUpId }, ADMIN)).toMatchObject({
      ok: false,
      error: { code: 'BALANCE_INSUFFICIENT' },
    });
    expect(api.money()).toBe(before);
    expect((await api.payment(topUpId)).refunds).toEqual([]);

    const pending = await api.wallet('topUp', { idempotencyKey: 'topup-key-1003', amountFen: 10_000 }, BUYER);
    const pendingId = pending.ok ? pending.data.topUpId : '';
    expect(await api.admin('refundTopUp', { topUpId: pendingId }, ADMIN)).toMatchObject({
      error: { code: 'TOP_UP_NOT_REFUNDABLE' },
    });
    expect(await api.admin('refundTopUp', { topUpId: `t${'c'.repeat(24)}` }, ADMIN)).toMatchObject({
      error: { code: 'TOP_UP_NOT_FOUND' },
    });
  });

  it('a refund WeChat Pay refuses is recorded for the merchant; the money stays out and a retry submits again', async () => {
    // A paid top-up without a sandbox payment: WeChat Pay refuses its refund (订单不存在).
    const topUpId = `t${'d'.repeat(24)}`;
    const at = new Date(START);
    const doc: TopUpDocument = {
      _id: topUpId,
      userId: BUYER,
      amountFen: 10_000,
      bonusFen: 1_000,
      status: 'paid',
      rulesVersion: 1,
      payment: { transactionId: '4200000000000000000000000009', paidFen: 10_000, paidAt: at },
      mismatch: null,
      refund: null,
      createdAt: at,
      updatedAt: at,
    };
    f.emu.insert('topUps', [doc as unknown as Record<string, unknown>]);
    await adjust(11_000, 'adjust-seed-2', '模拟充值到账');
    const refused = await api.admin('refundTopUp', { topUpId }, ADMIN);
    expect(refused).toMatchObject({
      ok: true,
      data: {
        status: 'refused',
        topUp: { status: 'refunding', refund: { failure: expect.stringContaining('订单不存在') } },
      },
    });
    expect(api.account(BUYER)?.balanceFen).toBe(0);
    expect(await api.admin('refundTopUp', { topUpId }, ADMIN)).toMatchObject({ ok: true, data: { status: 'refused' } });
    expect(api.entries(BUYER)).toHaveLength(3);
  });
});
