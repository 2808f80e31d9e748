/**
 * The ledger's model-based test: random sequences of binds, orders,
 * payments, duplicate callbacks, ships, receipts, clock jumps, timer runs (sometimes two at
 * once), refunds, withdrawals and reviews, some with an injected fault (a response lost after
 * the work committed, an instance killed mid-call), against the real functions on the emulator.
 * After every step every invariant of docs/rules.md section 8 is checked over the whole
 * database (tests/helpers/invariants.ts); at the end the system is driven to rest (timers run
 * until nothing is left to do) and checked again, including the cross-checks that only hold at
 * rest.
 *
 * This file holds the commands; model.test.ts runs them with a seed count that keeps `npm test`
 * under two minutes, and `npm run test:model` runs many more (MODEL_RUNS, MODEL_SEED).
 */
import fc from 'fast-check';
import type { EmulatorFixture } from '../helpers/emulator';
import { checkAll, snapshotOf, type Known } from '../helpers/invariants';
import { seedAddress, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';
import type { UserDocument } from '@shared/users';

export const SUB_MCH_ID = '1900000109';
export const ADMIN = 'oADMIN';
export const DISTRIBUTORS = ['oD1', 'oD2', 'oD3'] as const;
export const SHOPPERS = ['oS1', 'oS2', 'oS3'] as const;
const PEOPLE = [...DISTRIBUTORS, ...SHOPPERS];
export const SKUS = [
  { _id: 'sku-tea', priceFen: 10_000, stock: 12 },
  { _id: 'sku-cup', priceFen: 3_333, stock: 12 },
] as const;

/** What the model remembers between steps: ids the real system handed out. */
export interface Model {
  orders: Array<{ id: string; buyer: string }>;
  withdrawals: Array<{ id: string; user: string }>;
  keys: number;
}

export interface Real {
  f: EmulatorFixture;
  known: Known;
  /** Steps run so far, printed with a failure. */
  log: string[];
}

type Json = Record<string, any>;
const WHO = fc.constantFrom(...PEOPLE);
const FAULT = fc.constantFrom<'none' | 'loseResponse' | 'killInstance'>(
  'none',
  'none',
  'none',
  'loseResponse',
  'killInstance',
);

export function now(real: Real): Date {
  return new Date(real.f.emu.emulator.options.clock.now());
}

async function control(real: Real, method: 'GET' | 'POST', path: string, body?: object): Promise<Json> {
  const response = await fetch(`${real.f.emu.url}/_emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  return (await response.json()) as Json;
}

async function call(real: Real, name: string, data: object, openid?: string): Promise<Json | undefined> {
  const { result, error } = await real.f.emu.call(name, data, openid ? { openid } : {});
  return error ? undefined : (result as Json);
}

/**
 * Runs `work` with a fault on the first call of `fn` (when asked), then clears faults and
 * waits for fire-and-forget work (a settlement started by a payment) to finish.
 */
async function withFault(
  real: Real,
  fault: 'none' | 'loseResponse' | 'killInstance',
  fn: string,
  work: () => Promise<unknown>,
): Promise<void> {
  if (fault === 'loseResponse') real.f.emu.injectFault({ function: fn, kind: 'loseResponse' });
  if (fault === 'killInstance') real.f.emu.injectFault({ function: fn, kind: 'killInstance', delayMs: 5 });
  try {
    await work();
  } finally {
    real.f.emu.emulator.faults.clear();
    await settleDown(real);
  }
}

/** Waits until no function invocation is running (a settlement or callback in flight). */
export async function settleDown(real: Real): Promise<void> {
  // Up to a minute (a busy machine runs a settlement slowly); a step never compares mid-flight state.
  for (let i = 0; i < 6_000; i += 1) {
    const running = real.f.emu.emulator.stats
      .snapshot()
      .invocations.filter((invocation) => invocation.status === 'running');
    if (running.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('an invocation was still running after a minute');
}

abstract class Step implements fc.AsyncCommand<Model, Real> {
  check(_model: Readonly<Model>): boolean {
    return true;
  }
  abstract act(model: Model, real: Real): Promise<void>;
  async run(model: Model, real: Real): Promise<void> {
    real.log.push(this.toString());
    await this.act(model, real);
    const problems = checkAll(snapshotOf(real.f.emu.emulator.store), real.known);
    if (problems.length > 0)
      throw new Error(`after ${this.toString()}:\n  ${problems.join('\n  ')}\nsteps:\n  ${real.log.join('\n  ')}`);
  }
  abstract toString(): string;
}

class Bind extends Step {
  constructor(
    readonly caller: string,
    readonly referrer: string,
  ) {
    super();
  }
  async act(_model: Model, real: Real): Promise<void> {
    const users = snapshotOf(real.f.emu.emulator.store).users as UserDocument[];
    const shareCode = users.find((user) => user._id === this.referrer)?.shareCode;
    await call(real, 'bindReferrer', { shareCode }, this.caller);
  }
  toString(): string {
    return `bind ${this.caller} → ${this.referrer}`;
  }
}

class Place extends Step {
  constructor(
    readonly buyer: string,
    readonly items: Array<{ sku: number; quantity: number }>,
    readonly fault: 'none' | 'loseResponse' | 'killInstance',
  ) {
    super();
  }
  async act(model: Model, real: Real): Promise<void> {
    model.keys += 1;
    const idempotencyKey = `model-${String(model.keys).padStart(6, '0')}`;
    const items = this.items.map((item) => ({ skuId: SKUS[item.sku % SKUS.length]!._id, quantity: item.quantity }));
    const input = { items: mergeItems(items), addressId: `addr-${this.buyer}`, idempotencyKey };
    let placed: Json | undefined;
    await withFault(real, this.fault, 'placeOrder', async () => {
      placed = await call(real, 'placeOrder', input, this.buyer);
    });
    // A shopper whose app saw an error retries with the same key, as the client does.
    if (placed === undefined) placed = await call(real, 'placeOrder', input, this.buyer);
    if (placed?.ok) model.orders.push({ id: placed.data.orderId, buyer: this.buyer });
  }
  toString(): string {
    return `place ${this.buyer} ${JSON.stringify(this.items)}${this.fault === 'none' ? '' : ` (${this.fault})`}`;
  }
}

function mergeItems(items: Array<{ skuId: string; quantity: number }>): Array<{ skuId: string; quantity: number }> {
  const merged = new Map<string, number>();
  for (const item of items) merged.set(item.skuId, (merged.get(item.skuId) ?? 0) + item.quantity);
  return [...merged].map(([skuId, quantity]) => ({ skuId, quantity }));
}

abstract class OnOrder extends Step {
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

class Pay extends OnOrder {
  async act(model: Model, real: Real): Promise<void> {
    const { id } = this.order(model);
    await control(real, 'POST', `/payments/${id}/pay`);
    await settleDown(real);
  }
  toString(): string {
    return `pay order#${this.pick}`;
  }
}

class DuplicateCallback extends OnOrder {
  async act(model: Model, real: Real): Promise<void> {
    const payment = await control(real, 'GET', `/payments/${this.order(model).id}`);
    if (!payment.callback?.event) return;
    await Promise.all(
      [1, 2].map(() => real.f.emu.call('onPayCallback', payment.callback.event, { source: 'wx_paycallback' })),
    );
    await settleDown(real);
  }
  toString(): string {
    return `duplicate payment callbacks order#${this.pick}`;
  }
}

class Ship extends OnOrder {
  async act(model: Model, real: Real): Promise<void> {
    await call(
      real,
      'admin',
      { $url: 'shipOrder', orderId: this.order(model).id, carrier: '顺丰速运', trackingNo: 'SF1234567890' },
      ADMIN,
    );
  }
  toString(): string {
    return `ship order#${this.pick}`;
  }
}

class Confirm extends OnOrder {
  async act(model: Model, real: Real): Promise<void> {
    const { id, buyer } = this.order(model);
    await call(real, 'order', { $url: 'confirmReceipt', orderId: id }, buyer);
  }
  toString(): string {
    return `confirm receipt order#${this.pick}`;
  }
}

class ClockJump extends Step {
  constructor(readonly minutes: number) {
    super();
  }
  async act(_model: Model, real: Real): Promise<void> {
    await real.f.emu.advanceClock(this.minutes * 60_000);
    await settleDown(real);
  }
  toString(): string {
    return `clock +${this.minutes} min`;
  }
}

/** The timers the model runs by hand (the emulator's scheduler is off, so runs happen only here). */
export const TIMERS = [
  'sweepSettlements',
  'closeUnpaidOrders',
  'autoConfirmOrders',
  'releaseCommissions',
  'syncWithdrawals',
];

/**
 * A shopper asks for a refund of part (or the rest) of one line, the merchant approves, WeChat
 * Pay completes it 5 s later and calls onRefundCallback (sometimes dying or losing its answer,
 * then delivered again by the platform's schedule).
 */
class Refund extends OnOrder {
  constructor(
    pick: number,
    readonly line: number,
    readonly share: 'third' | 'rest',
    readonly fault: 'none' | 'loseResponse' | 'killInstance',
  ) {
    super(pick);
  }
  async act(model: Model, real: Real): Promise<void> {
    const { id, buyer } = this.order(model);
    const order = snapshotOf(real.f.emu.emulator.store).orders.find((doc) => doc._id === id);
    const line = order?.lines[this.line % (order?.lines.length ?? 1)];
    if (!order || !line) return;
    const leftFen = line.paidFen - line.refundedFen;
    const amountFen = this.share === 'rest' ? leftFen : Math.floor(leftFen / 3);
    if (amountFen <= 0) return;
    model.keys += 1;
    const lines = [{ lineIndex: line.lineIndex, quantity: 0, amountFen }];
    const requested = await call(
      real,
      'afterSale',
      {
        $url: 'request',
        orderId: id,
        kind: 'refundOnly',
        lines,
        reason: '不想要了',
        idempotencyKey: `refund-${String(model.keys).padStart(6, '0')}`,
      },
      buyer,
    );
    if (!requested?.ok) return;
    await call(real, 'admin', { $url: 'approveAfterSale', afterSaleId: requested.data.afterSale.id }, ADMIN);
    await withFault(real, this.fault, 'onRefundCallback', () => real.f.emu.advanceClock(10_000));
    // The platform delivers again 15 s later when the first delivery was not acknowledged.
    await real.f.emu.advanceClock(20_000);
    await settleDown(real);
  }
  toString(): string {
    return `refund ${this.share} of line ${this.line} of order#${this.pick}${this.fault === 'none' ? '' : ` (${this.fault})`}`;
  }
}

class Withdraw extends Step {
  constructor(
    readonly user: string,
    readonly amountFen: number,
    readonly channel: 'wechatTransfer' | 'manual',
    readonly fault: 'none' | 'loseResponse' | 'killInstance',
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
    let reply: Json | undefined;
    await withFault(real, this.fault, 'withdraw', async () => {
      reply = await call(real, 'withdraw', input, this.user);
    });
    // The distributor's app retries with the same request id after an error.
    if (reply === undefined) reply = await call(real, 'withdraw', input, this.user);
    if (reply?.ok) model.withdrawals.push({ id: reply.data.withdrawal.id, user: this.user });
  }
  toString(): string {
    return `withdraw ${this.amountFen} fen by ${this.user} via ${this.channel}${this.fault === 'none' ? '' : ` (${this.fault})`}`;
  }
}

type Decision =
  'approve' | 'approveAndPay' | 'reject' | 'markPaid' | 'userConfirms' | 'userDeclines' | 'bankFails' | 'sync';

/** The merchant reviews a withdrawal, or the distributor / the bank act on its transfer. */
class Review extends Step {
  constructor(
    readonly pick: number,
    readonly decision: Decision,
  ) {
    super();
  }
  override check(model: Readonly<Model>): boolean {
    return model.withdrawals.length > 0;
  }
  async act(model: Model, real: Real): Promise<void> {
    const { id } = model.withdrawals[this.pick % model.withdrawals.length]!;
    const withdrawal = (): Json | undefined =>
      real.f.emu.emulator.store.scan('withdrawals').find((doc) => doc._id === id) as Json | undefined;
    const billNo = withdrawal()?.transfer?.outBillNo as string | undefined;
    switch (this.decision) {
      case 'approveAndPay': {
        // The whole happy path: approval, the distributor confirms (or the merchant pays by hand), sync.
        await call(real, 'admin', { $url: 'approveWithdrawal', withdrawalId: id }, ADMIN);
        const approved = withdrawal();
        if (approved?.channel === 'manual')
          await call(real, 'admin', { $url: 'markWithdrawalPaid', withdrawalId: id }, ADMIN);
        else if (approved?.transfer?.outBillNo)
          await control(real, 'POST', `/payouts/${approved.transfer.outBillNo}/confirm`, {});
        await call(real, 'withdraw', { $url: 'sync', withdrawalId: id }, approved?.userId as string);
        break;
      }
      case 'approve':
        await call(real, 'admin', { $url: 'approveWithdrawal', withdrawalId: id }, ADMIN);
        break;
      case 'reject':
        await call(real, 'admin', { $url: 'rejectWithdrawal', withdrawalId: id, reason: '信息不符' }, ADMIN);
        break;
      case 'markPaid':
        await call(real, 'admin', { $url: 'markWithdrawalPaid', withdrawalId: id }, ADMIN);
        break;
      case 'sync':
        await call(real, 'admin', { $url: 'syncWithdrawal', withdrawalId: id }, ADMIN);
        break;
      default:
        if (!billNo) return;
        if (this.decision === 'userConfirms') await control(real, 'POST', `/payouts/${billNo}/confirm`, {});
        if (this.decision === 'userDeclines') await control(real, 'POST', `/payouts/${billNo}/decline`, {});
        if (this.decision === 'bankFails')
          await control(real, 'POST', `/payouts/${billNo}/confirm`, { outcome: 'fail', reason: 'ACCOUNT_FROZEN' });
    }
  }
  toString(): string {
    return `${this.decision} withdrawal#${this.pick}`;
  }
}

class TimerRun extends Step {
  constructor(
    readonly name: string,
    readonly twice: boolean,
    readonly fault: 'none' | 'loseResponse' | 'killInstance',
  ) {
    super();
  }
  async act(_model: Model, real: Real): Promise<void> {
    await withFault(real, this.fault, this.name, () =>
      Promise.all(Array.from({ length: this.twice ? 2 : 1 }, () => real.f.emu.runTimer(this.name, {}))),
    );
  }
  toString(): string {
    return `timer ${this.name}${this.twice ? ' ×2 at once' : ''}${this.fault === 'none' ? '' : ` (${this.fault})`}`;
  }
}

/** Every command the model can pick; repeats weight the money paths (fc.commands picks uniformly). */
export function commands(): Array<fc.Arbitrary<fc.AsyncCommand<Model, Real>>> {
  const pick = fc.nat(50);
  const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>): Array<fc.Arbitrary<T>> =>
    Array.from({ length: weight }, () => arbitrary);
  const timer = fc
    .tuple(fc.constantFrom(...TIMERS), fc.boolean(), FAULT)
    .map(([name, twice, fault]): Step => new TimerRun(name, twice, fault));
  return [
    fc.tuple(WHO, fc.constantFrom(...DISTRIBUTORS)).map(([caller, referrer]): Step => new Bind(caller, referrer)),
    ...weighted(
      3,
      fc
        .tuple(
          WHO,
          fc.array(fc.record({ sku: fc.nat(1), quantity: fc.integer({ min: 1, max: 3 }) }), {
            minLength: 1,
            maxLength: 2,
          }),
          FAULT,
        )
        .map(([buyer, items, fault]): Step => new Place(buyer, items, fault)),
    ),
    ...weighted(
      3,
      pick.map((n): Step => new Pay(n)),
    ),
    pick.map((n): Step => new DuplicateCallback(n)),
    ...weighted(
      2,
      pick.map((n): Step => new Ship(n)),
    ),
    ...weighted(
      2,
      pick.map((n): Step => new Confirm(n)),
    ),
    ...weighted(
      2,
      fc.constantFrom(1, 30, 60 * 24, 60 * 24 * 8).map((minutes): Step => new ClockJump(minutes)),
    ),
    ...weighted(3, timer),
    ...weighted(
      2,
      fc
        .tuple(pick, fc.nat(1), fc.constantFrom<'third' | 'rest'>('third', 'rest'), FAULT)
        .map(([n, line, share, fault]): Step => new Refund(n, line, share, fault)),
    ),
    ...weighted(
      3,
      fc
        .tuple(
          fc.constantFrom(...DISTRIBUTORS),
          fc.constantFrom(100, 500, 2_000, 50_000),
          fc.constantFrom<'wechatTransfer' | 'manual'>('wechatTransfer', 'manual'),
          FAULT,
        )
        .map(([user, amountFen, channel, fault]): Step => new Withdraw(user, amountFen, channel, fault)),
    ),
    ...weighted(
      3,
      fc
        .tuple(
          pick,
          fc.constantFrom<Decision>(
            'approve',
            'approveAndPay',
            'approveAndPay',
            'reject',
            'markPaid',
            'userConfirms',
            'userDeclines',
            'bankFails',
            'sync',
          ),
        )
        .map(([n, decision]): Step => new Review(n, decision)),
    ),
  ];
}

