/**
 * The state machine tables are well formed, and the transition helper's types refuse a
 * transition name its table lacks and a caller's own `status` (the lines marked
 * `@ts-expect-error` fail the type check, tests/typecheck.test.ts, if they ever compile).
 */
import type { transition, transitionInTx } from '../../cloudfunctions/_lib/transitions';
import { AFTER_SALE_MACHINE, AFTER_SALE_STATUSES } from '@shared/afterSales';
import { ORDER_MACHINE, type OrderStatus } from '@shared/orderStates';
import type { StateMachine } from '@shared/stateMachine';
import { TOP_UP_MACHINE, type TopUpStatus } from '@shared/topUps';
import { WITHDRAWAL_MACHINE, type WithdrawalStatus } from '@shared/withdrawals';

const ORDER_STATUSES: OrderStatus[] = ['pending_payment', 'paid', 'shipped', 'completed', 'closed'];
const WITHDRAWAL_STATUSES: WithdrawalStatus[] = ['reviewing', 'paying', 'withdrawn', 'rejected', 'failed'];
const TOP_UP_STATUSES: TopUpStatus[] = ['pending_payment', 'paid', 'refunding', 'refunded'];

const MACHINES: Array<[string, StateMachine<string, string>, readonly string[]]> = [
  ['orders', ORDER_MACHINE, ORDER_STATUSES],
  ['afterSales', AFTER_SALE_MACHINE, AFTER_SALE_STATUSES],
  ['withdrawals', WITHDRAWAL_MACHINE, WITHDRAWAL_STATUSES],
  ['topUps', TOP_UP_MACHINE, TOP_UP_STATUSES],
];

describe.each(MACHINES)('the %s machine', (collection, machine, statuses) => {
  it('governs its collection and starts new documents in one of its states', () => {
    expect(machine.collection).toBe(collection);
    expect(statuses).toContain(machine.initial);
  });

  it('moves only between its states, each transition from at least one state', () => {
    for (const { from, to } of Object.values(machine.transitions)) {
      expect(from.length).toBeGreaterThan(0);
      for (const state of [...from, to]) expect(statuses).toContain(state);
    }
  });
});

// Type-level only: these calls are never made.
type Transition = typeof transition;
type TransitionInTx = typeof transitionInTx;
export function typeChecks(move: Transition, moveInTx: TransitionInTx, tx: Parameters<TransitionInTx>[0]): void {
  void move(ORDER_MACHINE, 'ship', { _id: 'o' }, { updatedAt: new Date() });
  // @ts-expect-error: 'refund' is not a transition of the order machine.
  void move(ORDER_MACHINE, 'refund', { _id: 'o' }, {});
  // @ts-expect-error: the status written is the table's `to`, never the caller's.
  void move(ORDER_MACHINE, 'ship', { _id: 'o' }, { status: 'shipped' });
  // @ts-expect-error: the condition on status is the table's `from`, never the caller's.
  void move(AFTER_SALE_MACHINE, 'cancel', { _id: 'a', status: 'requested' }, {});
  // @ts-expect-error: 'shipped' is not a state the refuse transition (or the machine) knows.
  void move(AFTER_SALE_MACHINE, 'refuse', { _id: 'a' }, {}, { only: 'shipped' });
  // @ts-expect-error: 'ship' is not a transition of the withdrawal machine.
  void moveInTx(tx, WITHDRAWAL_MACHINE, 'ship', { _id: 'w', status: 'paying' }, {});
}
