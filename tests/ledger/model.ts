/**
 * The ledger's model-based test: random sequences of binds, orders, payments, duplicate
 * callbacks, ships, receipts, clock jumps, timer runs, refunds, withdrawals, reviews and rule
 * edits, and groups of them started at once, against the real functions on the emulator. A
 * step may carry faults on the functions of its money path (payment, settlement, refund,
 * reversal, release, review, payout, sync): a request that fails, answers a transaction
 * conflict, is delayed, loses its answer after committing, or kills its instance.
 *
 * Everything the model chooses comes from fast-check's seed: the steps, their faults, and the
 * order in which concurrent invocations' database requests proceed (the emulator's
 * interleaving gate, emulator/src/interleave.ts, is on for the whole run and reseeded by each
 * step). So `MODEL_SEED=<seed> MODEL_PATH=<path>` replays a failure, and fast-check shrinks it.
 *
 * After every step every invariant is checked over the whole database and the payment
 * sandboxes (tests/helpers/invariants.ts); at the end the system is driven to rest and checked
 * again, with the checks that hold only at rest. The pieces are in tests/ledger/model/; this
 * file holds the command arbitraries.
 */
import fc from 'fast-check';
import { faultsOn } from './model/faults';
import { Refund, Review, Withdraw, type Decision } from './model/moneySteps';
import {
  Bind,
  ClockJump,
  Confirm,
  DuplicateCallback,
  EditRules,
  Pay,
  Place,
  Ship,
  TIMERS,
  TimerRun,
  type RuleChange,
} from './model/shopSteps';
import type { Step } from './model/step';
import { Together } from './model/together';
import { ADMIN, ADMIN2, DISTRIBUTORS, PEOPLE, type Model, type Real } from './model/world';

type Command = fc.Arbitrary<Step>;

/** The functions each money path runs, where a step's faults land. */
const PATHS = {
  payment: ['placeOrder', 'onPayCallback', 'settleCommission'],
  order: ['admin', 'order', 'autoConfirmOrders', 'releaseCommissions'],
  refund: ['afterSale', 'admin', 'onRefundCallback'],
  withdraw: ['withdraw'],
  review: ['admin', 'withdraw', 'syncWithdrawals'],
} as const;

const pick = fc.nat(50);
const DECISIONS: Decision[] = [
  'approve',
  'approveAndPay',
  'approveAndPay',
  'reject',
  'markPaid',
  'userConfirms',
  'userDeclines',
  'bankFails',
  'sync',
];

/** A step arbitrary with faults on `fns` and a gate seed. */
function faulted(step: fc.Arbitrary<Step>, fns: readonly string[]): Command {
  return fc.tuple(step, faultsOn(fns), fc.nat()).map(([made, faults, seed]) => made.with(faults, seed));
}

const place = faulted(
  fc
    .tuple(
      fc.constantFrom(...PEOPLE),
      fc.array(fc.record({ sku: fc.nat(1), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 2 }),
    )
    .map(([buyer, items]): Step => new Place(buyer, items)),
  PATHS.payment,
);
const pay = faulted(
  pick.map((n): Step => new Pay(n)),
  PATHS.payment,
);
const ship = faulted(
  pick.map((n): Step => new Ship(n)),
  PATHS.order,
);
const confirm = faulted(
  pick.map((n): Step => new Confirm(n)),
  PATHS.order,
);
const timer = fc
  .tuple(fc.constantFrom(...TIMERS), fc.boolean())
  .chain(([name, twice]) => faulted(fc.constant(new TimerRun(name, twice)), [name, 'settleCommission']));
const withdraw = faulted(
  fc
    .tuple(
      fc.constantFrom(...DISTRIBUTORS),
      fc.constantFrom(100, 500, 2_000, 50_000),
      fc.constantFrom<'wechatTransfer' | 'manual'>('wechatTransfer', 'manual'),
    )
    .map(([user, amountFen, channel]): Step => new Withdraw(user, amountFen, channel)),
  PATHS.withdraw,
);
const review = faulted(
  fc
    .tuple(pick, fc.constantFrom(...DECISIONS), fc.constantFrom(ADMIN, ADMIN2))
    .map(([n, decision, admin]): Step => new Review(n, decision, admin)),
  PATHS.review,
);
const editRules = faulted(
  fc
    .record({
      ratesBp: fc.constantFrom<RuleChange['ratesBp']>([1000, 500, 300], [2000, 800, 200], [500, 0, 0]),
      capBp: fc.constantFrom(3000, 1500, 2500),
      returnWindowDays: fc.constantFrom(7, 3, 14),
      feeBp: fc.constantFrom(100, 0, 250),
    })
    .map((change): Step => new EditRules(change)),
  ['admin'],
);

/** Groups started at once: the races the brief of the model names first, then any mix. */
const together: Command = fc
  .tuple(
    fc.oneof(
      fc.tuple(pay, pay),
      fc.tuple(withdraw, faulted(fc.constant(new TimerRun('releaseCommissions', false)), ['releaseCommissions'])),
      fc
        .tuple(pick, fc.constantFrom(...DECISIONS), fc.constantFrom(...DECISIONS))
        .map(([n, first, second]) => [new Review(n, first, ADMIN), new Review(n, second, ADMIN2)] as Step[]),
      fc.array(fc.oneof(place, pay, ship, confirm, timer, withdraw, review, editRules), { minLength: 2, maxLength: 3 }),
    ),
    fc.nat(),
  )
  .map(([steps, seed]) => new Together([...steps]).with([], seed));

/** Every command the model can pick; repeats weight the money paths (fc.commands picks uniformly). */
export function commands(): Array<fc.Arbitrary<fc.AsyncCommand<Model, Real>>> {
  const weighted = (weight: number, arbitrary: Command): Command[] => Array.from({ length: weight }, () => arbitrary);
  return [
    faulted(
      fc.tuple(fc.constantFrom(...PEOPLE), fc.constantFrom(...DISTRIBUTORS)).map(([c, r]): Step => new Bind(c, r)),
      ['bindReferrer'],
    ),
    ...weighted(3, place),
    ...weighted(3, pay),
    faulted(
      pick.map((n): Step => new DuplicateCallback(n)),
      PATHS.payment,
    ),
    ...weighted(2, ship),
    ...weighted(2, confirm),
    ...weighted(
      2,
      fc.constantFrom(1, 30, 60 * 24, 60 * 24 * 8).map((minutes): Step => new ClockJump(minutes)),
    ),
    ...weighted(3, timer),
    ...weighted(
      2,
      faulted(
        fc
          .tuple(pick, fc.nat(1), fc.constantFrom<'third' | 'rest'>('third', 'rest'))
          .map(([n, line, share]): Step => new Refund(n, line, share)),
        PATHS.refund,
      ),
    ),
    ...weighted(3, withdraw),
    ...weighted(3, review),
    editRules,
    ...weighted(3, together),
  ];
}
