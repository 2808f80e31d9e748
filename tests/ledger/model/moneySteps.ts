/**
 * The money steps: a shopper's refund (request, approval, WeChat Pay's completion and its
 * callback, delivered again when unacknowledged), a distributor's withdrawal, and the review
 * and payout of a withdrawal by a merchant admin, the distributor or the bank.
 */
import { snapshotOf } from '../../helpers/invariants';
import { OnOrder } from './shopSteps';
import { Step } from './step';
import { ADMIN, beforeRetry, call, control, type Json, type Model, type Real } from './world';

export class Refund extends OnOrder {
  constructor(
    pick: number,
    readonly line: number,
    readonly share: 'third' | 'rest',
  ) {
    super(pick);
  }
  async act(model: Model, real: Real): Promise<void> {
    const { id, buyer } = this.order(model);
    const order = snapshotOf(real.emu.emulator.store).orders.find((doc) => doc._id === id);
    const line = order?.lines[this.line % (order?.lines.length ?? 1)];
    if (!order || !line) return;
    const leftFen = line.paidFen - line.refundedFen;
    const amountFen = this.share === 'rest' ? leftFen : Math.floor(leftFen / 3);
    if (amountFen <= 0) return;
    model.keys += 1;
    const request = {
      $url: 'request',
      orderId: id,
      kind: 'refundOnly',
      lines: [{ lineIndex: line.lineIndex, quantity: 0, amountFen }],
      reason: '不想要了',
      idempotencyKey: `refund-${String(model.keys).padStart(6, '0')}`,
    };
    let requested = await call(real, 'afterSale', request, buyer);
    if (requested === undefined) {
      await beforeRetry(real);
      requested = await call(real, 'afterSale', request, buyer);
    }
    if (!requested?.ok) return;
    const approve = { $url: 'approveAfterSale', afterSaleId: requested.data.afterSale.id };
    // The merchant's console shows an error after a lost answer; the merchant approves again.
    if ((await call(real, 'admin', approve, ADMIN)) === undefined) {
      await beforeRetry(real);
      await call(real, 'admin', approve, ADMIN);
    }
    // WeChat Pay completes the refund 5 s later and calls onRefundCallback; it delivers again
    // 15 s later when the first delivery was not acknowledged.
    await real.emu.advanceClock(10_000);
    await real.emu.advanceClock(20_000);
  }
  label(): string {
    return `refund ${this.share} of line ${this.line} of order#${this.pick}`;
  }
}

export class Withdraw extends Step {
  constructor(
    readonly user: string,
    readonly amountFen: number,
    readonly channel: 'wechatTransfer' | 'manual',
  ) {
    super();
  }
  async act(model: Model, real: Real): Promise<void> {
    model.keys += 1;
    const input = {
      $url: 'request',
      requestId: `req-${String(model.keys).padStart(8, '0')}`,
      amountFen: this.amountFen,
      channel: this.channel,
    };
    let reply = await call(real, 'withdraw', input, this.user);
    // The distributor's app retries with the same request id after an error.
    if (reply === undefined) {
      await beforeRetry(real);
      reply = await call(real, 'withdraw', input, this.user);
    }
    if (reply?.ok) model.withdrawals.push({ id: reply.data.withdrawal.id, user: this.user });
  }
  label(): string {
    return `withdraw ${this.amountFen} fen by ${this.user} via ${this.channel}`;
  }
}

export type Decision =
  'approve' | 'approveAndPay' | 'reject' | 'markPaid' | 'userConfirms' | 'userDeclines' | 'bankFails' | 'sync';

/** A merchant admin reviews a withdrawal, or the distributor / the bank act on its transfer. */
export class Review extends Step {
  constructor(
    readonly pick: number,
    readonly decision: Decision,
    readonly admin: string = ADMIN,
  ) {
    super();
  }
  override check(model: Readonly<Model>): boolean {
    return model.withdrawals.length > 0;
  }
  async act(model: Model, real: Real): Promise<void> {
    const { id } = model.withdrawals[this.pick % model.withdrawals.length]!;
    const withdrawal = (): Json | undefined =>
      real.emu.emulator.store.scan('withdrawals').find((doc) => doc._id === id) as Json | undefined;
    const admin = (route: string, extra: object = {}): Promise<Json | undefined> =>
      call(real, 'admin', { $url: route, withdrawalId: id, ...extra }, this.admin);
    const billNo = withdrawal()?.transfer?.outBillNo as string | undefined;
    switch (this.decision) {
      case 'approveAndPay': {
        // The whole happy path: approval, the distributor confirms (or the merchant pays by hand), sync.
        await admin('approveWithdrawal');
        const approved = withdrawal();
        if (approved?.channel === 'manual') await admin('markWithdrawalPaid', { transferRef: `BANK-${this.pick}` });
        else if (approved?.transfer?.outBillNo)
          await control(real, 'POST', `/payouts/${approved.transfer.outBillNo}/confirm`, {});
        await call(real, 'withdraw', { $url: 'sync', withdrawalId: id }, approved?.userId as string);
        break;
      }
      case 'approve':
        await admin('approveWithdrawal');
        break;
      case 'reject':
        await admin('rejectWithdrawal', { reason: '信息不符' });
        break;
      case 'markPaid':
        await admin('markWithdrawalPaid', { transferRef: `BANK-${this.pick}` });
        break;
      case 'sync':
        await admin('syncWithdrawal');
        break;
      default:
        if (!billNo) return;
        if (this.decision === 'userConfirms') await control(real, 'POST', `/payouts/${billNo}/confirm`, {});
        if (this.decision === 'userDeclines') await control(real, 'POST', `/payouts/${billNo}/decline`, {});
        if (this.decision === 'bankFails')
          await control(real, 'POST', `/payouts/${billNo}/confirm`, { outcome: 'fail', reason: 'ACCOUNT_FROZEN' });
    }
  }
  label(): string {
    return `${this.decision} withdrawal#${this.pick}${this.admin === ADMIN ? '' : ` by ${this.admin}`}`;
  }
}
