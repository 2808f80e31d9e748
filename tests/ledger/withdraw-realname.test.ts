/**
 * A WeChat transfer of 2,000 yuan or more needs the payee's real name: without it the request
 * is refused before any money moves (REAL_NAME_REQUIRED); with it the transfer bill carries
 * `user_name` encrypted with WeChat Pay's public key, the sandbox decrypts it to the name, the
 * transfer succeeds and the ledger is right. The name is kept only until WeChat Pay has the
 * bill; lists show its mask. Also the review mode autoBelow end to end: below the amount the
 * withdrawal is approved and paid without an admin, from the amount on it waits for review.
 */
import type { LedgerEntry } from '@shared/ledger';
import type { WithdrawalDocument } from '@shared/withdrawals';
import { seedRules, seedUsers } from '../helpers/referrals';
import {
  account,
  checkLedger,
  seedBalance,
  useWithdrawEmulator,
  withdrawRules,
  leaveBillUncreated,
} from './withdraw-fixture';

const YUAN_2000 = 200_000;

describe('withdrawals of 2,000 yuan or more: the real name', () => {
  const f = useWithdrawEmulator();

  beforeEach(() => {
    f.emu.reset();
    seedRules(f.emu, withdrawRules({ maxAmountFen: 2_000_000 }));
    seedUsers(f.emu, [
      { id: 'oDist', status: 'approved', nickname: '小王' },
      { id: 'oAdmin', status: 'none', nickname: '店长' },
    ]);
    f.emu.insert('admins', [{ _id: 'oAdmin', addedBy: 'setup', addedAt: new Date(), note: '' }]);
    seedBalance(f, 'oDist', 500_000);
  });

  const doc = (id: string) => f.scan<WithdrawalDocument>('withdrawals').find((w) => w._id === id) as WithdrawalDocument;
  const payouts = async () =>
    (await f.control('GET', '/payouts')).body.payouts as Array<Record<string, any> & { outBillNo: string }>;
  const entries = () =>
    f
      .scan<LedgerEntry>('ledgerEntries')
      .filter((entry) => entry.userId === 'oDist' && entry._id.startsWith('withdraw'));

  it('without the name: refused before any money moves', async () => {
    const before = account(f, 'oDist');
    const refused = await f.withdraw('oDist', 'request', {
      requestId: 'big-000001',
      amountFen: YUAN_2000,
      channel: 'wechatTransfer',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'REAL_NAME_REQUIRED' } });
    expect(f.scan('withdrawals')).toHaveLength(0);
    expect(entries()).toHaveLength(0);
    // The aborted transaction left the account exactly as it was.
    expect(account(f, 'oDist')).toEqual(before);
    expect(await payouts()).toHaveLength(0);
    // Not a name: refused as input, nothing written either.
    for (const realName of ['张', 'Zhang San', '张三3', '·张三', '张'.repeat(31)]) {
      const reply = await f.withdraw('oDist', 'request', {
        requestId: 'big-000002',
        amountFen: YUAN_2000,
        channel: 'wechatTransfer',
        realName,
      });
      expect([realName, reply.error?.code]).toEqual([realName, 'INVALID_INPUT']);
    }
    expect(f.scan('withdrawals')).toHaveLength(0);
    checkLedger(f);
  });

  it('with the name: user_name arrives encrypted, decrypts to the name, the transfer succeeds', async () => {
    const requested = await f.withdraw('oDist', 'request', {
      requestId: 'big-000003',
      amountFen: YUAN_2000,
      channel: 'wechatTransfer',
      realName: ' 买买提·艾力 ',
    });
    expect(requested).toMatchObject({
      ok: true,
      data: { status: 'created', withdrawal: { status: 'reviewing', realNameMask: '买*' } },
    });
    const id = requested.data.withdrawal.id as string;
    expect(doc(id)).toMatchObject({ realName: '买买提·艾力', realNameMask: '买*' });

    const approved = await f.admin('oAdmin', 'approveWithdrawal', { withdrawalId: id });
    expect(approved).toMatchObject({
      ok: true,
      data: { withdrawal: { status: 'paying', transferState: 'WAIT_USER_CONFIRM', realNameMask: '买*' } },
    });
    const [bill] = await payouts();
    expect(bill).toMatchObject({ transferAmount: YUAN_2000, openid: 'oDist', userName: '买买提·艾力' });
    // What travelled was the ciphertext (RSA-2048 OAEP: 256 bytes, base64), never the name.
    expect(bill?.userNameCiphertext).toMatch(/^[A-Za-z0-9+/]{342}==$/);
    expect(bill?.userNameCiphertext).not.toContain('买');
    // WeChat Pay has the bill: the name is erased, the mask stays for the lists.
    expect(doc(id).realName).toBeNull();
    expect(doc(id).realNameMask).toBe('买*');

    expect((await f.control('POST', `/payouts/${bill?.outBillNo}/confirm`)).body.state).toBe('SUCCESS');
    expect(await f.withdraw('oDist', 'sync', { withdrawalId: id })).toMatchObject({
      ok: true,
      data: { status: 'changed', withdrawal: { status: 'withdrawn', transferState: 'SUCCESS' } },
    });
    expect(account(f, 'oDist')).toMatchObject({ availableFen: 300_000, withdrawingFen: 0, withdrawnFen: YUAN_2000 });
    expect(
      entries()
        .map((entry) => entry._id)
        .sort(),
    ).toEqual([`withdraw:${id}`, `withdrawPaid:${id}`]);
    checkLedger(f);
    const listed = await f.admin('oAdmin', 'listWithdrawals', {});
    expect(listed.data.items[0]).toMatchObject({ realNameMask: '买*' });
    expect(JSON.stringify(listed.data)).not.toContain('买买提');
  });

  it('below 2,000 yuan, or paid by hand, the name is neither asked for nor kept', async () => {
    const small = await f.withdraw('oDist', 'request', {
      requestId: 'small-00001',
      amountFen: YUAN_2000 - 1,
      channel: 'wechatTransfer',
      realName: '张三',
    });
    const manual = await f.withdraw('oDist', 'request', {
      requestId: 'manual-0001',
      amountFen: YUAN_2000,
      channel: 'manual',
    });
    expect([small.ok, manual.ok]).toEqual([true, true]);
    for (const id of [small.data.withdrawal.id, manual.data.withdrawal.id]) {
      expect(doc(id).realName).toBeUndefined();
      expect(doc(id).realNameMask).toBeUndefined();
    }
    await f.admin('oAdmin', 'approveWithdrawal', { withdrawalId: small.data.withdrawal.id });
    const [bill] = await payouts();
    expect(bill).toMatchObject({ transferAmount: YUAN_2000 - 1 });
    expect(bill?.userName).toBeUndefined();
    checkLedger(f);
  });

  it('a bill whose creation was lost is created again with the kept name, which goes once WeChat Pay has it', async () => {
    const requested = await f.withdraw('oDist', 'request', {
      requestId: 'big-000005',
      amountFen: 250_000,
      channel: 'wechatTransfer',
      realName: '赵六',
    });
    const id = requested.data.withdrawal.id as string;
    leaveBillUncreated(f, id, 'W00000000000000000000000000real5');
    expect(doc(id).realName).toBe('赵六');
    const transfer = await f.withdraw('oDist', 'transfer', { withdrawalId: id });
    expect(transfer).toMatchObject({ ok: true, data: { withdrawal: { awaitsConfirmation: true } } });
    expect(await payouts()).toEqual([
      expect.objectContaining({ outBillNo: 'W00000000000000000000000000real5', userName: '赵六' }),
    ]);
    expect(doc(id).realName).toBeNull();
    checkLedger(f);
  });

  it('a rejected withdrawal forgets the name', async () => {
    const requested = await f.withdraw('oDist', 'request', {
      requestId: 'big-000004',
      amountFen: 300_000,
      channel: 'wechatTransfer',
      realName: '李四',
    });
    const id = requested.data.withdrawal.id as string;
    await f.admin('oAdmin', 'rejectWithdrawal', { withdrawalId: id, reason: '信息不符' });
    expect(doc(id)).toMatchObject({ status: 'rejected', realName: null, realNameMask: '李*' });
    checkLedger(f);
  });
});

