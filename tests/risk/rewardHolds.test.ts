/**
 * A risk hold covers the rewards of its order, not only its commissions (docs/rules.md section 9):
 * the invite reward of a first order whose commissions a signal put on hold is granted on hold
 * too, is not released when the return window ends, is released after 审核通过 and voided with
 * its own entry after 作废; a case voided before the reward's grant leaves the invitee unrewarded.
 * The decision is also written on the order, which the team bonus reads (tests/teamBonus/riskHolds).
 *
 * The tea shop: oTop ← oRef ← oBuyer, one tea 12 800 fen: oRef 1 280, oTop 640, and an invite
 * reward of 500 fen for oRef. The referrer saved the buyer's phone: the sharedPhone signal.
 */
import type { AccountDocument, LedgerEntry } from '@shared/ledger';
import type { OrderDocument } from '@shared/orders';
import type { RewardDocument } from '@shared/rewards';
import type { InviteRewardRules } from '@shared/inviteReward';
import { useEmulator } from '../helpers/emulator';
import { checkAccounts, checkConservation, checkCrossBalances, snapshotOf } from '../helpers/invariants';
import { seedRules } from '../helpers/referrals';
import { BUYER, TEA_SHOP_RULES, until } from '../helpers/teaShop';
import { admin, pastWindow, riskCaseOf, RISK_ON, seedAddressOf, seedRiskShop, settledTea } from './riskShop';

const INVITE: InviteRewardRules = { enabled: true, amountFen: 500, dailyCap: 5, minOrderFen: 0 };

