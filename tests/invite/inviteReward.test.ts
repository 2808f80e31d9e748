/**
 * The invite reward (拉新奖励, docs/team.md section 3) end to end on the emulator: earned when a
 * bound shopper's first paid order settles (never on binding), frozen until that order's return
 * window has ended, capped per distributor and day, never twice for the same invitee (an account
 * that was removed and came back included), taken back when the first order is refunded in full.
 *
 * The tea shop: oTop ← oRef ← oBuyer, one tea 12 800 fen. A reward of 500 fen, cap 2 a day.
 */
import type { AfterSaleDocument } from '@shared/afterSales';
import type { AccountDocument } from '@shared/ledger';
import type { OrderDocument } from '@shared/orders';
import type { Result } from '@shared/result';
import type { RewardDocument } from '@shared/rewards';
import type { InviteRewardRules } from '@shared/inviteReward';
import { useEmulator } from '../helpers/emulator';
import { checkAccounts, checkConservation, checkCrossBalances, snapshotOf } from '../helpers/invariants';
import { seedAddress } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';
import { settlementDone } from '../helpers/settlement';
import {
  BUYER,
  placeAndPayTea,
  requestTeaRefund,
  seedTeaShop,
  TEA_SHOP_RULES,
  TEA_SKU,
  teaOrderPastWindow,
  until,
} from '../helpers/teaShop';

const ADMIN = 'oADMIN';
const INVITE: InviteRewardRules = { enabled: true, amountFen: 500, dailyCap: 2, minOrderFen: 0 };

