/**
 * One command of the wallet model and a group of them started at once. As in the ledger's
 * model (tests/ledger/model/step.ts, whose `perform` runs it): the step runs under the
 * interleaving gate with its seed and its faults until nothing runs, then every invariant of
 * the wallet and of the commission ledger is checked over the whole database and the payment
 * sandbox (./invariants.ts).
 */
import type fc from 'fast-check';
import { describeFaults, type Fault } from '../../ledger/model/faults';
import { perform } from '../../ledger/model/step';
import type { Real } from '../../ledger/model/world';
import { walletProblems } from './invariants';
import type { WalletModel } from './world';

export abstract class Step implements fc.AsyncCommand<WalletModel, Real> {
  faults: readonly Fault[] = [];
  seed = 0;

  /** A copy carrying these faults and this gate seed (generated values are shared while shrinking). */
  with(faults: readonly Fault[], seed: number): this {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
    copy.faults = faults;
    copy.seed = seed;
    return copy;
  }

  check(_model: Readonly<WalletModel>): boolean {
    return true;
  }

  abstract act(model: WalletModel, real: Real): Promise<void>;
  abstract label(): string;

  toString(): string {
    return `${this.label()}${describeFaults(this.faults)}`;
  }

  async run(model: WalletModel, real: Real): Promise<void> {
    real.log.push(this.toString());
    real.operations += 1;
    const t0 = Date.now();
    await perform(real, this.seed, this.faults, () => this.act(model, real));
    if (process.env.MODEL_TRACE) console.log(`${Date.now() - t0} ms ${this.toString()}`);
    verify(real, `after ${this.toString()}`, false);
  }
}

/**
 * Two to four steps started at once (two balance payments of one buyer, one order paid twice, any
 * mix). Only steps that move no clock take part, so the group replays exactly from its gate seed.
 */
export class Together extends Step {
  constructor(readonly steps: Step[]) {
    super();
  }
  override check(model: Readonly<WalletModel>): boolean {
    return this.steps.every((step) => step.check(model));
  }
  async act(model: WalletModel, real: Real): Promise<void> {
    await Promise.all(this.steps.map((step) => step.act(model, real)));
  }
  override async run(model: WalletModel, real: Real): Promise<void> {
    real.log.push(this.toString());
    real.operations += 1;
    real.together = true;
    try {
      await perform(
        real,
        this.seed,
        this.steps.flatMap((step) => step.faults),
        () => this.act(model, real),
      );
    } finally {
      real.together = false;
    }
    verify(real, `after ${this.toString()}`, false);
  }
  label(): string {
    return `together (gate seed ${this.seed}): ${this.steps.map(String).join(' ‖ ')}`;
  }
}

/** Every invariant; throws with the steps so far when one breaks. */
export function verify(real: Real, when: string, atRest: boolean): void {
  const problems = walletProblems(real, atRest);
  if (problems.length > 0) throw new Error(`${when}:\n  ${problems.join('\n  ')}\nsteps:\n  ${real.log.join('\n  ')}`);
}