describe('risk holds on rewards', () => {
  const f = useEmulator({ runScheduler: false, timers: [], functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });
  const scan = <T>(collection: string): T[] => f.emu.emulator.store.scan(collection) as unknown as T[];
  const byId = <T extends { _id: string }>(collection: string, id: string): T | undefined =>
    scan<T>(collection).find((doc) => doc._id === id);
  const reward = () => byId<RewardDocument>('rewards', `ir:${BUYER}`);
  const account = (userId: string) => byId<AccountDocument>('accounts', userId);
  const order = (orderId: string) => byId<OrderDocument>('orders', orderId) as OrderDocument;

  function ledgerProblems(): string[] {
    const snapshot = snapshotOf(f.emu.emulator.store);
    return [...checkAccounts(snapshot), ...checkConservation(snapshot), ...checkCrossBalances(snapshot)];
  }

  /** The buyer's first order, paid and settled, with the invite decision made; answers its id. */
  async function heldFirstOrder(key: string): Promise<string> {
    seedRiskShop(f.emu, RISK_ON, { inviteReward: INVITE });
    seedAddressOf(f.emu, 'oRef', '139 0000 0000', '莫干山路 100 号');
    const orderId = await settledTea(f.emu, key);
    await until(() => order(orderId).settlement.invite !== 'pending', 'the invite decision');
    return orderId;
  }

  beforeEach(() => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
  });

  it('the invite reward of a held order is held with it: not released after the window, released on approval', async () => {
    const orderId = await heldFirstOrder('hold-0001');
    const caseId = `risk:${orderId}`;
    expect(order(orderId).settlement).toMatchObject({ invite: 'granted', risk: 'open' });
    expect(reward()).toMatchObject({ beneficiaryId: 'oRef', amountFen: 500, status: 'frozen', riskHold: caseId });
    expect(riskCaseOf(f.emu, orderId)).toMatchObject({ rewardIds: [`ir:${BUYER}`], heldFen: 1_280 + 640 + 500 });
    expect(account('oRef')).toMatchObject({ frozenFen: 1_780, availableFen: 0 });

    await pastWindow(f.emu, orderId);
    const run = await f.emu.runTimer('releaseCommissions', {});
    expect(run.result).toMatchObject({ ok: true, data: { releasedCommissions: 0, releasedRewards: 0 } });
    expect(reward()).toMatchObject({ status: 'frozen', releaseAt: order(orderId).returnWindowEndsAt });
    expect(account('oRef')).toMatchObject({ frozenFen: 1_780, availableFen: 0 });

    // The distributor sees both waiting for the merchant's review, not a date that has passed.
    const distributor = async (route: string, input: object) =>
      (await f.emu.call('distributor', { $url: route, ...input }, { openid: 'oRef' })).result;
    expect(await distributor('commissions', { page: 1, pageSize: 10 })).toMatchObject({
      ok: true,
      data: { commissions: [{ status: 'frozen', pending: { reason: 'RISK_REVIEW', until: null } }] },
    });
    expect(await distributor('inviteRewards', { page: 1, pageSize: 10 })).toMatchObject({
      ok: true,
      data: { rewards: [{ statusLabel: '待审核', underReview: true }] },
    });

    const shown = await admin(f.emu, 'riskCase', { caseId });
    expect(shown).toMatchObject({
      ok: true,
      data: { rewards: [{ rewardId: `ir:${BUYER}`, kind: 'inviteReward', amountFen: 500, held: true }] },
    });
    expect(await admin(f.emu, 'approveRiskCase', { caseId, note: '' })).toMatchObject({ ok: true });
    expect(reward()?.riskHold).toBeNull();
    expect(order(orderId).settlement.risk).toBe('approved');
    const after = await f.emu.runTimer('releaseCommissions', {});
    expect(after.result).toMatchObject({ ok: true, data: { releasedRewards: 1 } });
    expect(reward()?.status).toBe('released');
    expect(account('oRef')).toMatchObject({ frozenFen: 0, availableFen: 1_780 });
    expect(ledgerProblems()).toEqual([]);
  });

  it('作废 voids the held invite reward with its own entry, in the same decision as the commissions', async () => {
    const orderId = await heldFirstOrder('hold-0002');
    const caseId = `risk:${orderId}`;
    const voided = await admin(f.emu, 'voidRiskCase', { caseId, note: '刷单' });
    expect(voided).toMatchObject({
      ok: true,
      data: { case: { status: 'voided', voidedFen: 2_420, rewards: [{ status: 'voided', held: true }] } },
    });
    expect(reward()).toMatchObject({ status: 'voided', amountFen: 500 });
    expect(reward()?.history.map((event) => event.event)).toEqual(['granted', 'voided']);
    expect(order(orderId).settlement.risk).toBe('voided');
    expect(account('oRef')).toMatchObject({ frozenFen: 0, availableFen: 0 });
    expect(account('oTop')).toMatchObject({ frozenFen: 0, availableFen: 0 });
    const entries = scan<LedgerEntry>('ledgerEntries').filter((entry) => entry.userId === 'oRef');
    const voids = entries.filter((entry) => entry.kind === 'riskVoid' || entry.kind === 'rewardVoid');
    expect(voids.map((entry) => [entry.kind, entry.deltas.frozenFen]).sort()).toEqual([
      ['rewardVoid', -500],
      ['riskVoid', -1_280],
    ]);

    await pastWindow(f.emu, orderId);
    const run = await f.emu.runTimer('releaseCommissions', {});
    expect(run.result).toMatchObject({ ok: true, data: { releasedCommissions: 0, releasedRewards: 0 } });
    expect(account('oRef')).toMatchObject({ frozenFen: 0, availableFen: 0 });
    expect(ledgerProblems()).toEqual([]);
  });

  it('a case voided before the invite decision leaves the invitee unrewarded; an unheld order is rewarded as usual', async () => {
    seedRiskShop(f.emu, RISK_ON, { inviteReward: { ...INVITE, enabled: false } });
    seedAddressOf(f.emu, 'oRef', '139 0000 0000', '莫干山路 100 号');
    const orderId = await settledTea(f.emu, 'hold-0003');
    expect(order(orderId).settlement.invite).toBeUndefined();
    // As if settlement had marked it and crashed before deciding, with the reward on.
    seedRules(f.emu, { ...TEA_SHOP_RULES, returnWindowDays: 7, risk: RISK_ON, inviteReward: INVITE });
    f.emu.emulator.put('orders', orderId, {
      ...(order(orderId) as unknown as Record<string, unknown>),
      settlement: { ...order(orderId).settlement, invite: 'pending' },
    });
    expect(await admin(f.emu, 'voidRiskCase', { caseId: `risk:${orderId}`, note: '' })).toMatchObject({ ok: true });
    await f.emu.advanceClock(120_000);
    expect((await f.emu.runTimer('sweepSettlements', {})).result).toMatchObject({ ok: true, data: { invites: 1 } });
    expect(order(orderId).settlement.invite).toBe('riskVoided');
    expect(reward()).toBeUndefined();
    expect(ledgerProblems()).toEqual([]);

    f.emu.reset();
    seedRiskShop(f.emu, RISK_ON, { inviteReward: INVITE });
    seedAddressOf(f.emu, 'oRef', '13700001111', '莫干山路 100 号');
    const clean = await settledTea(f.emu, 'hold-0004');
    await until(() => order(clean).settlement.invite !== 'pending', 'the invite decision');
    expect(order(clean).settlement.risk).toBeUndefined();
    expect(reward()).toMatchObject({ status: 'frozen', riskHold: null });
  });
});
