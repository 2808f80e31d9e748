/**
 * Exit with final settlement (docs/team.md section 4), through the real flows: place, pay, settle,
 * ship, confirm, release, withdraw. The tea shop's chain is oTop ← oRef ← oBuyer; oRef leaves.
 * Under `keep` their frozen commission still releases after the window and can be withdrawn; under
 * `forfeit` it is forfeited at the exit (one `forfeit` entry) while the available balance stays
 * withdrawable. Either way the buyer is handed to oTop for new orders only.
 */
import type { DistributorExitDocument } from '@shared/exit';
import type { AccountDocument, CommissionDocument, LedgerEntry } from '@shared/ledger';
import type { Result } from '@shared/result';
import type { Rules } from '@shared/rules';
import type { UserDocument } from '@shared/users';
import { useEmulator } from '../helpers/emulator';
import {
  checkAccounts,
  checkChains,
  checkCommissions,
  checkConservation,
  checkOnce,
  snapshotOf,
} from '../helpers/invariants';
import { settlementDone } from '../helpers/settlement';
import { BUYER, placeAndPayTea, seedTeaShop, teaOrderPastWindow, until } from '../helpers/teaShop';

const ADMIN = 'oADMIN';

describe('exit with final settlement', () => {
  const f = useEmulator({ runScheduler: false, timers: [], functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });
  const scan = <T>(collection: string): T[] => f.emu.emulator.store.scan(collection) as unknown as T[];
  const byId = <T extends { _id: string }>(collection: string, id: string): T | undefined =>
    scan<T>(collection).find((doc) => doc._id === id);
  const account = (id: string) => byId<AccountDocument>('accounts', id);
  const user = (id: string) => byId<UserDocument>('users', id) as UserDocument;
  const commission = (orderId: string, level: number) =>
    byId<CommissionDocument>('commissions', `c:${orderId}:0:${level}`) as CommissionDocument;
  const earned = (orderId: string) =>
    scan<CommissionDocument>('commissions')
      .filter((doc) => doc.orderId === orderId)
      .map((doc) => [doc.beneficiaryId, doc.amountFen]);
  const admin = async (route: string, input: object) =>
    (await f.emu.call('admin', { $url: route, ...input }, { openid: ADMIN })).result as Result<any>;
  const distributor = async (route: string, openid = 'oRef', input: object = {}) =>
    (await f.emu.call('distributor', { $url: route, ...input }, { openid })).result as Result<any>;
  const withdraw = async (requestId: string, amountFen: number) =>
    (
      await f.emu.call(
        'withdraw',
        { $url: 'request', requestId, amountFen, channel: 'wechatTransfer' },
        { openid: 'oRef' },
      )
    ).result as Result<any>;
  const paidAndSettled = async (key: string, quantity: number) => {
    const orderId = await placeAndPayTea(f.emu, key, quantity);
    await until(() => settlementDone(f.emu.emulator.store, orderId), `settlement of ${key}`);
    return orderId;
  };
  const complete = async (orderId: string) => {
    expect(await admin('shipOrder', { orderId, carrier: '顺丰速运', trackingNo: 'SF1234567890' })).toMatchObject({
      ok: true,
    });
    const received = await f.emu.call('order', { $url: 'confirmReceipt', orderId }, { openid: BUYER });
    expect(received.result).toMatchObject({ ok: true });
  };
  const release = async () => (await f.emu.runTimer('releaseCommissions', {})).result as Result<any>;
  const problems = () => {
    const snapshot = snapshotOf(f.emu.emulator.store);
    return [
      ...checkAccounts(snapshot),
      ...checkCommissions(snapshot),
      ...checkConservation(snapshot),
      ...checkOnce(snapshot),
      ...checkChains(snapshot),
    ];
  };
  const exitRecord = () => byId<DistributorExitDocument>('distributorExits', 'exit:oRef:1');

  function setup(changes: Partial<Rules> = {}): void {
    f.emu.emulator.faults.clear();
    f.emu.reset();
    seedTeaShop(f.emu, { returnWindowDays: 7, ...changes });
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' }]);
  }

  it('keep: frozen commission still releases after the window and is withdrawn; the buyer goes to oTop for new orders only', async () => {
    setup();
    const before = await paidAndSettled('before-exit', 2);
    expect(earned(before)).toEqual([
      ['oRef', 2_560],
      ['oTop', 1_280],
    ]);
    expect(await distributor('exit')).toEqual({ ok: true, data: { distributorStatus: 'exited' } });
    expect(exitRecord()).toMatchObject({
      by: 'self',
      frozenOnExit: 'keep',
      forfeitedFen: 0,
      uplineId: 'oTop',
      memberChain: ['oTop'],
      handover: { status: 'done', movedMembers: 1 },
    });
    // The buyer now belongs to oTop; the order placed before keeps its chain.
    expect(user(BUYER)).toMatchObject({ referrerId: 'oTop', ancestors: ['oTop'] });
    expect(scan<{ _id: string; chain: string[] }>('orders').find((order) => order._id === before)?.chain).toEqual([
      'oRef',
      'oTop',
    ]);
    const after = await paidAndSettled('after-exit', 1);
    expect(earned(after)).toEqual([['oTop', 1_280]]);

    // The order placed before completes; its window ends and oRef's commission is released as usual.
    await complete(before);
    await f.emu.advanceClock(8 * 86_400_000);
    expect(await release()).toMatchObject({ ok: true });
    expect(account('oRef')).toMatchObject({ frozenFen: 0, availableFen: 2_560 });
    // A final withdrawal of the available balance is allowed after the exit.
    expect(await withdraw('final-0001', 2_560)).toMatchObject({ ok: true, data: { status: 'created' } });
    expect(account('oRef')).toMatchObject({ availableFen: 0, withdrawingFen: 2_560 });
    expect(problems()).toEqual([]);

    // The center shows the final state.
    expect(await distributor('center')).toMatchObject({
      ok: true,
      data: {
        status: 'exited',
        exit: { frozenOnExit: 'keep', record: { by: 'self', forfeitedFen: 0, handoverStatus: 'done' } },
      },
    });
  });

  it('forfeit: frozen becomes forfeited with one entry, available stays withdrawable, replays change nothing', async () => {
    setup({ exit: { frozenOnExit: 'forfeit', rejoin: { kind: 'allowed' } } });
    const released = await teaOrderPastWindow(f.emu, ADMIN, 'released-0001');
    expect(await release()).toMatchObject({ ok: true, data: { releasedCommissions: 2 } });
    const frozen = await paidAndSettled('frozen-0001', 1);
    expect(account('oRef')).toMatchObject({ frozenFen: 1_280, availableFen: 2_560 });

    expect(await distributor('exit')).toMatchObject({ ok: true });
    expect(account('oRef')).toMatchObject({ frozenFen: 0, availableFen: 2_560 });
    expect(commission(frozen, 1)).toMatchObject({
      status: 'reversed',
      reversedFen: 1_280,
      forfeitedBy: 'exit:oRef:1',
      forfeitedFen: 1_280,
    });
    expect(commission(released, 1).status).toBe('released');
    // oTop's commission on the same order is untouched.
    expect(commission(frozen, 2)).toMatchObject({ status: 'frozen', reversedFen: 0 });
    const entries = scan<LedgerEntry>('ledgerEntries').filter((entry) => entry.kind === 'forfeit');
    expect(entries).toEqual([
      expect.objectContaining({
        _id: 'forfeit:exit:oRef:1',
        userId: 'oRef',
        deltas: { frozenFen: -1_280, availableFen: 0, withdrawingFen: 0, withdrawnFen: 0 },
        ref: { exitId: 'exit:oRef:1', commissionIds: [`c:${frozen}:0:1`] },
      }),
    ]);
    expect(exitRecord()).toMatchObject({ frozenOnExit: 'forfeit', forfeitedFen: 1_280, forfeitedCommissions: 1 });

    // Replays: the distributor's own exit again, the merchant's removal of someone already gone.
    const state = () =>
      JSON.stringify(['users', 'accounts', 'ledgerEntries', 'commissions', 'distributorExits'].map(scan));
    const frozenState = state();
    expect(await distributor('exit')).toEqual({ ok: true, data: { distributorStatus: 'exited' } });
    expect(await admin('removeDistributor', { userId: 'oRef', reason: '重复操作' })).toMatchObject({
      ok: true,
      data: { status: 'unchanged', exitId: 'exit:oRef:1', forfeitedFen: 0 },
    });
    expect(state()).toBe(frozenState);

    // The forfeited commission's order completes: nothing is released for oRef, oTop's is.
    await complete(frozen);
    await f.emu.advanceClock(8 * 86_400_000);
    expect(await release()).toMatchObject({ ok: true, data: { releasedCommissions: 1 } });
    expect(account('oRef')).toMatchObject({ frozenFen: 0, availableFen: 2_560 });
    expect(await withdraw('final-0002', 2_560)).toMatchObject({ ok: true, data: { status: 'created' } });
    expect(problems()).toEqual([]);
    const commissionView = await distributor('commission', 'oRef', { id: `c:${frozen}:0:1` });
    expect(JSON.stringify(commissionView)).toContain('退出推广，冻结佣金 ¥12.80 作废');
  });

  describe('an exit while a release batch runs', () => {
    async function pausedRelease(action: string): Promise<{ run: Promise<unknown>; ruleId: string }> {
      const rule = f.emu.injectFault({ action, function: 'releaseCommissions', kind: 'pause' });
      const run = f.emu.runTimer('releaseCommissions', {});
      await until(
        () => f.emu.emulator.faults.list().find((candidate) => candidate.id === rule.id)?.waiting === 1,
        `the release to pause at ${action}`,
      );
      return { run, ruleId: rule.id };
    }

    it('an exit before the claim forfeits: the batch claims nothing of oRef', async () => {
      setup({ exit: { frozenOnExit: 'forfeit', rejoin: { kind: 'allowed' } } });
      const orderId = await teaOrderPastWindow(f.emu, ADMIN, 'race-0001');
      const { run, ruleId } = await pausedRelease('database.modifyDocument');
      expect(await distributor('exit')).toMatchObject({ ok: true });
      f.emu.emulator.faults.release(ruleId);
      expect(((await run) as { result: unknown }).result).toMatchObject({ ok: true, data: { releasedCommissions: 1 } });
      f.emu.emulator.faults.clear();
      expect(commission(orderId, 1)).toMatchObject({ status: 'reversed', forfeitedFen: 2_560 });
      expect(commission(orderId, 2).status).toBe('released');
      expect(account('oRef')).toMatchObject({ frozenFen: 0, availableFen: 0 });
      expect(problems()).toEqual([]);
    });

    it('an exit after the claim leaves the claimed commission to its batch, which releases it', async () => {
      setup({ exit: { frozenOnExit: 'forfeit', rejoin: { kind: 'allowed' } } });
      const orderId = await teaOrderPastWindow(f.emu, ADMIN, 'race-0002');
      const { run, ruleId } = await pausedRelease('database.startTransaction');
      expect(commission(orderId, 1).status).toBe('releasing');
      expect(await distributor('exit')).toMatchObject({ ok: true });
      expect(exitRecord()).toMatchObject({ forfeitedFen: 0, forfeitedCommissions: 0 });
      f.emu.emulator.faults.release(ruleId);
      expect(((await run) as { result: unknown }).result).toMatchObject({ ok: true, data: { releasedCommissions: 2 } });
      f.emu.emulator.faults.clear();
      expect(commission(orderId, 1).status).toBe('released');
      expect(account('oRef')).toMatchObject({ frozenFen: 0, availableFen: 2_560 });
      expect(scan<LedgerEntry>('ledgerEntries').filter((entry) => entry.kind === 'forfeit')).toEqual([]);
      expect(problems()).toEqual([]);
    });
  });
});
