/**
 * The emulator's notion of time. Everything time-dependent (server dates, transaction expiry,
 * timers, payment retries, and `Date` inside function instances) asks this clock, so a test
 * can move time by days in a second.
 *
 * The virtual clock runs at the speed of the wall clock, shifted by an offset that
 * `advance`/`set` change; time never goes backwards for the functions' sake.
 */
export interface Clock {
  now(): number;
}

export const wallClock: Clock = { now: () => Date.now() };

export type ClockListener = (offsetMs: number) => void;

export class VirtualClock implements Clock {
  private offset = 0;
  private readonly listeners: ClockListener[] = [];

  constructor(private readonly base: Clock = wallClock) {}

  now(): number {
    return this.base.now() + this.offset;
  }

  /** Milliseconds between virtual and base time. */
  get offsetMs(): number {
    return this.offset;
  }

  onChange(listener: ClockListener): void {
    this.listeners.push(listener);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError('the clock only moves forward: advance by a non-negative number of ms');
    this.offset += ms;
    for (const listener of this.listeners) listener(this.offset);
  }

  /** Moves the clock to an absolute time, which must not be in its past. */
  set(epochMs: number): void {
    this.advance(epochMs - this.now());
  }

  reset(): void {
    this.restore(0);
  }

  /**
   * Puts back an offset kept by durable mode or a state file. `atLeastMs` is the virtual time
   * that was current when it was kept: the clock resumes at or after it even if the base clock
   * went back meanwhile, so acknowledged time never goes back across a restart.
   */
  restore(offsetMs: number, atLeastMs = -Infinity): void {
    this.offset = Math.max(offsetMs, atLeastMs - this.base.now());
    for (const listener of this.listeners) listener(this.offset);
  }
}
