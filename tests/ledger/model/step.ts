/**
 * One model command: what it does (`act`), the faults it carries and the seed of the
 * interleaving gate while it runs. `run` turns the gate on with the step's seed, injects the
 * faults, acts, waits until nothing runs (a settlement started by a payment, a redelivered
 * callback), clears the faults and checks every invariant over the whole database and the
 * payment sandboxes.
 */
import type fc from 'fast-check';
import { checkAll, snapshotOf } from '../../helpers/invariants';
import { checkPaymentSide, checkSnapshots } from '../../helpers/paymentInvariants';
import { describeFaults, injectFaults, type Fault } from './faults';
import { endAbandoned, sandboxPayments, sandboxPayouts, type Model, type Real } from './world';

export abstract class Step implements fc.AsyncCommand<Model, Real> {
  faults: readonly Fault[] = [];
  seed = 0;

  /** A copy carrying these faults and this gate seed (generated values are shared while shrinking). */
  with(faults: readonly Fault[], seed: number): this {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
    copy.faults = faults;
    copy.seed = seed;
    return copy;
  }

  check(_model: Readonly<Model>): boolean {
    return true;
  }

  abstract act(model: Model, real: Real): Promise<void>;
  abstract label(): string;

  toString(): string {
    return `${this.label()}${describeFaults(this.faults)}`;
  }

  async run(model: Model, real: Real): Promise<void> {
    real.log.push(this.toString());
    real.operations += 1;
    const t0 = Date.now();
    await perform(real, this.seed, this.faults, () => this.act(model, real));
    if (process.env.MODEL_TRACE)
      console.log(`${Date.now() - t0} ms ${this.toString()} (gate ${real.emu.emulator.interleave.decisions})`);
    verify(real, `after ${this.toString()}`, false);
  }
}

/** Runs `work` under the gate with `seed` and `faults`, until nothing runs; then clears the faults. */
export async function perform(
  real: Real,
  seed: number,
  faults: readonly Fault[],
  work: () => Promise<unknown>,
): Promise<void> {
  real.emu.emulator.interleave.enable(seed);
  injectFaults(real, faults);
  try {
    await work();
    await endAbandoned(real);
  } finally {
    real.emu.emulator.faults.clear();
  }
}

/** Every invariant over the database and the sandboxes; throws with the steps so far when one breaks. */
export function verify(real: Real, when: string, atRest: boolean): void {
  const snapshot = snapshotOf(real.emu.emulator.store);
  const sandbox = { payments: sandboxPayments(real), payouts: sandboxPayouts(real) };
  const problems = [
    ...checkAll(snapshot, real.known),
    ...checkSnapshots(snapshot),
    ...checkPaymentSide(snapshot, sandbox, atRest),
  ];
  if (problems.length > 0) throw new Error(`${when}:\n  ${problems.join('\n  ')}\nsteps:\n  ${real.log.join('\n  ')}`);
}
