/**
 * Replaces the global `Date` of a function instance with one that reads the emulator's
 * virtual clock, so function code needs no test hook: `new Date()` and `Date.now()` are
 * shifted by the clock's offset, while dates built from explicit values are untouched and
 * every object is still a real Date (instanceof, BSON and JSON behave as usual).
 *
 * Function code may also reassign `Date.now`: libraries such as bcryptjs polyfill it with
 * `Date.now = Date.now || function () { return +new Date(); }`. Such an assignment is kept on the
 * virtual `Date` only, and the virtual clock reads the real `Date.now` captured at install time,
 * so neither the assignment nor a `new Date()` inside the replacement can make the clock recurse.
 */
export interface VirtualDateControl {
  setOffset(offsetMs: number): void;
}

export function installVirtualDate(initialOffsetMs: number): VirtualDateControl {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  let offsetMs = initialOffsetMs;
  const now = (): number => realNow() + offsetMs;
  // What function code assigned to `Date.now`, if anything; reads of `Date.now` return it.
  let assignedNow: { value: unknown } | undefined;
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
      if (property === 'now') return assignedNow ? assignedNow.value : now;
      return Reflect.get(target, property, receiver) as unknown;
    },
    set(target, property, value, receiver): boolean {
      if (property !== 'now') return Reflect.set(target, property, value, receiver);
      assignedNow = { value };
      return true;
    },
    defineProperty(target, property, descriptor): boolean {
      if (property !== 'now') return Reflect.defineProperty(target, property, descriptor);
      assignedNow = { value: descriptor.get ? descriptor.get.call(VirtualDate) : descriptor.value };
      return true;
    },
    deleteProperty(target, property): boolean {
      if (property !== 'now') return Reflect.deleteProperty(target, property);
      assignedNow = { value: undefined };
      return true;
    },
  });
  globalThis.Date = VirtualDate;
  return {
    setOffset(next: number) {
      offsetMs = next;
    },
  };
}
