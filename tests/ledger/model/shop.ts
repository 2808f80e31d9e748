/**
 * The shop every run starts from, the history before the random steps, and driving the system
 * to rest at the end.
 */
import { seedAddress, seedProduct } from '../../helpers/orders';
import { seedRules, seedUsers } from '../../helpers/referrals';
import { Bind, ClockJump, Confirm, hasFunction, Pay, Place, Ship, TIMERS } from './shopSteps';
import { perform, type Step } from './step';
import { ADMIN, ADMIN2, now, PEOPLE, settleDown, SKUS, type Model, type Real } from './world';

/** A fresh shop: rules with three levels, three distributors in a chain, three shoppers, two SKUs. */
export function seedShop(real: Real, gateSeed: number): void {
  const { emu } = real;
  emu.reset();
  emu.emulator.faults.clear();
  emu.emulator.interleave.enable(gateSeed);
  const addedAt = now(real);
  emu.insert('admins', [
    { _id: ADMIN, addedBy: 'setup', addedAt, note: '' },
    { _id: ADMIN2, addedBy: 'setup', addedAt, note: '' },
  ]);
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
  const steps: Step[] = [
    new Bind('oS1', 'oD3'),
    new Place('oS1', [{ sku: 0, quantity: 3 }]),
    new Pay(0),
    new Ship(0),
    new Confirm(0),
    new ClockJump(60 * 24 * 8),
  ];
  for (const step of steps) await perform(real, 0, [], () => step.act(model, real));
  // The payment flow's settlement call may have died at its time limit on a busy machine (the
  // platform counts wall time); during the 8 days the settlement sweep would have finished it.
  await perform(real, 0, [], () => real.emu.runTimer('sweepSettlements', {}));
  await perform(real, 0, [], () => real.emu.runTimer('releaseCommissions', {}));
  const available = real.emu.emulator.store.scan('accounts').map((account) => [account._id, account.availableFen]);
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
  real.emu.emulator.faults.clear();
  // Past every redelivery of a callback that was not acknowledged (the last is after 24 h).
  for (let hour = 0; hour < 26; hour += 1) await real.emu.advanceClock(3_600_000);
  await settleDown(real);
  for (let round = 0; round < 3; round += 1) {
    for (const name of TIMERS) if (hasFunction(real, name)) await real.emu.runTimer(name, {});
    await settleDown(real);
  }
}
