/**
 * A state machine as data: the states a document's `status` may take, the state a new document
 * starts in, and the named transitions between them. The tables (orders in orderStates.ts,
 * after-sales in afterSales.ts, withdrawals in withdrawals.ts) are what the functions run:
 * every status write goes through cloudfunctions/_lib/transitions.ts, which builds the write's
 * condition (`status` is one of `from`) and its new status (`to`) from the table, and
 * tests/rules/status-writes.test.ts refuses any other code that writes one of these statuses.
 */

export interface Transition<S extends string> {
  /** The states the transition may start from: the write's condition on `status`. */
  readonly from: readonly S[];
  /** The state it leads to: the `status` the write sets. */
  readonly to: S;
}

export interface StateMachine<S extends string, E extends string, C extends string = string> {
  /** The collection whose documents' `status` this machine governs. */
  readonly collection: C;
  /** The status of a newly inserted document. */
  readonly initial: S;
  readonly transitions: Readonly<Record<E, Transition<S>>>;
}

/** The state `event` leads to from `status`, or undefined when the event is not allowed there. */
export function nextState<S extends string, E extends string>(
  machine: StateMachine<S, E>,
  status: S,
  event: E,
): S | undefined {
  const transition = machine.transitions[event];
  return transition.from.includes(status) ? transition.to : undefined;
}