describe('invite reward (拉新奖励)', () => {
  const f = useEmulator({ runScheduler: false, timers: [], functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });
  const scan = <T>(collection: string): T[] => f.emu.emulator.store.scan(collection) as unknown as T[];
  const byId = <T extends { _id: string }>(collection: string, id: string): T | undefined =>
    scan<T>(collection).find((doc) => doc._id === id);
  const reward = (invitee: string) => byId<RewardDocument>('rewards', `ir:${invitee}`);
  const account = (userId: string) => byId<AccountDocument>('accounts', userId);
  const order = (orderId: string) => byId<OrderDocument>('orders', orderId) as OrderDocument;
  const admin = async (route: string, input: object) =>
    (await f.emu.call('admin', { $url: route, ...input }, { openid: ADMIN })).result as Result<any>;

  function ledgerProblems(): string[] {
    const snapshot = snapshotOf(f.emu.emulator.store);
    return [...checkAccounts(snapshot), ...checkConservation(snapshot), ...checkCrossBalances(snapshot)];
  }

  /** Waits until the order is settled and its invite decision is no longer pending; answers the decision. */
  async function decided(orderId: string): Promise<OrderDocument['settlement']['invite']> {
    await until(
      () => settlementDone(f.emu.emulator.store, orderId) && order(orderId).settlement.invite !== 'pending',
      `the settlement and invite decision of ${orderId}`,
    );
    return order(orderId).settlement.invite;
  }

  /** `buyer` (seeded bound to `referrer` when given) places one tea and pays it; answers the order id. */
  async function buyOne(buyer: string, key: string): Promise<string> {
    const placed = await f.emu.call(
      'placeOrder',
      { items: [{ skuId: TEA_SKU, quantity: 1 }], addressId: `addr-${buyer}`, idempotencyKey: key },
      { openid: buyer },
    );
    const orderId = (placed.result as { data: { orderId: string } }).data.orderId;
    await fetch(`${f.emu.url}/_emulator/payments/${orderId}/pay`, { method: 'POST' });
    return orderId;
  }

  function newShopper(id: string, referrerId: string | null, ancestors: string[]): void {
    seedUsers(f.emu, [{ id, ...(referrerId ? { referrerId, ancestors } : {}) }]);
    seedAddress(f.emu, id);
  }

  async function refundAll(orderId: string, key: string, amountFen: number): Promise<void> {
    const made = await requestTeaRefund(f.emu, orderId, key, amountFen);
    expect(made).toMatchObject({ ok: true });
    const id = made.data.afterSale.id as string;
    expect(await admin('approveAfterSale', { afterSaleId: id })).toMatchObject({ ok: true });
    await f.emu.advanceClock(10_000);
    await until(() => byId<AfterSaleDocument>('afterSales', id)?.status === 'refunded', 'the refund');
  }

  /** The tea shop's rules with this invite reward section. */
  const rules = (inviteReward: InviteRewardRules) =>
    seedRules(f.emu, { ...TEA_SHOP_RULES, returnWindowDays: 7, inviteReward });

  beforeEach(() => {
    f.emu.reset();
    seedTeaShop(f.emu, { returnWindowDays: 7, inviteReward: INVITE });
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' }]);
  });

  it('grants nothing on binding, 500 fen frozen at the first paid order, released after its return window', async () => {
    newShopper('oNew', null, []);
    const shareCode = byId<{ _id: string; shareCode: string }>('users', 'oRef')?.shareCode;
    const bound = await f.emu.call('bindReferrer', { shareCode }, { openid: 'oNew' });
    expect(bound.result).toMatchObject({ ok: true });
    expect(scan('rewards')).toHaveLength(0);

    const orderId = await teaOrderPastWindow(f.emu, ADMIN, 'first-0001');
    expect(await decided(orderId)).toBe('granted');
    expect(reward(BUYER)).toMatchObject({ kind: 'inviteReward', beneficiaryId: 'oRef', amountFen: 500, orderId });
    // 2 teas: oRef earns 2 560 commission, plus the 500 fen reward, all frozen.
    expect(account('oRef')).toMatchObject({ frozenFen: 3_060, availableFen: 0 });
    expect(reward(BUYER)?.explanation.map((line) => line.kind)).toEqual(['order', 'amount']);
    // oRef sees it on 拉新奖励 with the invitee and the rule; the invitee's referrer's upline sees none.
    const listed = await f.emu.call(
      'distributor',
      { $url: 'inviteRewards', page: 1, pageSize: 10 },
      { openid: 'oRef' },
    );
    expect(listed.result).toMatchObject({
      ok: true,
      data: {
        rule: { enabled: true, amountFen: 500, dailyCap: 2 },
        rewards: [{ id: `ir:${BUYER}`, inviteeName: BUYER, amountFen: 500, statusLabel: '冻结中', orderId }],
        hasMore: false,
      },
    });
    const none = await f.emu.call('distributor', { $url: 'inviteRewards', page: 1, pageSize: 10 }, { openid: 'oTop' });
    expect(none.result).toMatchObject({ ok: true, data: { rewards: [] } });

    // The order completed 8 days ago: the release run dates the reward, then releases it with the commission.
    const run = await f.emu.runTimer('releaseCommissions', {});
    expect(run.result).toMatchObject({ ok: true, data: { releasedRewards: 1 } });
    expect(reward(BUYER)).toMatchObject({ status: 'released', releaseAt: order(orderId).returnWindowEndsAt });
    expect(account('oRef')).toMatchObject({ frozenFen: 0, availableFen: 3_060 });

    // A second order of the same buyer earns no second reward.
    const second = await placeAndPayTea(f.emu, 'second-0001', 1);
    expect(await decided(second)).toBe('rewarded');
    expect(scan<RewardDocument>('rewards')).toHaveLength(1);
    expect(ledgerProblems()).toEqual([]);
  });

  it('keeps the reward frozen until the order completes and its window ends', async () => {
    const orderId = await placeAndPayTea(f.emu, 'frozen-0001', 1);
    expect(await decided(orderId)).toBe('granted');
    expect(reward(BUYER)).toMatchObject({ status: 'frozen', releaseAt: null });
    await f.emu.advanceClock(30 * 86_400_000);
    // Not completed (never shipped): nothing dates or releases the reward.
    expect((await f.emu.runTimer('releaseCommissions', {})).result).toMatchObject({ data: { releasedRewards: 0 } });
    expect(reward(BUYER)).toMatchObject({ status: 'frozen', releaseAt: null });
  });

  it('caps the rewards per distributor and day; the capped invitee never earns one later', async () => {
    for (const id of ['oA', 'oB', 'oC']) newShopper(id, 'oRef', ['oRef', 'oTop']);
    const orders = [
      await buyOne('oA', 'cap-a-0001'),
      await buyOne('oB', 'cap-b-0001'),
      await buyOne('oC', 'cap-c-0001'),
    ];
    const outcomes = await Promise.all(orders.map((orderId) => decided(orderId)));
    expect(outcomes.filter((outcome) => outcome === 'granted')).toHaveLength(2);
    expect(outcomes.filter((outcome) => outcome === 'capped')).toHaveLength(1);
    expect(scan<RewardDocument>('rewards').filter((doc) => doc.beneficiaryId === 'oRef')).toHaveLength(2);
    const capped = ['oA', 'oB', 'oC'][outcomes.indexOf('capped')] as string;
    // The next day the capped invitee's second order is not a first order.
    await f.emu.advanceClock(86_400_000);
    expect(await decided(await buyOne(capped, 'cap-x-0002'))).toBe('notFirstOrder');
    expect(reward(capped)).toBeUndefined();
    // Another new invitee the next day takes a fresh slot.
    newShopper('oD', 'oRef', ['oRef', 'oTop']);
    expect(await decided(await buyOne('oD', 'cap-d-0001'))).toBe('granted');
    expect(ledgerProblems()).toEqual([]);
  });

  it('takes the reward back when the first order is refunded in full; the next order earns none', async () => {
    const orderId = await placeAndPayTea(f.emu, 'refund-0001', 1);
    expect(await decided(orderId)).toBe('granted');
    await refundAll(orderId, 'ask-00001', 5_000);
    // A partial refund keeps the reward (the invitee did buy).
    expect(reward(BUYER)?.status).toBe('frozen');
    await refundAll(orderId, 'ask-00002', 12_800 - 5_000);
    expect(reward(BUYER)).toMatchObject({ status: 'voided' });
    expect(account('oRef')).toMatchObject({ frozenFen: 0 });
    const next = await placeAndPayTea(f.emu, 'refund-0002', 1);
    expect(await decided(next)).toBe('rewarded');
    expect(account('oRef')?.frozenFen).toBe(1_280);
    expect(ledgerProblems()).toEqual([]);
  });

  it('never rewards a re-registered account twice', async () => {
    const orderId = await placeAndPayTea(f.emu, 'again-0001', 1);
    expect(await decided(orderId)).toBe('granted');
    // The account is removed and comes back (same OPENID), bound to oTop this time.
    f.emu.emulator.put('users', BUYER, null);
    newShopper(BUYER, 'oTop', ['oTop']);
    const again = await placeAndPayTea(f.emu, 'again-0002', 1);
    expect(await decided(again)).toBe('rewarded');
    expect(scan<RewardDocument>('rewards').filter((doc) => doc.beneficiaryId === 'oTop')).toHaveLength(0);
  });

  it('rewards nothing for a customer who paid before being bound, nor when the reward is off', async () => {
    newShopper('oOld', null, []);
    const before = await buyOne('oOld', 'old-00001');
    await until(() => settlementDone(f.emu.emulator.store, before), 'settlement');
    expect(order(before).settlement.invite).toBeUndefined();
    const users = scan<Record<string, unknown>>('users');
    const old = users.find((doc) => doc._id === 'oOld') as Record<string, unknown>;
    f.emu.emulator.put('users', 'oOld', { ...old, referrerId: 'oRef', ancestors: ['oRef', 'oTop'], bindingVersion: 1 });
    expect(await decided(await buyOne('oOld', 'old-00002'))).toBe('notFirstOrder');

    rules({ ...INVITE, enabled: false });
    const off = await buyOne('oOld', 'old-00003');
    await until(() => settlementDone(f.emu.emulator.store, off), 'settlement');
    expect(order(off).settlement.invite).toBeUndefined();
    expect(scan('rewards')).toHaveLength(0);
  });

  it('the settlement sweep finishes a decision a crash left pending', async () => {
    rules({ ...INVITE, enabled: false });
    const orderId = await placeAndPayTea(f.emu, 'sweep-0001', 1);
    await until(() => settlementDone(f.emu.emulator.store, orderId), 'settlement');
    // As if settlement had marked it and crashed before deciding, with the reward on.
    rules(INVITE);
    const stored = order(orderId);
    f.emu.emulator.put('orders', orderId, {
      ...(stored as unknown as Record<string, unknown>),
      settlement: { ...stored.settlement, invite: 'pending' },
    });
    await f.emu.advanceClock(120_000);
    const run = await f.emu.runTimer('sweepSettlements', {});
    expect(run.result).toMatchObject({ ok: true, data: { invites: 1 } });
    expect(order(orderId).settlement.invite).toBe('granted');
    expect((await f.emu.runTimer('sweepSettlements', {})).result).toMatchObject({ data: { invites: 0 } });
    expect(scan('rewards')).toHaveLength(1);
    expect(ledgerProblems()).toEqual([]);
  });
});
