/**
 * The merchant's review and the payout: approve → WeChat transfer → the distributor confirms →
 * sync → withdrawn; reject, declined or failed transfers → back to available; manual payouts
 * marked paid; the timer that finishes transfers nobody synced; admins only; outcome notices.
 * After every step each account equals the sum of its entries.
 */
import type { LedgerEntry } from '@shared/ledger';
import type { WithdrawalDocument } from '@shared/withdrawals';
import { seedRules, seedUsers } from '../helpers/referrals';
import {
  account,
  checkLedger,
  leaveBillUncreated,
  MCH_ID,
  messagesTo,
  seedBalance,
  TEMPLATE,
  useWithdrawEmulator,
  withdrawRules,
} from './withdraw-fixture';

describe('withdrawal review and payout', () => {
  const f = useWithdrawEmulator();

  beforeEach(() => {
    f.emu.reset();
    seedRules(f.emu, withdrawRules());
    seedUsers(f.emu, [
      { id: 'oDist', status: 'approved', nickname: '小王' },
      { id: 'oOther', status: 'approved', nickname: '小李' },
      { id: 'oAdmin', status: 'none', nickname: '店长' },
    ]);
    f.emu.insert('admins', [{ _id: 'oAdmin', addedBy: 'setup', addedAt: new Date(), note: '' }]);
    seedBalance(f, 'oDist', 10_000);
  });

  async function requested(requestId: string, amountFen: number, channel = 'wechatTransfer'): Promise<string> {
    const result = await f.withdraw('oDist', 'request', { requestId, amountFen, channel });
    expect(result.ok).toBe(true);
    return result.data.withdrawal.id as string;
  }
  const doc = (id: string) => f.scan<WithdrawalDocument>('withdrawals').find((w) => w._id === id) as WithdrawalDocument;
  const entryIds = () =>
    f
      .scan<LedgerEntry>('ledgerEntries')
      .map((entry) => entry._id)
      .filter((id) => id.startsWith('withdraw'))
      .sort();

  it('approve → the distributor confirms the transfer → sync → withdrawn; replays change nothing', async () => {
    const id = await requested('flow-00001', 3_000);
    const approved = await f.admin('oAdmin', 'approveWithdrawal', { withdrawalId: id });
    expect(approved).toMatchObject({
      ok: true,
      data: {
        status: 'changed',
        withdrawal: {
          status: 'paying',
          transferState: 'WAIT_USER_CONFIRM',
          nickname: '小王',
          outBillNo: expect.stringMatching(/^W[0-9a-f]{31}$/),
        },
      },
    });
    checkLedger(f);
    // A retried approval is the same bill.
    expect(await f.admin('oAdmin', 'approveWithdrawal', { withdrawalId: id })).toMatchObject({
      ok: true,
      data: { status: 'unchanged', withdrawal: { status: 'paying' } },
    });
    const outBillNo = doc(id).transfer?.outBillNo as string;
    expect(((await f.control('GET', '/payouts')).body.payouts as unknown[]).length).toBe(1);

    const transfer = await f.withdraw('oDist', 'transfer', { withdrawalId: id });
    expect(transfer).toEqual({
      ok: true,
      data: {
        mchId: MCH_ID,
        appId: 'wxemulatorappid',
        packageInfo: doc(id).transfer?.packageInfo,
        withdrawal: expect.objectContaining({ awaitsConfirmation: true }),
      },
    });
    expect(transfer.data.packageInfo).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
    expect((await f.withdraw('oOther', 'transfer', { withdrawalId: id })).error?.code).toBe('WITHDRAWAL_NOT_FOUND');

    // Before the confirmation a sync changes nothing.
    expect(await f.withdraw('oDist', 'sync', { withdrawalId: id })).toMatchObject({
      ok: true,
      data: { status: 'unchanged', withdrawal: { status: 'paying' } },
    });
    expect((await f.control('POST', `/payouts/${outBillNo}/confirm`)).body.state).toBe('SUCCESS');
    const synced = await f.withdraw('oDist', 'sync', { withdrawalId: id });
    expect(synced).toMatchObject({
      ok: true,
      data: { status: 'changed', withdrawal: { status: 'withdrawn', transferState: 'SUCCESS' } },
    });
    expect(account(f, 'oDist')).toMatchObject({ availableFen: 7_000, withdrawingFen: 0, withdrawnFen: 3_000 });
    expect(entryIds()).toEqual([`withdraw:${id}`, `withdrawPaid:${id}`]);
    checkLedger(f);

    expect(await f.withdraw('oDist', 'sync', { withdrawalId: id })).toMatchObject({
      ok: true,
      data: { status: 'unchanged', withdrawal: { status: 'withdrawn' } },
    });
    expect(await f.admin('oAdmin', 'syncWithdrawal', { withdrawalId: id })).toMatchObject({
      ok: true,
      data: { status: 'unchanged' },
    });
    expect((await f.withdraw('oDist', 'transfer', { withdrawalId: id })).error?.code).toBe('NOT_AWAITING_CONFIRMATION');
    expect((await f.admin('oAdmin', 'rejectWithdrawal', { withdrawalId: id, reason: '太晚了' })).error?.code).toBe(
      'INVALID_TRANSITION',
    );
    expect(entryIds()).toHaveLength(2);
    checkLedger(f);

    const messages = await messagesTo(f, 'oDist');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      templateId: TEMPLATE.templateId,
      page: 'distributor/withdrawals/withdrawals',
      data: { amount1: { value: '¥30.00' }, thing3: { value: '提现已到账' } },
    });
  });

  it('reject: the amount goes back to available, with the reason in the notice', async () => {
    const id = await requested('rej-000001', 2_500);
    const rejected = await f.admin('oAdmin', 'rejectWithdrawal', { withdrawalId: id, reason: '信息不符' });
    expect(rejected).toMatchObject({
      ok: true,
      data: {
        status: 'changed',
        withdrawal: { status: 'rejected', reason: '信息不符', historyBy: ['oDist', 'oAdmin'] },
      },
    });
    expect(account(f, 'oDist')).toMatchObject({ availableFen: 10_000, withdrawingFen: 0, withdrawnFen: 0 });
    expect(doc(id)).toMatchObject({
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
      rejectReason: '信息不符',
    });
    expect(f.scan<LedgerEntry>('ledgerEntries').find((e) => e._id === `withdrawReturned:${id}`)).toMatchObject({
      kind: 'withdrawReturned',
      deltas: { availableFen: 2_500, withdrawingFen: -2_500 },
      ref: { withdrawalId: id },
    });
    checkLedger(f);
    expect(await f.admin('oAdmin', 'rejectWithdrawal', { withdrawalId: id, reason: '信息不符' })).toMatchObject({
      ok: true,
      data: { status: 'unchanged' },
    });
    expect((await f.admin('oAdmin', 'approveWithdrawal', { withdrawalId: id })).error?.code).toBe('INVALID_TRANSITION');
    expect(
      (await f.admin('oAdmin', 'rejectWithdrawal', { withdrawalId: 'w:oDist:none', reason: 'x' })).error?.code,
    ).toBe('WITHDRAWAL_NOT_FOUND');
    expect((await f.admin('oAdmin', 'rejectWithdrawal', { withdrawalId: id, reason: '  ' })).error?.code).toBe(
      'INVALID_INPUT',
    );
    checkLedger(f);
    expect((await messagesTo(f, 'oDist')).map((m) => [m.data.amount1.value, m.data.thing3.value])).toEqual([
      ['¥25.00', '提现未通过：信息不符'],
    ]);
  });

  it('a declined or failed transfer: failed, the amount back in available', async () => {
    const declined = await requested('fail-00001', 1_000);
    const failed = await requested('fail-00002', 2_000);
    for (const id of [declined, failed]) await f.admin('oAdmin', 'approveWithdrawal', { withdrawalId: id });
    await f.control('POST', `/payouts/${doc(declined).transfer?.outBillNo}/decline`);
    await f.control('POST', `/payouts/${doc(failed).transfer?.outBillNo}/confirm`, {
      outcome: 'fail',
      reason: 'ACCOUNT_FROZEN',
    });
    expect(await f.withdraw('oDist', 'sync', { withdrawalId: declined })).toMatchObject({
      ok: true,
      data: { status: 'changed', withdrawal: { status: 'failed', transferState: 'CANCELLED' } },
    });
    expect(await f.admin('oAdmin', 'syncWithdrawal', { withdrawalId: failed })).toMatchObject({
      ok: true,
      data: { withdrawal: { status: 'failed', reason: 'ACCOUNT_FROZEN' } },
    });
    expect(account(f, 'oDist')).toMatchObject({ availableFen: 10_000, withdrawingFen: 0, withdrawnFen: 0 });
    expect(entryIds()).toEqual(
      [
        `withdraw:${declined}`,
        `withdraw:${failed}`,
        `withdrawReturned:${declined}`,
        `withdrawReturned:${failed}`,
      ].sort(),
    );
    checkLedger(f);
    expect((await messagesTo(f, 'oDist')).map((m) => m.data.thing3.value)).toEqual([
      '提现失败，金额已退回可提现',
      '提现失败，金额已退回可提现',
    ]);
  });

  it('a bill the approval never created (crash after the move) is created by the transfer route, once', async () => {
    const id = await requested('lost-00001', 1_200);
    leaveBillUncreated(f, id, 'W0123456789abcdef0123456789abcde');
    expect((await f.control('GET', '/payouts')).body.payouts).toEqual([]);
    const transfer = await f.withdraw('oDist', 'transfer', { withdrawalId: id });
    expect(transfer).toMatchObject({
      ok: true,
      data: { packageInfo: expect.any(String), withdrawal: { status: 'paying', transferState: 'WAIT_USER_CONFIRM' } },
    });
    await f.withdraw('oDist', 'transfer', { withdrawalId: id });
    expect(
      ((await f.control('GET', '/payouts')).body.payouts as Array<{ outBillNo: string; transferAmount: number }>).map(
        (p) => [p.outBillNo, p.transferAmount],
      ),
    ).toEqual([['W0123456789abcdef0123456789abcde', 1_200]]);
    checkLedger(f);
  });

  it('a transfer WeChat Pay refuses for good (2,000 yuan and more need the payee name) fails and returns the amount', async () => {
    seedRules(f.emu, withdrawRules({ maxAmountFen: 500_000 }), 2);
    seedBalance(f, 'oOther', 300_000);
    const requestedBig = await f.withdraw('oOther', 'request', {
      requestId: 'big-000001',
      amountFen: 200_000,
      channel: 'wechatTransfer',
      realName: '王五',
    });
    const id = requestedBig.data.withdrawal.id as string;
    // The request now refuses such a withdrawal without the name (withdraw-realname.test.ts); one
    // recorded before the name was asked for carries none, and WeChat Pay refuses its bill.
    const { realName: _name, realNameMask: _mask, ...recordedBefore } = doc(id);
    f.emu.emulator.put('withdrawals', id, recordedBefore as unknown as Record<string, unknown>);
    const approved = await f.admin('oAdmin', 'approveWithdrawal', { withdrawalId: id });
    expect(approved).toMatchObject({
      ok: true,
      data: { status: 'changed', withdrawal: { status: 'failed', reason: expect.stringContaining('PARAM_ERROR') } },
    });
    expect(account(f, 'oOther')).toMatchObject({ availableFen: 300_000, withdrawingFen: 0 });
    expect(doc(id).history.map((e) => [e.status, e.by])).toEqual([
      ['reviewing', 'oOther'],
      ['paying', 'oAdmin'],
      ['failed', 'system'],
    ]);
    checkLedger(f);
  });

  it('manual channel: approve leaves it paying until the merchant marks it paid', async () => {
    const id = await requested('man-000001', 4_000, 'manual');
    expect(await f.admin('oAdmin', 'approveWithdrawal', { withdrawalId: id })).toMatchObject({
      ok: true,
      data: { withdrawal: { status: 'paying', transferState: null, outBillNo: null } },
    });
    expect((await f.control('GET', '/payouts')).body.payouts).toEqual([]);
    expect((await f.withdraw('oDist', 'transfer', { withdrawalId: id })).error?.code).toBe('NOT_AWAITING_CONFIRMATION');
    // Without the transfer's reference the merchant's word is not enough.
    expect((await f.admin('oAdmin', 'markWithdrawalPaid', { withdrawalId: id })).error?.code).toBe('INVALID_INPUT');
    expect((await f.admin('oAdmin', 'markWithdrawalPaid', { withdrawalId: id, transferRef: 'x' })).error?.code).toBe(
      'INVALID_INPUT',
    );
    const paid = await f.admin('oAdmin', 'markWithdrawalPaid', {
      withdrawalId: id,
      transferRef: 'ICBC2026120700012345',
      note: '银行卡转账',
    });
    expect(paid).toMatchObject({ ok: true, data: { status: 'changed', withdrawal: { status: 'withdrawn' } } });
    expect(doc(id).history.map((e) => [e.status, e.by, e.note, e.transferRef])).toEqual([
      ['reviewing', 'oDist', undefined, undefined],
      ['paying', 'oAdmin', undefined, undefined],
      ['withdrawn', 'oAdmin', '银行卡转账', 'ICBC2026120700012345'],
    ]);
    expect(paid.ok && paid.data.withdrawal.history[2]).toMatchObject({
      transferRef: 'ICBC2026120700012345',
      selfReview: false,
    });
    expect(account(f, 'oDist')).toMatchObject({ availableFen: 6_000, withdrawingFen: 0, withdrawnFen: 4_000 });
    expect(await f.admin('oAdmin', 'markWithdrawalPaid', { withdrawalId: id, transferRef: 'ICBC-0002' })).toMatchObject(
      {
        ok: true,
        data: { status: 'unchanged' },
      },
    );
    checkLedger(f);
    // A WeChat transfer is settled by its bill, never by hand.
    const wechat = await requested('man-000002', 1_000);
    await f.admin('oAdmin', 'approveWithdrawal', { withdrawalId: wechat });
    expect(
      (await f.admin('oAdmin', 'markWithdrawalPaid', { withdrawalId: wechat, transferRef: 'ICBC-0003' })).error?.code,
    ).toBe('WRONG_CHANNEL');
    const reviewing = await requested('man-000003', 1_000, 'manual');
    expect(
      (await f.admin('oAdmin', 'markWithdrawalPaid', { withdrawalId: reviewing, transferRef: 'ICBC-0004' })).error
        ?.code,
    ).toBe('INVALID_TRANSITION');
    checkLedger(f);
  });

  it('an admin never approves or marks paid their own withdrawal while another admin exists', async () => {
    // oDist is an admin too, and asks for money.
    f.emu.insert('admins', [{ _id: 'oDist', addedBy: 'oAdmin', addedAt: new Date(), note: '' }]);
    const id = await requested('self-00001', 2_000, 'manual');
    expect((await f.admin('oDist', 'approveWithdrawal', { withdrawalId: id })).error?.code).toBe('SELF_REVIEW');
    expect(doc(id).status).toBe('reviewing');
    // Another admin approves; the payout proof is again not the requester's to give.
    expect(await f.admin('oAdmin', 'approveWithdrawal', { withdrawalId: id })).toMatchObject({ ok: true });
    expect(
      (await f.admin('oDist', 'markWithdrawalPaid', { withdrawalId: id, transferRef: 'ICBC-1001' })).error?.code,
    ).toBe('SELF_REVIEW');
    expect(await f.admin('oAdmin', 'markWithdrawalPaid', { withdrawalId: id, transferRef: 'ICBC-1001' })).toMatchObject(
      { ok: true, data: { withdrawal: { status: 'withdrawn' } } },
    );
    // Rejecting one's own request returns the money: allowed.
    const other = await requested('self-00002', 1_000, 'manual');
    expect(await f.admin('oDist', 'rejectWithdrawal', { withdrawalId: other, reason: '撤回' })).toMatchObject({
      ok: true,
    });
    checkLedger(f);
  });

  it("a shop's only admin may decide on their own withdrawal after 24 hours, and the history says so", async () => {
    f.emu.emulator.put('admins', 'oAdmin', null);
    f.emu.insert('admins', [{ _id: 'oDist', addedBy: 'setup', addedAt: new Date(), note: '' }]);
    const id = await requested('self-00003', 2_000, 'manual');
    const early = await f.admin('oDist', 'approveWithdrawal', { withdrawalId: id });
    expect(early.error?.code).toBe('SELF_REVIEW_TOO_EARLY');
    expect(early.error?.message).toContain('24 小时');
    await f.emu.advanceClock(24 * 3_600_000 + 60_000);
    const approved = await f.admin('oDist', 'approveWithdrawal', { withdrawalId: id });
    expect(approved).toMatchObject({ ok: true, data: { withdrawal: { status: 'paying' } } });
    expect(approved.data.withdrawal.history[1]).toMatchObject({ status: 'paying', selfReview: true });
    await f.admin('oDist', 'markWithdrawalPaid', { withdrawalId: id, transferRef: 'ICBC-1002' });
    expect(doc(id).history.map((e) => [e.status, e.by, e.selfReview])).toEqual([
      ['reviewing', 'oDist', undefined],
      ['paying', 'oDist', true],
      ['withdrawn', 'oDist', true],
    ]);
    checkLedger(f);
  });

  it('concurrent reviews of one withdrawal: exactly one decision wins, the money moves once', async () => {
    const ids = await Promise.all(
      ['race-r0001', 'race-r0002', 'race-r0003'].map((key) => requested(key, 1_000, 'manual')),
    );
    for (const id of ids) {
      const results = await Promise.all([
        f.admin('oAdmin', 'rejectWithdrawal', { withdrawalId: id, reason: '并发' }),
        f.admin('oAdmin', 'approveWithdrawal', { withdrawalId: id }),
        f.admin('oAdmin', 'rejectWithdrawal', { withdrawalId: id, reason: '并发' }),
      ]);
      expect(results.filter((result) => result.ok && result.data.status === 'changed')).toHaveLength(1);
      expect(['rejected', 'paying']).toContain(doc(id).status);
      expect(results.every((result) => result.ok || result.error.code === 'INVALID_TRANSITION')).toBe(true);
    }
    const returned = f.scan<LedgerEntry>('ledgerEntries').filter((e) => e.kind === 'withdrawReturned');
    expect(returned).toHaveLength(
      f.scan<WithdrawalDocument>('withdrawals').filter((w) => w.status === 'rejected').length,
    );
    checkLedger(f);
  });

  it('syncWithdrawals finishes confirmed transfers nobody synced, and leaves recent ones alone', async () => {
    const id = await requested('timer-0001', 1_500);
    await f.admin('oAdmin', 'approveWithdrawal', { withdrawalId: id });
    await f.control('POST', `/payouts/${doc(id).transfer?.outBillNo}/confirm`);
    const early = await f.emu.runTimer('syncWithdrawals', {});
    expect(early.result).toEqual({ ok: true, data: { synced: 0, changed: 0, failed: 0, done: true } });
    await f.emu.advanceClock(30 * 60_000);
    expect(doc(id).status).toBe('withdrawn');
    expect(account(f, 'oDist')).toMatchObject({ withdrawnFen: 1_500, withdrawingFen: 0 });
    checkLedger(f);
    expect((await f.emu.call('syncWithdrawals', {}, { openid: 'oDist' })).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect((await f.emu.call('syncWithdrawals', {}, { source: 'wx_http' })).result).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('lists withdrawals by status, newest first, paged, with nicknames; every review route is for admins only', async () => {
    const first = await requested('list-00001', 100);
    await f.emu.advanceClock(1_000);
    const second = await requested('list-00002', 200);
    await f.emu.advanceClock(1_000);
    const third = await requested('list-00003', 300, 'manual');
    await f.admin('oAdmin', 'rejectWithdrawal', { withdrawalId: second, reason: '重复申请' });
    const page1 = await f.admin('oAdmin', 'listWithdrawals', { status: 'reviewing', limit: 1 });
    expect(page1).toMatchObject({
      ok: true,
      data: { items: [{ id: third, nickname: '小王', userId: 'oDist', amountFen: 300 }], nextOffset: 1 },
    });
    const page2 = await f.admin('oAdmin', 'listWithdrawals', { status: 'reviewing', limit: 1, offset: 1 });
    expect(page2).toMatchObject({ ok: true, data: { items: [{ id: first }], nextOffset: null } });
    expect((await f.admin('oAdmin', 'listWithdrawals', {})).data.items.map((w: { id: string }) => w.id)).toEqual([
      third,
      second,
      first,
    ]);

    const before = JSON.stringify(
      ['accounts', 'ledgerEntries', 'withdrawals'].map((c) => f.emu.emulator.store.scan(c)),
    );
    const routes: Array<[string, object]> = [
      ['listWithdrawals', {}],
      ['approveWithdrawal', { withdrawalId: first }],
      ['rejectWithdrawal', { withdrawalId: first, reason: 'x' }],
      ['markWithdrawalPaid', { withdrawalId: third, transferRef: 'ICBC-0009' }],
      ['syncWithdrawal', { withdrawalId: first }],
    ];
    for (const [route, input] of routes)
      expect([route, (await f.admin('oDist', route, input)).error?.code]).toEqual([route, 'FORBIDDEN']);
    expect(JSON.stringify(['accounts', 'ledgerEntries', 'withdrawals'].map((c) => f.emu.emulator.store.scan(c)))).toBe(
      before,
    );
    checkLedger(f);
  });

  it('notices respect the rules: none when the merchant turned the withdrawal message off, or the user did not subscribe', async () => {
    seedRules(f.emu, { ...withdrawRules(), notifications: { commission: null, withdrawal: null } }, 2);
    const off = await requested('note-00001', 100);
    await f.admin('oAdmin', 'rejectWithdrawal', { withdrawalId: off, reason: '测试' });
    expect(await messagesTo(f, 'oDist')).toEqual([]);
    seedRules(f.emu, withdrawRules(), 3);
    await f.control('POST', '/messages/refuse', { touser: 'oDist' });
    const refused = await requested('note-00002', 100);
    expect((await f.admin('oAdmin', 'rejectWithdrawal', { withdrawalId: refused, reason: '测试' })).ok).toBe(true);
    expect(await messagesTo(f, 'oDist')).toEqual([]);
    checkLedger(f);
  });
});
