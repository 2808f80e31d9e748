/**
 * Replaces the global `Date` of a function instance with one that reads the emulator's
 * virtual clock, so function code needs no test hook: `new Date()` and `Date.now()` are
 * shifted by the clock's offset, while dates built from explicit values are untouched and
 * every object is still a real Date (instanceof, BSON and JSON behave as usual).
 */
export interface VirtualDateControl {
  setOffset(offsetMs: number): void;
}

export function installVirtualDate(initialOffsetMs: number): VirtualDateControl {
  const RealDate = Date;
  let offsetMs = initialOffsetMs;
  const now = (): number => RealDate.now() + offsetMs;
  const VirtualDate: DateConstructor = new Proxy(RealDate, {
    construct(target, args: unknown[], newTarget): object {
      return Reflect.construct(
        target,
        args.length === 0 ? [now()] : args,
        newTarget === VirtualDate ? target : newTarget,
      ) as object;
    },
    // `Date()` called without `new` returns the current time as a string.
    apply(): string {
      return new RealDate(now()).toString();
    },
    get(target, property, receiver): unknown {
      if (property === 'now') return now;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  globalThis.Date = VirtualDate;
  return {
    setOffset(next: number) {
      offsetMs = next;
    },
  };
}
