/**
 * The tea shop (tests/helpers/teaShop.ts: oTop ← oRef ← oBuyer, 10% / 5%) with risk holds on, and
 * the steps the risk tests take as the real callers do: placing and paying an order from a
 * chosen client IP, binding from one, reading cases and commissions.
 */
import type { CommissionDocument } from '@shared/ledger';
import type { RiskCaseDocument } from '@shared/risk';
import type { Result } from '@shared/result';
import type { RiskRules, Rules } from '@shared/rules';
import type { EmulatorHandle } from '../../emulator/src/index';
import { settlementDone } from '../helpers/settlement';
import { BUYER, seedTeaShop, TEA_SKU, until } from '../helpers/teaShop';

export const ADMIN = 'oADMIN';

/** Every signal on, a burst at 3 binds, refunds at 50% over at least 3 orders, no bind limit. */
export const RISK_ON: RiskRules = {
  enabled: true,
  signals: {
    sharedPhone: true,
    sharedAddress: true,
    sharedIp: true,
    bindBurst: true,
    refundRate: true,
    selfPurchaseLoop: true,
  },
  bindBurstPerHour: 3,
  refundRateBp: 5000,
  refundMinOrders: 3,
  bindsPerIpPerHour: 0,
};

/** The tea shop with `risk` (RISK_ON unless given) and an admin. */
export function seedRiskShop(emu: EmulatorHandle, risk: RiskRules = RISK_ON, changes: Partial<Rules> = {}): void {
  seedTeaShop(emu, { returnWindowDays: 7, ...changes, risk });
  emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' }]);
}

/** A saved address of `userId` with the given phone and street (the rest as seedAddress's). */
export function seedAddressOf(emu: EmulatorHandle, userId: string, phone: string, detail: string): string {
  const now = new Date(emu.emulator.options.clock.now());
  const id = `addr-${userId}-${phone.slice(-4)}`;
  emu.insert('addresses', [
    {
      _id: id,
      userId,
      name: '王五',
      phone,
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      detail,
      isDefault: false,
      defaultSetAt: null,
      createdAt: now,
      updatedAt: now,
    },
  ]);
  return id;
}

/** `buyer` places an order of `quantity` teas from `clientIp` (no payment); answers its id. */
export async function placeTea(
  emu: EmulatorHandle,
  key: string,
  options: { buyer?: string; clientIp?: string; addressId?: string; quantity?: number } = {},
): Promise<string> {
  const buyer = options.buyer ?? BUYER;
  const placed = await emu.call(
    'placeOrder',
    {
      items: [{ skuId: TEA_SKU, quantity: options.quantity ?? 1 }],
      addressId: options.addressId ?? `addr-${buyer}`,
      idempotencyKey: key,
    },
    { openid: buyer, clientIp: options.clientIp },
  );
  const answer = placed.result as Result<{ orderId: string }>;
  if (!answer.ok) throw new Error(`placeOrder refused: ${JSON.stringify(answer)}`);
  return answer.data.orderId;
}

/** Places, pays and waits for the settlement; answers the order id. */
export async function settledTea(
  emu: EmulatorHandle,
  key: string,
  options: Parameters<typeof placeTea>[2] = {},
): Promise<string> {
  const orderId = await placeTea(emu, key, options);
  await fetch(`${emu.url}/_emulator/payments/${orderId}/pay`, { method: 'POST' });
  await until(() => settlementDone(emu.emulator.store, orderId), 'settlement');
  return orderId;
}

/** Ships (as the admin) and receives a settled order, then moves the clock past its 7-day return window. */
export async function pastWindow(emu: EmulatorHandle, orderId: string, buyer = BUYER): Promise<void> {
  await emu.call(
    'admin',
    { $url: 'shipOrder', orderId, carrier: '顺丰速运', trackingNo: 'SF1234567890' },
    { openid: ADMIN },
  );
  const received = await emu.call('order', { $url: 'confirmReceipt', orderId }, { openid: buyer });
  if (!(received.result as { ok: boolean }).ok) throw new Error(`order ${orderId} could not be received`);
  await emu.advanceClock(8 * 86_400_000);
}

export function riskCaseOf(emu: EmulatorHandle, orderId: string): RiskCaseDocument | undefined {
  return emu.emulator.store.scan('riskCases').find((doc) => doc._id === `risk:${orderId}`) as
    RiskCaseDocument | undefined;
}

export function commissionsOfOrder(emu: EmulatorHandle, orderId: string): CommissionDocument[] {
  return emu.emulator.store
    .scan('commissions')
    .filter((doc) => doc.orderId === orderId) as unknown as CommissionDocument[];
}

/** Calls an admin route as ADMIN. */
export async function admin(emu: EmulatorHandle, route: string, input: object): Promise<Result<any>> {
  return (await emu.call('admin', { $url: route, ...input }, { openid: ADMIN })).result as Result<any>;
}

/** `openid` follows oRef's share code from `clientIp`. */
export async function bindToRef(emu: EmulatorHandle, openid: string, clientIp: string): Promise<Result<any>> {
  const ref = emu.emulator.store.scan('users').find((doc) => doc._id === 'oRef') as { shareCode: string };
  return (await emu.call('bindReferrer', { shareCode: ref.shareCode }, { openid, clientIp })).result as Result<any>;
}
