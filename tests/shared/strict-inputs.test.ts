/**
 * Every input the mini-program, an admin or another function sends is parsed strictly: a field
 * the contract does not name is INVALID_INPUT, never silently dropped. Timers are the exception
 * on purpose: the platform's trigger event carries its own fields (Type, TriggerName, Time,
 * Message), so their contracts read only the fields they name.
 */
import { z } from 'zod';
import { DOCUMENTED_FUNCTIONS } from '../../scripts/api-reference';

/** True when the schema (or, for a union, each of its options) refuses unknown keys. */
function refusesUnknownKeys(schema: z.ZodType): boolean {
  if (schema instanceof z.ZodObject) return schema._zod.def.catchall instanceof z.ZodNever;
  if (schema instanceof z.ZodUnion) return (schema._zod.def.options as z.ZodType[]).every(refusesUnknownKeys);
  if (schema instanceof z.ZodPipe) return refusesUnknownKeys(schema._zod.def.in as z.ZodType);
  return false;
}

describe('strict inputs', () => {
  const operations = DOCUMENTED_FUNCTIONS.filter((fn) => fn.kind !== 'timer').flatMap((fn) =>
    Object.entries(fn.operations).map(([route, contract]) => ({
      name: route ? `${fn.name}.${route}` : fn.name,
      contract,
    })),
  );

  it('checks every operation of every function a caller starts', () => {
    expect(operations.length).toBeGreaterThan(80);
  });

  it.each(operations)('$name refuses fields it does not name', ({ contract }) => {
    expect(refusesUnknownKeys(contract.input as z.ZodType)).toBe(true);
  });
});
