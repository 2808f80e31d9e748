/**
 * Settling one order, as one transaction (so every record and balance change happens together
 * or not at all, and a retry after a crash starts clean):
 *
 *   read the order (settled already → a replay), the buyer;
 *   add one commission per line and level that earns (deterministic ids);
 *   per beneficiary: credit `frozenFen` and add the settle ledger entry with that delta;
 *   add the order's net paid goods to the buyer's `stats.paidSpendFen` and to
 *   `stats.teamPaidSalesFen` of the buyer's ancestors (the team the buyer is in now);
 *   mark the order settled.
 *
 * A conflict with a concurrent transaction (two orders of one team settling at once) is retried;
 * after that the order stays `pending` and the next sweep settles it.
 */
import type { SettleCommissionOutput } from '../../shared/contracts/settleCommission';
import { commissionsOf, frozenByBeneficiary, settleEntryId, ZERO_BALANCES, type AccountDocument, type LedgerEntry } from '../../shared/ledger';
import type { OrderDocument } from '../../shared/orders';
import { fail, ok, type Result } from '../../shared/result';
import type { UserDocument } from '../../shared/users';
import { _ } from '../_lib/db';
import { BUSY, inTransaction, type Tx } from '../_lib/tx';

const SETTLEABLE = ['paid', 'shipped', 'completed'];

type Outcome = SettleCommissionOutput | 'ORDER_NOT_FOUND' | 'NOT_PAID';

/** Credits one beneficiary's frozen balance and records why. */
async function creditFrozen(tx: Tx, userId: string, amountFen: number, orderId: string, commissionIds: string[], now: Date): Promise<void> {
  const account = await tx.get<AccountDocument>('accounts', userId);
  if (account) await tx.update('accounts', userId, { frozenFen: _.inc(amountFen), updatedAt: now });
  else await tx.set('accounts', userId, { ...ZERO_BALANCES, frozenFen: amountFen, createdAt: now, updatedAt: now });
  const entry: LedgerEntry = { _id: settleEntryId(orderId, userId), userId, kind: 'settle', deltas: { ...ZERO_BALANCES, frozenFen: amountFen }, ref: { orderId, commissionIds }, at: now };
  await tx.add('ledgerEntries', entry);
}

/** The order's goods as paid, net of refunds so far (shipping is not sales). */
function netGoodsFen(order: OrderDocument): number {
  return order.lines.reduce((sum, line) => sum + line.paidFen - line.refundedFen, 0);
}

async function settleIn(tx: Tx, orderId: string, now: Date): Promise<Outcome> {
  const order = await tx.get<OrderDocument>('orders', orderId);
  if (!order) return 'ORDER_NOT_FOUND';
  if (order.settlement.state === 'settled') return { status: 'alreadySettled', commissionCount: 0 };
  if (!SETTLEABLE.includes(order.status)) return 'NOT_PAID';
  const commissions = commissionsOf(order, now);
  for (const commission of commissions) await tx.add('commissions', commission);
  for (const [userId, sum] of frozenByBeneficiary(commissions)) await creditFrozen(tx, userId, sum.amountFen, orderId, sum.ids, now);
  const net = netGoodsFen(order);
  const buyer = await tx.get<UserDocument>('users', order.buyerId);
  if (buyer) {
    await tx.update('users', buyer._id, { 'stats.paidSpendFen': _.inc(net) });
    for (const ancestor of buyer.ancestors) await tx.update('users', ancestor, { 'stats.teamPaidSalesFen': _.inc(net) });
  }
  await tx.update('orders', orderId, { 'settlement.state': 'settled', 'settlement.settledAt': now });
  return { status: 'settled', commissionCount: commissions.length };
}

export async function settleOrder(orderId: string, now: Date): Promise<Result<SettleCommissionOutput>> {
  const outcome = await inTransaction((tx) => settleIn(tx, orderId, now));
  if (outcome === BUSY) return fail('BUSY', 'the order is being settled concurrently; the sweep will finish it');
  if (outcome === 'ORDER_NOT_FOUND') return fail('ORDER_NOT_FOUND', `no order ${orderId}`);
  if (outcome === 'NOT_PAID') return fail('NOT_PAID', `order ${orderId} is not paid`);
  return ok(outcome);
}
