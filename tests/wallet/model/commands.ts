/**
 * The wallet model's command arbitraries. A step may carry faults on the functions of its money
 * path (tests/ledger/model/faults.ts: a failing request, a conflict, a delay, a lost answer after
 * the commit, a killed instance), and "together" steps start two to four steps at once.
 */
import fc from 'fast-check';
import { faultsOn } from '../../ledger/model/faults';
import type { Real } from '../../ledger/model/world';
import { TOP_UP_RULES } from '../../helpers/wallet';
import {
  ClockJump,
  Confirm,
  DuplicateCallback,
  PayWechat,
  PayWithBalance,
  Place,
  Refund,
  Ship,
  TIMERS,
  TimerRun,
} from './shopSteps';
import { Together, type Step } from './step';
import { Adjust, PayTopUp, RefundTopUp, TopUp, WithdrawToBalance } from './walletSteps';
import { DISTRIBUTORS, SHOPPERS, type PayBy, type WalletModel } from './world';

type Command = fc.Arbitrary<Step>;

/** The functions each money path runs, where a step's faults land. */
const PATHS = {
  topUp: ['wallet', 'onPayCallback'],
  balancePay: ['placeOrder', 'order', 'settleCommission'],
  wechatPay: ['placeOrder', 'onPayCallback', 'settleCommission'],
  order: ['admin', 'order', 'autoConfirmOrders'],
  refund: ['afterSale', 'admin', 'onRefundCallback'],
  topUpRefund: ['admin', 'onRefundCallback'],
  withdraw: ['withdraw'],
  adjust: ['admin'],
} as const;

const pick = fc.nat(50);
const shopper = fc.constantFrom(...SHOPPERS);

function faulted(step: fc.Arbitrary<Step>, fns: readonly string[]): Command {
  return fc.tuple(step, faultsOn(fns), fc.nat()).map(([made, faults, seed]) => made.with(faults, seed));
}

const place = (payBy: PayBy): Command =>
  faulted(
    fc
      .tuple(
        shopper,
        fc.array(fc.record({ sku: fc.nat(1), quantity: fc.integer({ min: 1, max: 2 }) }), {
          minLength: 1,
          maxLength: 2,
        }),
        fc.boolean(),
      )
      .map(([buyer, items, usePoints]): Step => new Place(buyer, items, payBy, usePoints)),
    payBy === 'balance' ? PATHS.balancePay : PATHS.wechatPay,
  );
const placeBalance = place('balance');
const payWithBalance = faulted(
  pick.map((n): Step => new PayWithBalance(n)),
  PATHS.balancePay,
);
const payWechat = faulted(
  pick.map((n): Step => new PayWechat(n)),
  PATHS.wechatPay,
);
const topUp = faulted(
  fc
    .tuple(shopper, fc.constantFrom(...TOP_UP_RULES.topUpTiers.map((tier) => tier.amountFen), 2_345), fc.nat(3))
    .map(([user, amountFen, pay]): Step => new TopUp(user, amountFen, pay > 0)),
  PATHS.topUp,
);
const duplicate = faulted(
  fc
    .tuple(pick, fc.constantFrom<'order' | 'topUp'>('order', 'topUp'))
    .map(([n, of]): Step => new DuplicateCallback(n, of)),
  PATHS.wechatPay,
);
const withdraw = faulted(
  fc
    .tuple(fc.constantFrom(...DISTRIBUTORS), fc.constantFrom(100, 500, 1_000, 3_000))
    .map(([user, amountFen]): Step => new WithdrawToBalance(user, amountFen)),
  PATHS.withdraw,
);
const adjust = faulted(
  fc
    .tuple(
      fc.constantFrom<'balance' | 'points'>('balance', 'points'),
      shopper,
      fc.constantFrom(-5_000, -300, 300, 20_000),
    )
    .map(([what, user, amount]): Step => new Adjust(what, user, amount)),
  PATHS.adjust,
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

/**
 * Groups started at once: balance payments of one buyer (new orders, or placing while paying an
 * unpaid one), one order paid twice, and any mix of steps that move no clock.
 */
const together: Command = fc
  .tuple(
    fc.oneof(
      shopper.chain((buyer) =>
        fc.array(
          faulted(
            fc
              .tuple(fc.nat(1), fc.boolean())
              .map(([sku, usePoints]): Step => new Place(buyer, [{ sku, quantity: 1 }], 'balance', usePoints)),
            PATHS.balancePay,
          ),
          { minLength: 2, maxLength: 4 },
        ),
      ),
      pick.map((n) => [new PayWithBalance(n), new PayWithBalance(n)] as Step[]),
      pick.map((n) => [new PayWechat(n), new PayWechat(n), new DuplicateCallback(n, 'order')] as Step[]),
      fc.tuple(placeBalance, payWithBalance, topUp),
      fc.array(fc.oneof(placeBalance, payWithBalance, payWechat, topUp, withdraw, adjust, ship, confirm, timer), {
        minLength: 2,
        maxLength: 4,
      }),
    ),
    fc.nat(),
  )
  .map(([steps, seed]) => new Together([...steps]).with([], seed));

/** Every command the model can pick; repeats weight the money paths (fc.commands picks uniformly). */
export function commands(): Array<fc.Arbitrary<fc.AsyncCommand<WalletModel, Real>>> {
  const weighted = (weight: number, arbitrary: Command): Command[] => Array.from({ length: weight }, () => arbitrary);
  return [
    ...weighted(3, topUp),
    faulted(
      pick.map((n): Step => new PayTopUp(n)),
      PATHS.topUp,
    ),
    duplicate,
    ...weighted(4, placeBalance),
    ...weighted(2, place('wechat')),
    ...weighted(2, payWithBalance),
    ...weighted(2, payWechat),
    ship,
    confirm,
    ...weighted(
      3,
      faulted(
        fc
          .tuple(
            pick,
            fc.nat(1),
            fc.constantFrom<'third' | 'rest'>('third', 'rest'),
            fc.constantFrom<PayBy | undefined>('balance', 'balance', undefined),
          )
          .map(([n, line, share, payBy]): Step => new Refund(n, line, share, payBy)),
        PATHS.refund,
      ),
    ),
    fc.constantFrom(1, 60 * 24, 60 * 24 * 8, 60 * 24 * 40).map((minutes): Step => new ClockJump(minutes)),
    ...weighted(2, timer),
    ...weighted(2, withdraw),
    ...weighted(
      2,
      faulted(
        pick.map((n): Step => new RefundTopUp(n)),
        PATHS.topUpRefund,
      ),
    ),
    ...weighted(2, adjust),
    ...weighted(3, together),
  ];
}
