/**
 * The one place that writes the `status` of an order, an after-sale or a withdrawal. Each write
 * names a transition of the document's machine (shared/orderStates.ts, shared/afterSales.ts,
 * shared/withdrawals.ts) and this module turns the table into the write:
 *
 * - a conditional update: `where` gets `status: from` (or `status: _.in(from)` for several), so
 *   of racing callers exactly one moves the document; `data` gets `status: to`;
 * - inside a transaction: the document the transaction read is the condition (its status must be
 *   one of `from`), and the write sets `status: to`;
 * - an insert: the document starts in the machine's initial state.
 *
 * Callers pass their other conditions and fields; neither may name `status` (the types refuse
 * it), and tests/rules/status-writes.test.ts refuses a status write anywhere else.
 */
import type { Documents } from '@shared/collections';
import type { StateMachine } from '@shared/stateMachine';
import { _, insertDoc, updateWhere, type DuplicateKey } from './db';
import type { NewDocument, Tx } from './tx';

/**
 * Conditions or fields a caller adds to a transition: anything but `status`, which the table
 * decides. Code that builds an order's, after-sale's or withdrawal's fields field by field types
 * them so, which also shows the status rule test that they hold no status.
 */
export type WithoutStatus = { [field: string]: unknown; status?: never };

/** The collections whose documents have a machine: orders, after-sales, withdrawals, groups (拼团) and top-ups. */
type Governed = 'orders' | 'afterSales' | 'withdrawals' | 'groups' | 'topUps';

/**
 * The states the write is conditional on: the transition's `from`, or the one state `only` of it
 * when the caller's other conditions hold for that state alone (refusing an approved after-sale
 * also checks its refund attempts). A state outside `from` is a programming error.
 */
function fromStates<S extends string, E extends string>(machine: StateMachine<S, E>, event: E, only?: S): readonly S[] {
  const { from } = machine.transitions[event];
  if (only === undefined) return from;
  if (!from.includes(only)) throw new Error(`${machine.collection}: transition ${event} does not start from ${only}`);
  return [only];
}

/** The conditional update of a transition: the caller's `where` and `data` with the table's status. */
function transitionUpdate<S extends string, E extends string>(
  machine: StateMachine<S, E>,
  event: NoInfer<E>,
  where: WithoutStatus,
  data: WithoutStatus,
  only?: NoInfer<S>,
): { where: object; data: object } {
  const from = fromStates(machine, event, only);
  const status = from.length === 1 ? from[0] : _.in([...from]);
  return { where: { ...where, status }, data: { ...data, status: machine.transitions[event].to } };
}

/**
 * Moves the documents matching `where` (normally one `_id`) along `event`, with one conditional
 * update. Answers how many documents changed: 0 when the status was not (or no longer) a `from`.
 */
export async function transition<S extends string, E extends string>(
  machine: StateMachine<S, E, Governed>,
  event: NoInfer<E>,
  where: WithoutStatus,
  data: WithoutStatus,
  options: { only?: NoInfer<S> } = {},
): Promise<number> {
  const update = transitionUpdate(machine, event, where, data, options.only);
  return updateWhere(machine.collection, update.where, update.data);
}

/**
 * Inside a transaction: moves document `id`, which the transaction read as `current`, along
 * `event`. Writes nothing and answers false when `current` is not in a `from` state. `write`:
 * `update` changes the given fields, `set` replaces the document with them.
 */
export async function transitionInTx<S extends string, E extends string>(
  tx: Tx,
  machine: StateMachine<S, E, Governed>,
  event: NoInfer<E>,
  current: { _id: string; status: NoInfer<S> },
  data: WithoutStatus,
  write: 'update' | 'set' = 'update',
): Promise<boolean> {
  const { from, to } = machine.transitions[event];
  if (!from.includes(current.status)) return false;
  const fields = { ...data, status: to };
  // A `set` replaces the whole document: the caller built every field of it (typed by its own
  // builder); the table adds the status, so the fields are the collection's document here.
  if (write === 'set')
    await tx.set(machine.collection, current._id, fields as unknown as Omit<Documents[Governed], '_id'>);
  else await tx.update(machine.collection, current._id, fields);
  return true;
}

/** A new document in the machine's initial state (its builder already says so; the table decides). */
function initial<S extends string, D extends { status: S }>(machine: StateMachine<S, string>, doc: D): D {
  return { ...doc, status: machine.initial };
}

/** Inserts a new document in its initial state; a duplicate `_id` is answered, as insertDoc does. */
export async function insertInitial<S extends string, C extends Governed>(
  machine: StateMachine<S, string, C>,
  doc: Documents[C] & { status: NoInfer<S> },
): Promise<'inserted' | DuplicateKey> {
  return insertDoc(machine.collection, initial(machine, doc));
}

/**
 * Adds a new document inside a transaction already moved along `event` from its initial state: a
 * move that happens as the document is created (a withdrawal to the balance is recorded withdrawn).
 * An event that does not start from the initial state is a programming error.
 */
export async function addMovedInTx<S extends string, E extends string, C extends Governed>(
  tx: Tx,
  machine: StateMachine<S, E, C>,
  event: NoInfer<E>,
  doc: Documents[C] & { status: NoInfer<S> },
): Promise<void> {
  const { from, to } = machine.transitions[event];
  if (!from.includes(machine.initial))
    throw new Error(`${machine.collection}: ${event} does not start from the initial state`);
  await tx.add(machine.collection, { ...doc, status: to } as unknown as NewDocument<Documents[C]>);
}

/** Adds a new document in its initial state inside a transaction. */
export async function addInitialInTx<S extends string, C extends Governed>(
  tx: Tx,
  machine: StateMachine<S, string, C>,
  doc: Documents[C] & { status: NoInfer<S> },
): Promise<void> {
  // A whole document of collection C (its `_id` included) is a valid new document of C; the
  // compiler cannot see that through the generic mapped type.
  await tx.add(machine.collection, initial(machine, doc) as unknown as NewDocument<Documents[C]>);
}