/** A fresh shop: rules with three levels, three distributors in a chain, three shoppers, two SKUs. */
export function seedShop(real: Real): void {
  const { emu } = real.f;
  emu.reset();
  emu.emulator.faults.clear();
  emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: now(real), note: '' }]);
  seedRules(emu, {
    levels: 3,
    recruitment: 'apply',
    capBp: 3000,
    grades: [{ id: 'standard', name: '普通', rank: 0, ratesBp: [1000, 500, 300], upgradeWhen: {} }],
    defaultGradeId: 'standard',
    returnWindowDays: 7,
    autoConfirmDays: 10,
    withdraw: {
      minAmountFen: 100,
      maxAmountFen: 100_000,
      feeBp: 100,
      maxPerDay: 50,
      review: { mode: 'manual' },
      channels: ['wechatTransfer', 'manual'],
    },
    notifications: {
      commission: { templateId: 'tpl-commission', keywords: { amount: 'amount1', time: 'time2', note: 'thing3' } },
      withdrawal: { templateId: 'tpl-withdrawal', keywords: { amount: 'amount1', time: 'time2', note: 'thing3' } },
    },
  });
  seedUsers(emu, [
    { id: 'oD1', status: 'approved' },
    { id: 'oD2', status: 'approved', referrerId: 'oD1' },
    { id: 'oD3', status: 'approved', referrerId: 'oD2', ancestors: ['oD2', 'oD1'] },
    { id: 'oS1' },
    { id: 'oS2' },
    { id: 'oS3' },
  ]);
  for (const person of PEOPLE) seedAddress(emu, person);
  seedProduct(
    emu,
    { _id: 'p-model' },
    SKUS.map((sku) => ({ ...sku })),
  );
  real.known = { initialStock: new Map(SKUS.map((sku) => [sku._id, sku.stock])) };
  real.log = [];
}

