/**
 * Races of balance payments (docs/wallet.md section 2): many payments from one balance never
 * overdraw it, and one order paid many times at once is paid once with one entry.
 */
import type { OrderDocument } from '@shared/orders';
import type { Result } from '@shared/result';
import { balanceEntries, balanceOf, balanceProblems, seedBalance } from '../helpers/balance';
import { useEmulator } from '../helpers/emulator';
import { seedAddress, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';

const BUYER = 'oRaceBuyer';
const PRICE_FEN = 1_000;

describe('balance payment races', () => {
  const f = useEmulator({ runScheduler: false, timers: [], functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' } });
  const orders = () => f.emu.emulator.store.scan('orders') as unknown as OrderDocument[];
  const payWithBalance = async (orderId: string) =>
    (await f.emu.call('order', { $url: 'payWithBalance', orderId }, { openid: BUYER })).result as Result<unknown>;

  beforeEach(() => {
    f.emu.reset();
    // Settlement is not what these tests are about; failing it keeps the machine quiet.
    f.emu.injectFault({ function: 'settleCommission', kind: 'fail', times: 0 });
    seedRules(f.emu);
    seedUsers(f.emu, [{ id: BUYER }]);
    seedAddress(f.emu, BUYER);
    seedProduct(f.emu, { _id: 'p-race' }, [{ _id: 'sku-race', priceFen: PRICE_FEN, stock: 100 }]);
  });

  /** `count` unpaid balance orders of one unit each (placed on an empty balance). */
  async function unpaidOrders(count: number): Promise<string[]> {
    for (let i = 0; i < count; i += 1) {
      const placed = await f.emu.call(
        'placeOrder',
        {
          items: [{ skuId: 'sku-race', quantity: 1 }],
          addressId: `addr-${BUYER}`,
          idempotencyKey: `race-order-${String(i).padStart(2, '0')}`,
          payMethod: 'balance',
        },
        { openid: BUYER },
      );
      expect(placed.result).toMatchObject({ ok: false, error: { code: 'BALANCE_INSUFFICIENT' } });
    }
    return orders().map((order) => order._id);
  }

  it('20 concurrent payments of different orders worth more than the balance: only the affordable ones pay', async () => {
    const ids = await unpaidOrders(20);
    expect(ids).toHaveLength(20);
    // Enough for 7 orders and a part of an eighth.
    seedBalance(f.emu, BUYER, 7 * PRICE_FEN + 500, 'adj-race');
    const answers = await Promise.all(ids.map((id) => payWithBalance(id)));
    const paid = answers.filter((answer) => answer.ok);
    expect(paid).toHaveLength(7);
    for (const answer of answers.filter((candidate) => !candidate.ok))
      expect(answer).toMatchObject({ error: { code: 'BALANCE_INSUFFICIENT' } });
    expect(orders().filter((order) => order.status === 'paid')).toHaveLength(7);
    expect(orders().filter((order) => order.status === 'pending_payment')).toHaveLength(13);
    expect(balanceOf(f.emu, BUYER)?.balanceFen).toBe(500);
    const pays = balanceEntries(f.emu, BUYER).filter((entry) => entry.kind === 'orderPay');
    expect(pays.map((entry) => entry.ref.orderId).sort()).toEqual(
      orders()
        .filter((order) => order.status === 'paid')
        .map((order) => order._id)
        .sort(),
    );
    // Σ entries = balance, never below zero at any entry, numbered without gaps.
    expect(balanceProblems(f.emu)).toEqual([]);
  });

  it('the same order paid by balance 10 times at once is paid once, with one entry', async () => {
    const [orderId] = await unpaidOrders(1);
    seedBalance(f.emu, BUYER, 5 * PRICE_FEN, 'adj-race');
    const answers = await Promise.all(Array.from({ length: 10 }, () => payWithBalance(orderId!)));
    expect(answers.every((answer) => answer.ok)).toBe(true);
    const statuses = answers.map((answer) => (answer as { data: { status: string } }).data.status);
    expect(statuses.filter((status) => status === 'paid')).toHaveLength(1);
    expect(statuses.filter((status) => status === 'unchanged')).toHaveLength(9);
    expect(orders()[0]).toMatchObject({ status: 'paid', payment: { transactionId: `orderPay:${orderId}` } });
    expect(balanceEntries(f.emu, BUYER).filter((entry) => entry.kind === 'orderPay')).toHaveLength(1);
    expect(balanceOf(f.emu, BUYER)?.balanceFen).toBe(4 * PRICE_FEN);
    expect(balanceProblems(f.emu)).toEqual([]);
  });
});