describe('review mode autoBelow, end to end', () => {
  const f = useWithdrawEmulator();

  beforeEach(() => {
    f.emu.reset();
    seedUsers(f.emu, [{ id: 'oDist', status: 'approved', nickname: '小王' }]);
    seedBalance(f, 'oDist', 100_000);
  });

  it('below the amount: approved and paid through the sandbox without an admin; from the amount on: waits', async () => {
    seedRules(f.emu, withdrawRules({ review: { mode: 'autoBelow', amountFen: 10_000 } }));
    const small = await f.withdraw('oDist', 'request', {
      requestId: 'auto-000001',
      amountFen: 9_999,
      channel: 'wechatTransfer',
    });
    expect(small).toMatchObject({ ok: true, data: { withdrawal: { status: 'paying', awaitsConfirmation: true } } });
    const id = small.data.withdrawal.id as string;
    // The distributor confirms in the mini-program (wx.requestMerchantTransfer with the package).
    const transfer = await f.withdraw('oDist', 'transfer', { withdrawalId: id });
    expect(transfer.ok).toBe(true);
    const outBillNo = f.scan<WithdrawalDocument>('withdrawals').find((w) => w._id === id)?.transfer?.outBillNo;
    expect((await f.control('POST', `/payouts/${outBillNo}/confirm`)).body.state).toBe('SUCCESS');
    expect(await f.withdraw('oDist', 'sync', { withdrawalId: id })).toMatchObject({
      ok: true,
      data: { withdrawal: { status: 'withdrawn' } },
    });

    const large = await f.withdraw('oDist', 'request', {
      requestId: 'auto-000002',
      amountFen: 10_000,
      channel: 'wechatTransfer',
    });
    expect(large).toMatchObject({ ok: true, data: { withdrawal: { status: 'reviewing', transferState: null } } });
    // A manual payout below the amount is approved too, and waits for the merchant's transfer.
    const manual = await f.withdraw('oDist', 'request', {
      requestId: 'auto-000003',
      amountFen: 500,
      channel: 'manual',
    });
    expect(manual).toMatchObject({ ok: true, data: { withdrawal: { status: 'paying', channel: 'manual' } } });
    expect(((await f.control('GET', '/payouts')).body.payouts as unknown[]).length).toBe(1);
    expect(account(f, 'oDist')).toMatchObject({ availableFen: 79_501, withdrawingFen: 10_500, withdrawnFen: 9_999 });
    checkLedger(f);
  });
});