/**
 * The shop's history before the random steps: oS1 (bound to oD3) bought three teas, received
 * them, the return window passed and the commission was released, so every distributor starts
 * with an available balance to withdraw (oD3 3000, oD2 1500, oD1 900 fen).
 */
export async function prologue(model: Model, real: Real): Promise<void> {
  await new Bind('oS1', 'oD3').act(model, real);
  await new Place('oS1', [{ sku: 0, quantity: 3 }], 'none').act(model, real);
  const pay = new Pay(0);
  await pay.act(model, real);
  await new Ship(0).act(model, real);
  await new Confirm(0).act(model, real);
  await new ClockJump(60 * 24 * 8).act(model, real);
  await real.f.emu.runTimer('releaseCommissions', {});
  const available = real.f.emu.emulator.store.scan('accounts').map((account) => [account._id, account.availableFen]);
  if (
    JSON.stringify(available.sort()) !==
    JSON.stringify([
      ['oD1', 900],
      ['oD2', 1500],
      ['oD3', 3000],
    ])
  )
    throw new Error(`prologue: unexpected balances ${JSON.stringify(available)}`);
  real.log.push('prologue: oS1 bought 3 teas through oD3, completed, released');
}

/** Drives the system to rest: payments delivered, settlements swept, timers run until idle. */
export async function driveToRest(real: Real): Promise<void> {
  // Past every redelivery of a refund callback that answered NOT_READY (the last is after 24 h).
  for (let hour = 0; hour < 26; hour += 1) await real.f.emu.advanceClock(3_600_000);
  await settleDown(real);
  for (let round = 0; round < 3; round += 1) {
    for (const name of TIMERS) await real.f.emu.runTimer(name, {});
    await settleDown(real);
  }
}

export function initialModel(): Model {
  return { orders: [], withdrawals: [], keys: 0 };
}
