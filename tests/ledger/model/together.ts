/**
 * Concurrent user actions: two or three steps started at once (two shoppers paying, a
 * distributor withdrawing while a release runs, two admins reviewing one withdrawal). Their
 * database requests proceed in the order the interleaving gate draws from the group's seed, so
 * a failing group replays exactly. Only steps that move no clock take part: a clock move in the
 * middle of another step's requests would land at a moment wall time decides.
 */
import { perform, Step, verify } from './step';
import type { Model, Real } from './world';

export class Together extends Step {
  constructor(readonly steps: Step[]) {
    super();
  }
  override check(model: Readonly<Model>): boolean {
    return this.steps.every((step) => step.check(model));
  }
  async act(model: Model, real: Real): Promise<void> {
    await Promise.all(this.steps.map((step) => step.act(model, real)));
  }
  override async run(model: Model, real: Real): Promise<void> {
    real.log.push(this.toString());
    real.operations += 1;
    const faults = this.steps.flatMap((step) => step.faults);
    real.together = true;
    try {
      await perform(real, this.seed, faults, () => this.act(model, real));
    } finally {
      real.together = false;
    }
    verify(real, `after ${this.toString()}`, false);
  }
  label(): string {
    return `together (gate seed ${this.seed}): ${this.steps.map(String).join(' ‖ ')}`;
  }
}
