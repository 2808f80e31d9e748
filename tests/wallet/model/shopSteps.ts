/**
 * The wallet model's shop steps: placing an order paid by WeChat Pay or the balance (with or
 * without points), paying it in WeChat's sandbox or with order › payWithBalance, duplicate
 * payment callbacks (of an order or a top-up), shipping, receipt, a refund, clock jumps and
 * timer runs. A shopper whose app saw an error retries once with the same key, as the client does.
 */
import type { OrderDocument } from '@shared/orders';
import type { OrderStatus } from '@shared/orderStates';
import { beforeRetry, call, control, type Json, type Real } from '../../ledger/model/world';
import { Step } from './step';
import { ADMIN, nextKey, SKUS, type PayBy, type WalletModel } from './world';

/** Calls, and once more after an error (a lost answer, a killed instance) with the same input. */
export async function callRetrying(
  real: Real,
  name: string,
  data: object,
  openid: string,
  again: (reply: Json | undefined) => boolean = (reply) => reply === undefined,
): Promise<Json | undefined> {
  const reply = await call(real, name, data, openid);
  if (!again(reply)) return reply;
  await beforeRetry(real);
  return call(real, name, data, openid);
}

export class Place extends Step {
  constructor(
    readonly buyer: string,
    readonly items: Array<{ sku: number; quantity: number }>,
    readonly payBy: PayBy,
    readonly usePoints: boolean,
  ) {
    super();
  }
  async act(model: WalletModel, real: Real): Promise<void> {
    const idempotencyKey = nextKey(model, 'order');
    const merged = new Map<string, number>();
    for (const item of this.items) {
      const skuId = SKUS[item.sku % SKUS.length]!._id;
      merged.set(skuId, (merged.get(skuId) ?? 0) + item.quantity);
    }
    const items = [...merged].map(([skuId, quantity]) => ({ skuId, quantity }));
    const input = {
      items,
      addressId: `addr-${this.buyer}`,
      idempotencyKey,
      payMethod: this.payBy,
      usePoints: this.usePoints,
    };
    await callRetrying(real, 'placeOrder', input, this.buyer, (reply) => !reply?.ok);
    // A balance order the balance did not cover is placed without its id in the answer; the
    // shopper finds it in 我的订单 (here: by its key).
    const placed = real.emu.emulator.store
      .scan('orders')
      .find((doc) => doc.buyerId === this.buyer && doc.idempotencyKey === idempotencyKey);
    if (placed) model.orders.push({ id: placed._id as string, buyer: this.buyer, payBy: this.payBy });
  }
  label(): string {
    return `place ${this.buyer} ${JSON.stringify(this.items)} by ${this.payBy}${this.usePoints ? ' with points' : ''}`;
  }
}

/** A step on one of the orders the model knows, picked by `pick` (among those paid by `payBy` when given). */
export abstract class OnOrder extends Step {
  constructor(
    readonly pick: number,
    readonly payBy?: PayBy,
  ) {
    super();
  }
  override check(model: Readonly<WalletModel>): boolean {
    return model.orders.length > 0;
  }
  /**
   * The picked order; with `real` and `statuses`, among the orders in those states only (the shopper
   * asks a refund of a paid order, the merchant ships a paid one), so that steps rarely miss.
   */
  order(
    model: WalletModel,
    real?: Real,
    statuses?: readonly OrderStatus[],
  ): { id: string; buyer: string; payBy: PayBy } | undefined {
    const inState = (id: string): boolean =>
      real === undefined || statuses === undefined || statuses.includes(this.orderDoc(real, id)?.status as OrderStatus);
    const orders = model.orders.filter(
      (order) => (this.payBy === undefined || order.payBy === this.payBy) && inState(order.id),
    );
    return orders[this.pick % Math.max(1, orders.length)];
  }
  orderDoc(real: Real, id: string): OrderDocument | undefined {
    return real.emu.emulator.store.scan('orders').find((doc) => doc._id === id) as unknown as OrderDocument | undefined;
  }
}

/** The shopper pays a WeChat order in the sandbox, which then delivers onPayCallback. */
export class PayWechat extends OnOrder {
  constructor(pick: number) {
    super(pick, 'wechat');
  }
  async act(model: WalletModel, real: Real): Promise<void> {
    const order = this.order(model, real, ['pending_payment', 'closed']);
    if (order) await control(real, 'POST', `/payments/${order.id}/pay`);
  }
  label(): string {
    return `pay wechat order#${this.pick}`;
  }
}

