/**
 * The faults a step may carry: on a wire request of one function (its nth request of one
 * action fails, answers a transaction conflict, is delayed, loses its answer after the work
 * committed, or kills the instance after it committed), or on the invocation itself (it fails
 * before running, or runs to the end and its caller never hears). Every fault names its request
 * by count, never by time, so under the interleaving gate it lands on the same request in a
 * replay. A step lists the functions of its money path; the fault picks one of them.
 */
import fc from 'fast-check';
import type { Real } from './world';

type Kind = 'fail' | 'conflict' | 'delay' | 'loseResponse' | 'killInstance';

export interface Fault {
  kind: Kind;
  fn: string;
  /** The wire action; absent for a fault on the invocation. */
  action?: string;
  nth: number;
}

/** The wire actions the functions send; the reads and transaction steps of every money path. */
const ACTIONS = [
  'database.getDocument',
  'database.modifyDocument',
  'database.insertDocument',
  'database.aggregateDocuments',
  'database.startTransaction',
  'database.commitTransaction',
  'wx.wxPayApi',
  'functions.invokeFunction',
] as const;
const TRANSACTION_WRITES = ['database.commitTransaction', 'database.modifyDocument', 'database.getDocument'] as const;

function oneFault(fns: readonly string[]): fc.Arbitrary<Fault> {
  const nth = fc.integer({ min: 1, max: 8 });
  const fn = fc.constantFrom(...fns);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .record({
          fn,
          nth,
          kind: fc.constantFrom<Kind>('fail', 'delay', 'loseResponse', 'killInstance', 'killInstance'),
          action: fc.constantFrom(...ACTIONS),
        })
        .map((fault): Fault => fault),
    },
    {
      // A conflict answered on a transaction's read, write or commit: the caller retries the transaction.
      weight: 3,
      arbitrary: fc
        .record({ fn, nth, action: fc.constantFrom(...TRANSACTION_WRITES) })
        .map((fault): Fault => ({ ...fault, kind: 'conflict' })),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({ fn, kind: fc.constantFrom<Kind>('fail', 'loseResponse') })
        .map((fault): Fault => ({ ...fault, nth: 1 })),
    },
  );
}

/** No fault (most steps), or one or two on the functions of the step's money path. */
export function faultsOn(fns: readonly string[]): fc.Arbitrary<Fault[]> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant<Fault[]>([]) },
    { weight: 2, arbitrary: fc.array(oneFault(fns), { minLength: 1, maxLength: 2 }) },
  );
}

export function injectFaults(real: Real, faults: readonly Fault[]): void {
  for (const fault of faults) {
    const scope = { function: fault.fn, action: fault.action, nth: fault.nth };
    if (fault.kind === 'conflict')
      real.emu.injectFault({ ...scope, kind: 'fail', code: 'DATABASE_TRANSACTION_CONFLICT', message: 'conflict' });
    else if (fault.kind === 'delay') real.emu.injectFault({ ...scope, kind: 'delay', delayMs: 20 });
    else real.emu.injectFault({ ...scope, kind: fault.kind });
  }
}

export function describeFaults(faults: readonly Fault[]): string {
  if (faults.length === 0) return '';
  const one = (fault: Fault): string =>
    `${fault.kind} ${fault.fn}${fault.action ? ` ${fault.action} #${fault.nth}` : ' invocation'}`;
  return ` [${faults.map(one).join('; ')}]`;
}
