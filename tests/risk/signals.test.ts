/**
 * Each risk signal (docs/rules.md section 9) computed by the real settlement against the emulator:
 * a case that puts the order's commissions on hold with its evidence, and a similar one that must
 * not. The tea shop: oTop ← oRef ← oBuyer; the buyer's address is 13900000000, 文三路 2 号.
 */
import { useEmulator } from '../helpers/emulator';
import { BUYER, until } from '../helpers/teaShop';
import { seedAddress } from '../helpers/orders';
import {
  bindToRef,
  commissionsOfOrder,
  riskCaseOf,
  RISK_ON,
  seedAddressOf,
  seedRiskShop,
  settledTea,
  placeTea,
} from './riskShop';

describe('risk signals at settlement', () => {
  const f = useEmulator({ runScheduler: false, timers: [], functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });

  beforeEach(() => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
  });

  const held = (orderId: string) => commissionsOfOrder(f.emu, orderId).map((commission) => commission.riskHold ?? null);

  it('sharedPhone: the referrer saved the buyer’s phone → held with the tail; another phone → not held', async () => {
    seedRiskShop(f.emu);
    seedAddressOf(f.emu, 'oRef', '139 0000 0000', '莫干山路 100 号');
    const orderId = await settledTea(f.emu, 'phone-0001');
    const riskCase = riskCaseOf(f.emu, orderId);
    expect(riskCase).toMatchObject({
      status: 'open',
      beneficiaryIds: ['oRef', 'oTop'],
      commissionIds: [`c:${orderId}:0:1`, `c:${orderId}:0:2`],
      heldFen: 1_280 + 640,
      signals: [{ kind: 'sharedPhone', beneficiaryId: 'oRef', evidence: { phoneTail: '0000' } }],
    });
    expect(held(orderId)).toEqual([`risk:${orderId}`, `risk:${orderId}`]);

    f.emu.reset();
    seedRiskShop(f.emu);
    seedAddressOf(f.emu, 'oRef', '13700001111', '莫干山路 100 号');
    const clean = await settledTea(f.emu, 'phone-0002');
    expect(riskCaseOf(f.emu, clean)).toBeUndefined();
    expect(held(clean)).toEqual([null, null]);
  });

  it('sharedAddress: the top distributor saved the same street (other spacing) → held; next door → not held', async () => {
    seedRiskShop(f.emu);
    seedAddressOf(f.emu, 'oTop', '13700001111', ' 文三路2号 ');
    const orderId = await settledTea(f.emu, 'addr-0001');
    expect(riskCaseOf(f.emu, orderId)?.signals).toEqual([
      {
        kind: 'sharedAddress',
        beneficiaryId: 'oTop',
        evidence: { addressHash: expect.stringMatching(/^[0-9a-f]{8}$/) },
      },
    ]);

    f.emu.reset();
    seedRiskShop(f.emu);
    seedAddressOf(f.emu, 'oTop', '13700001111', '文三路 4 号');
    expect(riskCaseOf(f.emu, await settledTea(f.emu, 'addr-0002'))).toBeUndefined();
  });

  it('sharedIp: the referrer ordered from the buyer’s IP → held; another IP or the loopback default → not held', async () => {
    seedRiskShop(f.emu);
    seedAddressOf(f.emu, 'oRef', '13700001111', '莫干山路 100 号');
    await placeTea(f.emu, 'ref-ip-0001', { buyer: 'oRef', clientIp: '203.0.113.7', addressId: 'addr-oRef-1111' });
    const orderId = await settledTea(f.emu, 'ipaddr-0001', { clientIp: '203.0.113.7' });
    expect(f.emu.emulator.store.scan('orders').find((order) => order._id === orderId)?.clientIp).toBe('203.0.113.7');
    expect(riskCaseOf(f.emu, orderId)?.signals).toEqual([
      { kind: 'sharedIp', beneficiaryId: 'oRef', evidence: { ip: '203.0.113.7' } },
    ]);

    const other = await settledTea(f.emu, 'ipaddr-0002', { clientIp: '203.0.113.8' });
    expect(riskCaseOf(f.emu, other)).toBeUndefined();
    // Both on the emulator's default caller IP (loopback, no client): never compared.
    await placeTea(f.emu, 'ref-ip-0003', { buyer: 'oRef', addressId: 'addr-oRef-1111' });
    expect(riskCaseOf(f.emu, await settledTea(f.emu, 'ipaddr-0003'))).toBeUndefined();
  });

  it('bindBurst: the buyer was the 3rd bind to one code from one IP in the hour → held; 3 IPs → not held', async () => {
    seedRiskShop(f.emu);
    for (const id of ['oNew1', 'oNew2', 'oNew3']) {
      expect(await bindToRef(f.emu, id, '198.51.100.9')).toMatchObject({ ok: true, data: { status: 'bound' } });
    }
    seedAddress(f.emu, 'oNew3');
    const orderId = await settledTea(f.emu, 'burst-0001', { buyer: 'oNew3', clientIp: '192.0.2.50' });
    expect(riskCaseOf(f.emu, orderId)?.signals).toEqual([
      {
        kind: 'bindBurst',
        beneficiaryId: 'oRef',
        evidence: { ip: '198.51.100.9', hour: expect.stringMatching(/^\d{10}$/), count: 3 },
      },
    ]);

    f.emu.reset();
    seedRiskShop(f.emu);
    for (const [index, id] of ['oNew1', 'oNew2', 'oNew3'].entries())
      expect(await bindToRef(f.emu, id, `198.51.100.${index + 1}`)).toMatchObject({ ok: true });
    seedAddress(f.emu, 'oNew3');
    expect(riskCaseOf(f.emu, await settledTea(f.emu, 'burst-0002', { buyer: 'oNew3' }))).toBeUndefined();
  });

  it('refundRate: 60% refunded over 4 orders → held; the same rate over 2 orders, or 40% over 4 → not held', async () => {
    const withStats = (paidOrderCount: number, paidGoodsFen: number, paidSpendFen: number) => {
      const buyer = f.emu.emulator.store.scan('users').find((user) => user._id === BUYER) as Record<string, any>;
      f.emu.emulator.put('users', BUYER, {
        ...buyer,
        stats: { ...buyer.stats, paidOrderCount, paidGoodsFen, paidSpendFen },
      });
    };
    seedRiskShop(f.emu);
    withStats(4, 100_000, 40_000);
    const orderId = await settledTea(f.emu, 'refund-0001');
    expect(riskCaseOf(f.emu, orderId)?.signals).toEqual([
      { kind: 'refundRate', beneficiaryId: null, evidence: { rateBp: 6000, orders: 4 } },
    ]);
    // Settlement counted the order and its gross goods into the buyer's stats.
    const buyer = f.emu.emulator.store.scan('users').find((user) => user._id === BUYER) as Record<string, any>;
    expect(buyer.stats).toMatchObject({ paidOrderCount: 5, paidGoodsFen: 112_800, paidSpendFen: 52_800 });

    for (const [key, stats] of [
      ['refund-0002', [2, 100_000, 40_000]],
      ['refund-0003', [4, 100_000, 60_000]],
    ] as const) {
      f.emu.reset();
      seedRiskShop(f.emu);
      withStats(stats[0], stats[1], stats[2]);
      expect(riskCaseOf(f.emu, await settledTea(f.emu, key))).toBeUndefined();
    }
  });

  it('selfPurchaseLoop: the buyer earned on the referrer’s order, or sits above them → held; a plain chain → not held', async () => {
    seedRiskShop(f.emu);
    const past = { orderId: 'oPast', lineIndex: 0, level: 1, amountFen: 500, status: 'released' };
    f.emu.insert('commissions', [{ _id: 'c:oPast:0:1', ...past, buyerId: 'oRef', beneficiaryId: BUYER }]);
    const orderId = await settledTea(f.emu, 'loop-0001');
    expect(riskCaseOf(f.emu, orderId)?.signals).toEqual([
      { kind: 'selfPurchaseLoop', beneficiaryId: 'oRef', evidence: { loop: 'reciprocal', orderIds: ['oPast'] } },
    ]);

    f.emu.reset();
    seedRiskShop(f.emu);
    // oTop's chain names the buyer: oBuyer → oRef → oTop → oBuyer.
    f.emu.emulator.put('users', 'oTop', {
      ...(f.emu.emulator.store.scan('users').find((user) => user._id === 'oTop') as Record<string, unknown>),
      referrerId: BUYER,
      ancestors: [BUYER],
    });
    expect(riskCaseOf(f.emu, await settledTea(f.emu, 'loop-0002'))?.signals).toEqual([
      { kind: 'selfPurchaseLoop', beneficiaryId: 'oTop', evidence: { loop: 'downline' } },
    ]);

    f.emu.reset();
    seedRiskShop(f.emu);
    // oRef earned on oTop's order: commission flows up the chain, not in a loop.
    f.emu.insert('commissions', [{ _id: 'c:oPast:0:1', ...past, buyerId: 'oRef', beneficiaryId: 'oTop' }]);
    expect(riskCaseOf(f.emu, await settledTea(f.emu, 'loop-0003'))).toBeUndefined();
  });

  it('settlement reads boundedly: with risk on, 5 reads and the case more than off, no unindexed scan', async () => {
    const settleOnce = async (key: string) => {
      f.emu.injectFault({ function: 'settleCommission', kind: 'fail', nth: 1 });
      const orderId = await placeTea(f.emu, key, { clientIp: '203.0.113.7' });
      await fetch(`${f.emu.url}/_emulator/payments/${orderId}/pay`, { method: 'POST' });
      await until(() => (f.emu.emulator.faults.list()[0]?.fired ?? 0) === 1, "the payment flow's settlement call");
      f.emu.emulator.faults.clear();
      return (await f.emu.call('settleCommission', { orderId })).invocation;
    };
    seedRiskShop(f.emu, { ...RISK_ON, enabled: false });
    const off = await settleOnce('bounded-0001');
    f.emu.reset();
    seedRiskShop(f.emu);
    seedAddressOf(f.emu, 'oRef', '13900000000', '莫干山路 100 号');
    const on = await settleOnce('bounded-0002');
    expect(on.unindexedScans).toEqual([]);
    // The order; the users, addresses and reciprocal commissions; the orders from the buyer's IP
    // (no bind counter: the buyer was seeded without one); and the case added in the transaction.
    expect(on.roundTrips.database - off.roundTrips.database).toBe(5 + 1);
  });

  it('a signal switched off, or the master switch off, holds nothing', async () => {
    seedRiskShop(f.emu, { ...RISK_ON, signals: { ...RISK_ON.signals, sharedPhone: false } });
    seedAddressOf(f.emu, 'oRef', '13900000000', '莫干山路 100 号');
    expect(riskCaseOf(f.emu, await settledTea(f.emu, 'off-0001'))).toBeUndefined();

    f.emu.reset();
    seedRiskShop(f.emu, { ...RISK_ON, enabled: false });
    seedAddress(f.emu, 'oRef');
    const orderId = await settledTea(f.emu, 'off-0002');
    expect(riskCaseOf(f.emu, orderId)).toBeUndefined();
    expect(held(orderId)).toEqual([null, null]);
  });
});
