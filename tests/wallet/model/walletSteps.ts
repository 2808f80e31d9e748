/**
 * The wallet model's balance and points steps: a top-up (wallet › topUp and, usually, its payment
 * in the sandbox), paying a pending top-up later, the merchant's refund of a top-up, a
 * distributor's withdrawal of commission to the balance, and the merchant's adjustments of a
 * balance and of points. Each retries once after an error with the same key or request id.
 */
import { control, type Real } from '../../ledger/model/world';
import { callRetrying } from './shopSteps';
import { Step } from './step';
import { ADMIN, nextKey, type WalletModel } from './world';

export class TopUp extends Step {
  constructor(
    readonly user: string,
    readonly amountFen: number,
    readonly pay: boolean,
  ) {
    super();
  }
  async act(model: WalletModel, real: Real): Promise<void> {
    const input = { $url: 'topUp', idempotencyKey: nextKey(model, 'topup'), amountFen: this.amountFen };
    const opened = await callRetrying(real, 'wallet', input, this.user);
    if (!opened?.ok) return;
    const id = opened.data.topUpId as string;
    model.topUps.push({ id, user: this.user });
    if (this.pay) await control(real, 'POST', `/payments/${id}/pay`);
  }
  label(): string {
    return `top up ${this.amountFen} fen by ${this.user}${this.pay ? ' and pay' : ''}`;
  }
}

abstract class OnTopUp extends Step {
  constructor(readonly pick: number) {
    super();
  }
  override check(model: Readonly<WalletModel>): boolean {
    return model.topUps.length > 0;
  }
  topUp(model: WalletModel): { id: string; user: string } {
    return model.topUps[this.pick % model.topUps.length]!;
  }
}

/** The shopper pays a top-up opened earlier (a pending top-up never closes). */
export class PayTopUp extends OnTopUp {
  async act(model: WalletModel, real: Real): Promise<void> {
    await control(real, 'POST', `/payments/${this.topUp(model).id}/pay`);
  }
  label(): string {
    return `pay top-up#${this.pick}`;
  }
}

/** admin › refundTopUp; WeChat Pay completes the refund 5 s later and calls onRefundCallback (again after 15 s when unacknowledged). */
export class RefundTopUp extends OnTopUp {
  async act(model: WalletModel, real: Real): Promise<void> {
    await callRetrying(real, 'admin', { $url: 'refundTopUp', topUpId: this.topUp(model).id }, ADMIN);
    await real.emu.advanceClock(10_000);
    await real.emu.advanceClock(20_000);
  }
  label(): string {
    return `refund top-up#${this.pick}`;
  }
}

export class WithdrawToBalance extends Step {
  constructor(
    readonly user: string,
    readonly amountFen: number,
  ) {
    super();
  }
  async act(model: WalletModel, real: Real): Promise<void> {
    const input = {
      $url: 'request',
      requestId: nextKey(model, 'withdraw'),
      amountFen: this.amountFen,
      channel: 'balance',
    };
    await callRetrying(real, 'withdraw', input, this.user);
  }
  label(): string {
    return `withdraw ${this.amountFen} fen to the balance by ${this.user}`;
  }
}

/** The merchant adjusts a balance (fen) or points, with a reason; negative takes. */
export class Adjust extends Step {
  constructor(
    readonly what: 'balance' | 'points',
    readonly user: string,
    readonly amount: number,
  ) {
    super();
  }
  async act(model: WalletModel, real: Real): Promise<void> {
    const requestId = nextKey(model, 'adjust');
    const input =
      this.what === 'balance'
        ? { $url: 'adjustBalance', userId: this.user, amountFen: this.amount, reason: '活动补偿', requestId }
        : { $url: 'adjustPoints', userId: this.user, points: this.amount, reason: '活动补偿', requestId };
    await callRetrying(real, 'admin', input, ADMIN);
  }
  label(): string {
    return `adjust ${this.what} of ${this.user} by ${this.amount}`;
  }
}
