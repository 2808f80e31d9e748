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
