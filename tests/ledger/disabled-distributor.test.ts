/**
 * A distributor the merchant disables (docs/rules.md section 2, Disabling): orders placed after
 * that earn them nothing, while what they earned before stays theirs and follows its usual course
 * (frozen, then released after the return window), but cannot be withdrawn until the merchant
 * enables them again. Through the real flows: place, pay, settle, ship, confirm, release, withdraw.
 */
import type { AccountDocument, CommissionDocument } from '@shared/ledger';
import type { Result } from '@shared/result';
import { useEmulator } from '../helpers/emulator';
import { settlementDone } from '../helpers/settlement';
import { placeAndPayTea, seedTeaShop, until } from '../helpers/teaShop';

const ADMIN = 'oADMIN';

describe('a disabled distributor', () => {
  const f = useEmulator({ timers: [], functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });
  const scan = <T>(collection: string): T[] => f.emu.emulator.store.scan(collection) as unknown as T[];
  const account = (id: string) => scan<AccountDocument>('accounts').find((doc) => doc._id === id);
  const earned = (orderId: string) =>
    scan<CommissionDocument>('commissions')
      .filter((commission) => commission.orderId === orderId)
      .map((commission) => [commission.beneficiaryId, commission.amountFen]);
  const admin = async (route: string, input: object) =>
    (await f.emu.call('admin', { $url: route, ...input }, { openid: ADMIN })).result as Result<any>;
  const withdraw = async (requestId: string) =>
    (
      await f.emu.call(
        'withdraw',
        { $url: 'request', requestId, amountFen: 2_560, channel: 'wechatTransfer' },
        { openid: 'oRef' },
      )
    ).result as Result<any>;
  const paidAndSettled = async (key: string, quantity: number) => {
    const orderId = await placeAndPayTea(f.emu, key, quantity);
    await until(() => settlementDone(f.emu.emulator.store, orderId), `settlement of ${key}`);
    return orderId;
  };

  beforeEach(() => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
    seedTeaShop(f.emu, { returnWindowDays: 7 });
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' }]);
  });

  it('earns nothing on a new order; what was frozen before is released on time but withdrawn only once enabled', async () => {
    const before = await paidAndSettled('before-disable', 2);
    expect(earned(before)).toEqual([
      ['oRef', 2_560],
      ['oTop', 1_280],
    ]);
    expect(await admin('setDistributorStatus', { userId: 'oRef', action: 'disable' })).toMatchObject({
      ok: true,
      data: { status: 'changed', to: 'disabled' },
    });

    // A new order: level 1 (oRef) earns nothing and nobody moves up in its place; level 2 still earns.
    const after = await paidAndSettled('after-disable', 1);
    expect(earned(after)).toEqual([['oTop', 640]]);
    expect(account('oRef')).toMatchObject({ frozenFen: 2_560, availableFen: 0 });

    // The earlier order completes; its return window ends and its commission is released as usual.
    expect(
      await admin('shipOrder', { orderId: before, carrier: '顺丰速运', trackingNo: 'SF1234567890' }),
    ).toMatchObject({ ok: true });
    const received = await f.emu.call('order', { $url: 'confirmReceipt', orderId: before }, { openid: 'oBuyer' });
    expect(received.result).toMatchObject({ ok: true });
    await f.emu.advanceClock(8 * 86_400_000);
    expect((await f.emu.runTimer('releaseCommissions', {})).result).toMatchObject({ ok: true });
    expect(account('oRef')).toMatchObject({ frozenFen: 0, availableFen: 2_560 });

    // Released, but a disabled distributor may not withdraw it...
    expect(await withdraw('disabled-0001')).toMatchObject({ ok: false, error: { code: 'DISTRIBUTOR_DISABLED' } });
    expect(account('oRef')).toMatchObject({ availableFen: 2_560, withdrawingFen: 0 });
    // ...until the merchant enables them again.
    expect(await admin('setDistributorStatus', { userId: 'oRef', action: 'enable' })).toMatchObject({ ok: true });
    expect(await withdraw('enabled-0001')).toMatchObject({ ok: true, data: { status: 'created' } });
    expect(account('oRef')).toMatchObject({ availableFen: 0, withdrawingFen: 2_560 });
  });
});