/** 余额支付 of a balance order (the order page's button), retried once after an error. */
export class PayWithBalance extends OnOrder {
  constructor(pick: number) {
    super(pick, 'balance');
  }
  async act(model: WalletModel, real: Real): Promise<void> {
    const order = this.order(model, real, ['pending_payment', 'closed']);
    if (order) await callRetrying(real, 'order', { $url: 'payWithBalance', orderId: order.id }, order.buyer);
  }
  label(): string {
    return `pay with balance order#${this.pick}`;
  }
}

/** WeChat Pay delivers the payment notification of an order or a top-up twice more, at once. */
export class DuplicateCallback extends Step {
  constructor(
    readonly pick: number,
    readonly of: 'order' | 'topUp',
  ) {
    super();
  }
  override check(model: Readonly<WalletModel>): boolean {
    return (this.of === 'order' ? model.orders : model.topUps).length > 0;
  }
  async act(model: WalletModel, real: Real): Promise<void> {
    const list = this.of === 'order' ? model.orders : model.topUps;
    const payment = await control(real, 'GET', `/payments/${list[this.pick % list.length]!.id}`);
    if (!payment.callback?.event) return;
    await Promise.all(
      [1, 2].map(() => real.emu.call('onPayCallback', payment.callback.event, { source: 'wx_paycallback' })),
    );
  }
  label(): string {
    return `duplicate payment callbacks ${this.of}#${this.pick}`;
  }
}

export class Ship extends OnOrder {
  async act(model: WalletModel, real: Real): Promise<void> {
    const order = this.order(model, real, ['paid']);
    if (!order) return;
    const input = { $url: 'shipOrder', orderId: order.id, carrier: '顺丰速运', trackingNo: 'SF1234567890' };
    await call(real, 'admin', input, ADMIN);
  }
  label(): string {
    return `ship order#${this.pick}`;
  }
}

export class Confirm extends OnOrder {
  async act(model: WalletModel, real: Real): Promise<void> {
    const order = this.order(model, real, ['shipped']);
    if (order) await call(real, 'order', { $url: 'confirmReceipt', orderId: order.id }, order.buyer);
  }
  label(): string {
    return `confirm receipt order#${this.pick}`;
  }
}

/**
 * An after-sale refund (request, the merchant's approval; for a WeChat order the sandbox's
 * completion and its callback, redelivered when unacknowledged) of a third of what is left of a
 * line, or all of it.
 */
export class Refund extends OnOrder {
  constructor(
    pick: number,
    readonly line: number,
    readonly share: 'third' | 'rest',
    payBy?: PayBy,
  ) {
    super(pick, payBy);
  }
  async act(model: WalletModel, real: Real): Promise<void> {
    const picked = this.order(model, real, ['paid', 'shipped', 'completed']);
    const order = picked && this.orderDoc(real, picked.id);
    const line = order?.lines[this.line % order.lines.length];
    if (!picked || !line) return;
    const leftFen = line.paidFen - line.refundedFen;
    const amountFen = this.share === 'rest' ? leftFen : Math.floor(leftFen / 3);
    if (amountFen <= 0) return;
    const request = {
      $url: 'request',
      orderId: picked.id,
      kind: 'refundOnly',
      lines: [{ lineIndex: line.lineIndex, quantity: 0, amountFen }],
      reason: '不想要了',
      idempotencyKey: nextKey(model, 'refund'),
    };
    const requested = await callRetrying(real, 'afterSale', request, picked.buyer);
    if (!requested?.ok) return;
    // The merchant's console shows an error after a lost answer; the merchant approves again.
    await callRetrying(real, 'admin', { $url: 'approveAfterSale', afterSaleId: requested.data.afterSale.id }, ADMIN);
    await real.emu.advanceClock(10_000);
    await real.emu.advanceClock(20_000);
  }
  label(): string {
    return `refund ${this.share} of line ${this.line} of ${this.payBy ?? 'any'} order#${this.pick}`;
  }
}

export class ClockJump extends Step {
  constructor(readonly minutes: number) {
    super();
  }
  async act(_model: WalletModel, real: Real): Promise<void> {
    await real.emu.advanceClock(this.minutes * 60_000);
  }
  label(): string {
    return `clock +${this.minutes} min`;
  }
}

/** The timers of the money path the model runs by hand (the emulator's scheduler is off). */
export const TIMERS = [
  'sweepSettlements',
  'closeUnpaidOrders',
  'autoConfirmOrders',
  'releaseCommissions',
  'expirePoints',
  'sweepRefunds',
] as const;

export class TimerRun extends Step {
  constructor(
    readonly name: string,
    readonly twice: boolean,
  ) {
    super();
  }
  async act(_model: WalletModel, real: Real): Promise<void> {
    await Promise.all(Array.from({ length: this.twice ? 2 : 1 }, () => real.emu.runTimer(this.name, {})));
  }
  label(): string {
    return `timer ${this.name}${this.twice ? ' ×2 at once' : ''}`;
  }
}
