/**
 * A release and an after-sale request meeting on the same commission (docs/rules.md section 6,
 * Held). The request's transaction marks the line's frozen commissions (`heldBy`) and the release
 * claims only unmarked ones, so whichever writes the commission first decides: a request that
 * lands between the release's hold read and its claim keeps its commission frozen, and a request
 * made while a batch holds the commission is refused until the batch is done. The interleavings
 * are exact: a `pause` fault stops the release at the chosen request until the test lets it go.
 */
import type { AccountDocument, CommissionDocument } from '@shared/ledger';
import type { Result } from '@shared/result';
import { useEmulator } from '../helpers/emulator';
import { requestTeaRefund, seedTeaShop, teaOrderPastWindow, until } from '../helpers/teaShop';

const ADMIN = 'oADMIN';

describe('the release and the after-sale hold, decided on the commission', () => {
  const f = useEmulator({ runScheduler: false, timers: [], functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });
  const byId = <T>(collection: string, id: string): T =>
    f.emu.emulator.store.scan(collection).find((doc) => doc._id === id) as T;
  const account = (id: string) => byId<AccountDocument>('accounts', id);
  const commission = (orderId: string, level: number) =>
    byId<CommissionDocument>('commissions', `c:${orderId}:0:${level}`);
  const admin = async (route: string, input: object) =>
    (await f.emu.call('admin', { $url: route, ...input }, { openid: ADMIN })).result as Result<any>;
  const request = async (orderId: string, key: string) =>
    (await requestTeaRefund(f.emu, orderId, key, 12_800)) as Result<any>;

  beforeEach(() => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
    seedTeaShop(f.emu, { returnWindowDays: 7 });
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' }]);
  });

  /** A settled, completed order whose return window has just ended (oRef earns 2560, oTop 1280). */
  const dueOrder = (key: string): Promise<string> => teaOrderPastWindow(f.emu, ADMIN, key);

  /** Starts a release run that stops at its first request of `action`; answers the run and the rule id. */
  async function pausedRelease(action: string): Promise<{ run: Promise<unknown>; ruleId: string }> {
    const rule = f.emu.injectFault({ action, function: 'releaseCommissions', kind: 'pause' });
    const run = f.emu.runTimer('releaseCommissions', {});
    await until(
      () => f.emu.emulator.faults.list().find((candidate) => candidate.id === rule.id)?.waiting === 1,
      `the release to pause at ${action}`,
    );
    return { run, ruleId: rule.id };
  }

  it('a request that lands between the hold read and the claim keeps its commissions frozen', async () => {
    const orderId = await dueOrder('race-0001');
    // The claim is the run's first write: it stops there, after reading the due commissions and the holds.
    const { run, ruleId } = await pausedRelease('database.modifyDocument');
    const made = await request(orderId, 'refund-0001');
    expect(made).toMatchObject({ ok: true, data: { status: 'created' } });
    f.emu.emulator.faults.release(ruleId);
    expect(((await run) as { result: unknown }).result).toMatchObject({
      ok: true,
      data: { releasedCommissions: 0, held: 0 },
    });
    expect([commission(orderId, 1).status, commission(orderId, 2).status]).toEqual(['frozen', 'frozen']);
    expect(account('oRef')).toMatchObject({ frozenFen: 2_560, availableFen: 0 });
    f.emu.emulator.faults.clear();

    // While the request is open, later runs hold the line.
    expect((await f.emu.runTimer('releaseCommissions', {})).result).toMatchObject({
      ok: true,
      data: { releasedCommissions: 0, held: 2 },
    });
    // Refused: the hold ends, and the next run clears the marker and releases.
    const id = made.ok ? (made.data.afterSale.id as string) : '';
    expect(await admin('refuseAfterSale', { afterSaleId: id, reason: '不符合退款条件' })).toMatchObject({ ok: true });
    expect((await f.emu.runTimer('releaseCommissions', {})).result).toMatchObject({
      ok: true,
      data: { releasedCommissions: 2, held: 0 },
    });
    expect(commission(orderId, 1)).toMatchObject({ status: 'released', heldBy: null });
    expect(account('oRef')).toMatchObject({ frozenFen: 0, availableFen: 2_560 });
  });

  it('a request while a batch holds the commission waits for the batch, then claws back what it released', async () => {
    const orderId = await dueOrder('race-0002');
    // Claimed (releasing), not yet credited: the crediting transaction is paused.
    const { run, ruleId } = await pausedRelease('database.startTransaction');
    expect(commission(orderId, 1).status).toBe('releasing');
    expect(await request(orderId, 'refund-0002')).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    f.emu.emulator.faults.release(ruleId);
    expect(((await run) as { result: unknown }).result).toMatchObject({ ok: true, data: { releasedCommissions: 2 } });
    f.emu.emulator.faults.clear();
    // The batch is done: the request is taken, and its refund claws the released amount back.
    const made = await request(orderId, 'refund-0002');
    expect(made).toMatchObject({ ok: true, data: { status: 'created' } });
    const id = made.ok ? (made.data.afterSale.id as string) : '';
    expect(await admin('approveAfterSale', { afterSaleId: id })).toMatchObject({ ok: true });
    await f.emu.advanceClock(10_000);
    expect([commission(orderId, 1).clawedBackFen, account('oRef').availableFen]).toEqual([1_280, 1_280]);
  });
});
