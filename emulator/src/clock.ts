/**
 * The emulator's notion of time. Everything time-dependent in the emulator (server dates,
 * transaction expiry) asks the clock, so that a virtual clock can replace the wall clock.
 */
export interface Clock {
  now(): number;
}

export const wallClock: Clock = { now: () => Date.now() };
