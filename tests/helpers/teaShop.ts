/**
 * The shop the commission ledger tests start from, so that their figures can be read off one
 * place: two levels at 10% and 5% (one grade, cap 30%), the chain oTop ← oRef ← oBuyer (both
 * distributors approved), the buyer's default address, and one tea at ¥128.00 (12 800 fen) with
 * 10 in stock. Two teas therefore pay 25 600 fen and earn oRef 2 560 and oTop 1 280.
 */
import type { EmulatorHandle } from '../../emulator/src/index';
import type { Rules } from '@shared/rules';
import { seedAddress, seedProduct } from './orders';
import { seedRules, seedUsers } from './referrals';
import { settlementDone } from './settlement';

export const BUYER = 'oBuyer';
export const TEA_SKU = 'tea-250';
export const TEA_PRICE_FEN = 12_800;

/** The rules of the tea shop; tests change single fields with `seedTeaShop(emu, changes)`. */
export const TEA_SHOP_RULES = {
  recruitment: 'apply',
  levels: 2,
  capBp: 3000,
  grades: [{ id: 'standard', name: '普通', rank: 0, ratesBp: [1000, 500], upgradeWhen: {} }],
  defaultGradeId: 'standard',
} satisfies Partial<Rules>;

/** Seeds rules (TEA_SHOP_RULES with `changes`), the three users, the buyer's address and the tea. */
export function seedTeaShop(emu: EmulatorHandle, changes: Partial<Rules> = {}): void {
  seedRules(emu, { ...TEA_SHOP_RULES, ...changes });
  seedUsers(emu, [
    { id: 'oTop', status: 'approved' },
    { id: 'oRef', status: 'approved', referrerId: 'oTop', ancestors: ['oTop'] },
    { id: BUYER, referrerId: 'oRef', ancestors: ['oRef', 'oTop'] },
  ]);
  seedAddress(emu, BUYER);
  seedProduct(emu, { _id: 'p-tea' }, [{ _id: TEA_SKU, priceFen: TEA_PRICE_FEN, stock: 10 }]);
}

/**
 * The buyer places an order of `quantity` teas (placeOrder) and pays it in WeChat Pay's
 * sandbox; answers the order id. The payment callback then runs the settlement on its own.
 */
export async function placeAndPayTea(emu: EmulatorHandle, key: string, quantity: number): Promise<string> {
  const placed = await emu.call(
    'placeOrder',
    { items: [{ skuId: TEA_SKU, quantity }], addressId: `addr-${BUYER}`, idempotencyKey: key },
    { openid: BUYER },
  );
  const orderId = (placed.result as { data: { orderId: string } }).data.orderId;
  await fetch(`${emu.url}/_emulator/payments/${orderId}/pay`, { method: 'POST' });
  return orderId;
}

/** Waits (by condition, up to a minute) for `condition`; a busy machine runs settlements slowly. */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 3_000; i += 1) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A tea order of 2 (25 600 fen; oRef earns 2 560, oTop 1 280) paid, settled, shipped by `admin`,
 * received, and 8 days later: its return window has ended and its commissions are due.
 */
export async function teaOrderPastWindow(emu: EmulatorHandle, admin: string, key: string): Promise<string> {
  const orderId = await placeAndPayTea(emu, key, 2);
  await until(() => settlementDone(emu.emulator.store, orderId), 'settlement');
  const shipped = await emu.call(
    'admin',
    { $url: 'shipOrder', orderId, carrier: '顺丰速运', trackingNo: 'SF1234567890' },
    { openid: admin },
  );
  const received = await emu.call('order', { $url: 'confirmReceipt', orderId }, { openid: BUYER });
  if (!(shipped.result as { ok: boolean }).ok || !(received.result as { ok: boolean }).ok)
    throw new Error(`order ${orderId} could not be shipped and received`);
  await emu.advanceClock(8 * 86_400_000);
  return orderId;
}

/** The buyer asks for a price-only refund (refundOnly) of `amountFen` on line 0; answers afterSale's Result. */
export async function requestTeaRefund(
  emu: EmulatorHandle,
  orderId: string,
  key: string,
  amountFen: number,
): Promise<{ ok: boolean; data?: any; error?: { code: string } }> {
  const made = await emu.call(
    'afterSale',
    {
      $url: 'request',
      orderId,
      kind: 'refundOnly',
      reason: '不想要了',
      idempotencyKey: key,
      lines: [{ lineIndex: 0, quantity: 0, amountFen }],
    },
    { openid: BUYER },
  );
  return made.result as { ok: boolean; data?: any; error?: { code: string } };
}
