/**
 * The shop's steps: binds, orders, payments (and duplicate callbacks), shipping, receipts,
 * clock jumps, timer runs and rule edits. Money steps (refunds, withdrawals, reviews) are in
 * moneySteps.ts.
 */
import { snapshotOf } from '../../helpers/invariants';
import type { UserDocument } from '@shared/users';
import { Step } from './step';
import { ADMIN, beforeRetry, call, control, SKUS, type Json, type Model, type Real } from './world';

export class Bind extends Step {
  constructor(
    readonly caller: string,
    readonly referrer: string,
  ) {
    super();
  }
  async act(_model: Model, real: Real): Promise<void> {
    const users = snapshotOf(real.emu.emulator.store).users as UserDocument[];
    const shareCode = users.find((user) => user._id === this.referrer)?.shareCode;
    await call(real, 'bindReferrer', { shareCode }, this.caller);
  }
  label(): string {
    return `bind ${this.caller} → ${this.referrer}`;
  }
}

export class Place extends Step {
  constructor(
    readonly buyer: string,
    readonly items: Array<{ sku: number; quantity: number }>,
  ) {
    super();
  }
  async act(model: Model, real: Real): Promise<void> {
    model.keys += 1;
    const idempotencyKey = `model-${String(model.keys).padStart(6, '0')}`;
    const items = this.items.map((item) => ({ skuId: SKUS[item.sku % SKUS.length]!._id, quantity: item.quantity }));
    const input = { items: mergeItems(items), addressId: `addr-${this.buyer}`, idempotencyKey };
    let placed = await call(real, 'placeOrder', input, this.buyer);
    // A shopper whose app saw an error retries with the same key, as the client does.
    if (placed === undefined || !placed.ok) {
      await beforeRetry(real);
      placed = await call(real, 'placeOrder', input, this.buyer);
    }
    if (placed?.ok) model.orders.push({ id: placed.data.orderId, buyer: this.buyer });
  }
  label(): string {
    return `place ${this.buyer} ${JSON.stringify(this.items)}`;
  }
}

function mergeItems(items: Array<{ skuId: string; quantity: number }>): Array<{ skuId: string; quantity: number }> {
  const merged = new Map<string, number>();
  for (const item of items) merged.set(item.skuId, (merged.get(item.skuId) ?? 0) + item.quantity);
  return [...merged].map(([skuId, quantity]) => ({ skuId, quantity }));
}

export abstract class OnOrder extends Step {
  constructor(readonly pick: number) {
    super();
  }
  override check(model: Readonly<Model>): boolean {
    return model.orders.length > 0;
  }
  order(model: Model): { id: string; buyer: string } {
    return model.orders[this.pick % model.orders.length]!;
  }
}

/** The shopper pays in WeChat: the sandbox captures the payment and calls onPayCallback. */
export class Pay extends OnOrder {
  async act(model: Model, real: Real): Promise<void> {
    await control(real, 'POST', `/payments/${this.order(model).id}/pay`);
  }
  label(): string {
    return `pay order#${this.pick}`;
  }
}

export class DuplicateCallback extends OnOrder {
  async act(model: Model, real: Real): Promise<void> {
    const payment = await control(real, 'GET', `/payments/${this.order(model).id}`);
    if (!payment.callback?.event) return;
    await Promise.all(
      [1, 2].map(() => real.emu.call('onPayCallback', payment.callback.event, { source: 'wx_paycallback' })),
    );
  }
  label(): string {
    return `duplicate payment callbacks order#${this.pick}`;
  }
}

export class Ship extends OnOrder {
  async act(model: Model, real: Real): Promise<void> {
    const input = { $url: 'shipOrder', orderId: this.order(model).id, carrier: '顺丰速运', trackingNo: 'SF1234567890' };
    await call(real, 'admin', input, ADMIN);
  }
  label(): string {
    return `ship order#${this.pick}`;
  }
}

export class Confirm extends OnOrder {
  async act(model: Model, real: Real): Promise<void> {
    const { id, buyer } = this.order(model);
    await call(real, 'order', { $url: 'confirmReceipt', orderId: id }, buyer);
  }
  label(): string {
    return `confirm receipt order#${this.pick}`;
  }
}

export class ClockJump extends Step {
  constructor(readonly minutes: number) {
    super();
  }
  async act(_model: Model, real: Real): Promise<void> {
    await real.emu.advanceClock(this.minutes * 60_000);
  }
  label(): string {
    return `clock +${this.minutes} min`;
  }
}

/**
 * The timers the model runs by hand (the emulator's scheduler is off, so runs happen only here).
 * A timer this build does not have is skipped, so a new one joins by being listed.
 */
export const TIMERS = [
  'sweepSettlements',
  'closeUnpaidOrders',
  'autoConfirmOrders',
  'releaseCommissions',
  'syncWithdrawals',
  'sweepRefunds',
];

export function hasFunction(real: Real, name: string): boolean {
  return real.emu.emulator.runtime.has(name);
}

export class TimerRun extends Step {
  constructor(
    readonly name: string,
    readonly twice: boolean,
  ) {
    super();
  }
  async act(_model: Model, real: Real): Promise<void> {
    if (!hasFunction(real, this.name)) return;
    await Promise.all(Array.from({ length: this.twice ? 2 : 1 }, () => real.emu.runTimer(this.name, {})));
  }
  label(): string {
    return `timer ${this.name}${this.twice ? ' ×2 at once' : ''}`;
  }
}

/** What a rule edit changes: the level rates, the cap, the return window, the withdrawal fee. */
export interface RuleChange {
  ratesBp: [number, number, number];
  capBp: number;
  returnWindowDays: number;
  feeBp: number;
}

/** The merchant saves new rules (a new version); orders placed before keep their snapshot. */
export class EditRules extends Step {
  constructor(readonly change: RuleChange) {
    super();
  }
  async act(_model: Model, real: Real): Promise<void> {
    const current = await call(real, 'admin', { $url: 'getRules' }, ADMIN);
    if (!current?.ok) return;
    const rules = current.data.rules as Json;
    const { ratesBp, capBp, returnWindowDays, feeBp } = this.change;
    const grades = (rules.grades as Json[]).map((grade) => ({ ...grade, ratesBp }));
    const next = { ...rules, grades, capBp, returnWindowDays, withdraw: { ...rules.withdraw, feeBp } };
    await call(real, 'admin', { $url: 'updateRules', expectedVersion: current.data.version, rules: next }, ADMIN);
  }
  label(): string {
    return `edit rules ${JSON.stringify(this.change)}`;
  }
}
