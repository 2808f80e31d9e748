/**
 * A risk case's life (docs/rules.md section 9) against the emulator: the hold survives the release
 * run; approving clears it and the next run releases; voiding reverses the held commissions with
 * one riskVoid entry per account (account = Σ entries after every step); both replay their
 * recorded answer; a release run racing a void moves nothing twice.
 */
import type { AccountDocument, LedgerEntry } from '@shared/ledger';
import { useEmulator } from '../helpers/emulator';
import { checkAccounts, checkCommissions, checkConservation, checkShares, snapshotOf } from '../helpers/invariants';
import { seedRules } from '../helpers/referrals';
import { requestTeaRefund, TEA_SHOP_RULES, until } from '../helpers/teaShop';
import {
  admin,
  commissionsOfOrder,
  pastWindow,
  riskCaseOf,
  RISK_ON,
  seedAddressOf,
  seedRiskShop,
  settledTea,
} from './riskShop';

describe('风险审核: hold, approve, void', () => {
  const f = useEmulator({ runScheduler: false, timers: [], functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });
  const account = (id: string) =>
    f.emu.emulator.store.scan('accounts').find((doc) => doc._id === id) as unknown as AccountDocument;
  const entries = (kind: string) =>
    (f.emu.emulator.store.scan('ledgerEntries') as unknown as LedgerEntry[]).filter((entry) => entry.kind === kind);
  const statuses = (orderId: string) => commissionsOfOrder(f.emu, orderId).map((commission) => commission.status);
  const release = async () => (await f.emu.runTimer('releaseCommissions', {})).result;
  const invariants = () => {
    const snapshot = snapshotOf(f.emu.emulator.store);
    return [
      ...checkAccounts(snapshot),
      ...checkCommissions(snapshot),
      ...checkConservation(snapshot),
      ...checkShares(snapshot),
    ];
  };

  beforeEach(() => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
    seedRiskShop(f.emu);
    // oRef saved the buyer's phone (13900000000): every order of the buyer is held (sharedPhone).
    seedAddressOf(f.emu, 'oRef', '13900000000', '莫干山路 100 号');
  });

  /** A held order of 1 tea past its window: oRef 1 280 and oTop 640 frozen on hold. */
  async function heldOrderPastWindow(key: string): Promise<string> {
    const orderId = await settledTea(f.emu, key);
    expect(riskCaseOf(f.emu, orderId)?.status).toBe('open');
    await pastWindow(f.emu, orderId);
    return orderId;
  }

  it('the hold survives the release run; approve clears it and the next run releases; replays answer the decision', async () => {
    const orderId = await heldOrderPastWindow('hold-0001');
    expect(await release()).toMatchObject({ ok: true, data: { releasedCommissions: 0 } });
    expect(statuses(orderId)).toEqual(['frozen', 'frozen']);
    expect(account('oRef')).toMatchObject({ frozenFen: 1_280, availableFen: 0 });

    const listed = await admin(f.emu, 'listRiskCases', {});
    expect(listed).toMatchObject({
      ok: true,
      data: {
        openCount: 1,
        items: [{ caseId: `risk:${orderId}`, status: 'open', labels: ['买家与推广员手机号相同'] }],
      },
    });
    const detail = await admin(f.emu, 'riskCase', { caseId: `risk:${orderId}` });
    expect(detail).toMatchObject({
      ok: true,
      data: {
        signals: [{ kind: 'sharedPhone', beneficiaryId: 'oRef', detail: '手机尾号 0000' }],
        commissions: [
          { beneficiaryId: 'oRef', amountFen: 1_280, held: true },
          { beneficiaryId: 'oTop', amountFen: 640, held: true },
        ],
      },
    });

    // The dashboard's 待审核 card counts it.
    expect(await admin(f.emu, 'dashboard', {})).toMatchObject({ ok: true, data: { pending: { riskCases: 1 } } });
    const approved = await admin(f.emu, 'approveRiskCase', { caseId: `risk:${orderId}`, note: '同一家人，正常购买' });
    expect(approved).toMatchObject({
      ok: true,
      data: { status: 'decided', case: { status: 'approved', decidedBy: 'oADMIN', note: '同一家人，正常购买' } },
    });
    expect(await admin(f.emu, 'approveRiskCase', { caseId: `risk:${orderId}` })).toMatchObject({
      ok: true,
      data: { status: 'replayed', case: { status: 'approved', note: '同一家人，正常购买' } },
    });
    expect(await admin(f.emu, 'voidRiskCase', { caseId: `risk:${orderId}` })).toMatchObject({
      ok: false,
      error: { code: 'RISK_CASE_DECIDED' },
    });
    expect(await release()).toMatchObject({ ok: true, data: { releasedCommissions: 2 } });
    expect(account('oRef')).toMatchObject({ frozenFen: 0, availableFen: 1_280 });
    expect(invariants()).toEqual([]);
  });

  it('void reverses the held commissions from frozen with one riskVoid entry per account; a replay and the next run take nothing more', async () => {
    const orderId = await heldOrderPastWindow('void-0001');
    const voided = await admin(f.emu, 'voidRiskCase', { caseId: `risk:${orderId}`, note: '刷单' });
    expect(voided).toMatchObject({
      ok: true,
      data: { status: 'decided', case: { status: 'voided', voidedFen: 1_920 } },
    });
    expect(statuses(orderId)).toEqual(['reversed', 'reversed']);
    expect(commissionsOfOrder(f.emu, orderId).map((c) => [c.reversedFen, c.amountFen])).toEqual([
      [1_280, 1_280],
      [640, 640],
    ]);
    expect(entries('riskVoid').map((entry) => [entry._id, entry.deltas.frozenFen])).toEqual([
      [`riskVoid:${orderId}:oRef`, -1_280],
      [`riskVoid:${orderId}:oTop`, -640],
    ]);
    expect(account('oRef')).toMatchObject({ frozenFen: 0, availableFen: 0 });
    expect(invariants()).toEqual([]);

    expect(await admin(f.emu, 'voidRiskCase', { caseId: `risk:${orderId}` })).toMatchObject({
      ok: true,
      data: { status: 'replayed', case: { status: 'voided', voidedFen: 1_920, note: '刷单' } },
    });
    expect(await admin(f.emu, 'approveRiskCase', { caseId: `risk:${orderId}` })).toMatchObject({
      ok: false,
      error: { code: 'RISK_CASE_DECIDED' },
    });
    expect(await release()).toMatchObject({ ok: true, data: { releasedCommissions: 0 } });
    expect(entries('riskVoid')).toHaveLength(2);
    expect(invariants()).toEqual([]);
  });

  it('a void after a partial refund takes only what is left frozen', async () => {
    const orderId = await settledTea(f.emu, 'part-0001');
    expect(riskCaseOf(f.emu, orderId)?.status).toBe('open');
    // A price-only refund of half the line before the decision: the refund reverses half first.
    const made = await requestTeaRefund(f.emu, orderId, 'refund-part-0001', 6_400);
    expect(made).toMatchObject({ ok: true });
    const afterSaleId = made.data.afterSale.id as string;
    expect(await admin(f.emu, 'approveAfterSale', { afterSaleId })).toMatchObject({ ok: true });
    await f.emu.advanceClock(10_000);
    await until(() => commissionsOfOrder(f.emu, orderId)[0]?.reversedFen === 640, 'the refund to reverse half');
    const voided = await admin(f.emu, 'voidRiskCase', { caseId: `risk:${orderId}` });
    expect(voided).toMatchObject({ ok: true, data: { case: { voidedFen: 640 + 320 } } });
    expect(account('oRef')).toMatchObject({ frozenFen: 0 });
    expect(invariants()).toEqual([]);
  });

  it('a release run racing a void: the held commissions are voided, the others released, nothing moves twice', async () => {
    const heldId = await settledTea(f.emu, 'race-0001');
    // Risk off for the next order: it settles without a hold.
    seedRules(f.emu, { ...TEA_SHOP_RULES, returnWindowDays: 7, risk: { ...RISK_ON, enabled: false } }, 2);
    const cleanId = await settledTea(f.emu, 'race-0002');
    expect(riskCaseOf(f.emu, cleanId)).toBeUndefined();
    await pastWindow(f.emu, heldId);
    await pastWindow(f.emu, cleanId);

    // The release stops at its claim (its first write), after reading the due commissions.
    const rule = f.emu.injectFault({
      action: 'database.modifyDocument',
      function: 'releaseCommissions',
      kind: 'pause',
    });
    const run = f.emu.runTimer('releaseCommissions', {});
    await until(
      () => f.emu.emulator.faults.list().find((candidate) => candidate.id === rule.id)?.waiting === 1,
      'the release to pause at its claim',
    );
    expect(await admin(f.emu, 'voidRiskCase', { caseId: `risk:${heldId}` })).toMatchObject({ ok: true });
    f.emu.emulator.faults.release(rule.id);
    expect(((await run) as { result: unknown }).result).toMatchObject({ ok: true, data: { releasedCommissions: 2 } });
    f.emu.emulator.faults.clear();
    expect(await release()).toMatchObject({ ok: true, data: { releasedCommissions: 0 } });

    expect(statuses(heldId)).toEqual(['reversed', 'reversed']);
    expect(statuses(cleanId)).toEqual(['released', 'released']);
    expect(account('oRef')).toMatchObject({ frozenFen: 0, availableFen: 1_280 });
    expect(account('oTop')).toMatchObject({ frozenFen: 0, availableFen: 640 });
    expect(invariants()).toEqual([]);
  });
});
