/**
 * The database helpers take a collection's name, never a document type: the type comes from
 * `Documents` in shared/collections.ts, and a name not declared there does not compile. The
 * function `typedByName` holds the proof; it is never called, tsc checks it
 * (tests/typecheck.test.ts), so every `@ts-expect-error` below must still be an error.
 */
import type {
  aggregateList,
  countWhere,
  findWhere,
  getDoc,
  insertDoc,
  setDoc,
  updateWhere,
} from '../../cloudfunctions/_lib/db';
import type { Tx } from '../../cloudfunctions/_lib/tx';
import { COLLECTIONS, type CollectionName, type Documents } from '@shared/collections';
import type { OrderDocument } from '@shared/orders';
import type { RulesDocument } from '@shared/rules';
import type { GradeSweepState, HeartbeatDocument } from '@shared/system';
import type { UserDocument } from '@shared/users';

/** True only when A and B are the same type. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

interface Helpers {
  getDoc: typeof getDoc;
  findWhere: typeof findWhere;
  countWhere: typeof countWhere;
  insertDoc: typeof insertDoc;
  setDoc: typeof setDoc;
  updateWhere: typeof updateWhere;
  aggregateList: typeof aggregateList;
}

export async function typedByName(db: Helpers, tx: Tx): Promise<boolean[]> {
  const _order = await db.getDoc('orders', 'o-1');
  const _users = await db.findWhere('users', { hasPaidOrder: true });
  const _rules = await tx.get('rules', 'current');
  // In `system` a literal id picks its singleton; any other id answers every kind of them.
  const _heartbeat = await db.getDoc('system', 'heartbeat');
  const _sweepState = await tx.get('system', 'upgradeGrades');
  const proofs: boolean[] = [
    true satisfies Same<typeof _order, OrderDocument | null>,
    true satisfies Same<typeof _users, UserDocument[]>,
    true satisfies Same<typeof _rules, RulesDocument | null>,
    true satisfies Same<typeof _heartbeat, HeartbeatDocument | null>,
    true satisfies Same<typeof _sweepState, GradeSweepState | null>,
  ];

  // @ts-expect-error an undeclared collection does not compile
  await db.getDoc('nope', 'o-1');
  // @ts-expect-error nor in a query
  await db.findWhere('order', {});
  // @ts-expect-error nor in a count
  await db.countWhere('nope', {});
  // @ts-expect-error nor in a conditional update
  await db.updateWhere('nope', {}, {});
  // @ts-expect-error nor in an aggregation
  await db.aggregateList<{ n: number }>('nope', (pipeline) => pipeline.count('n'));
  // @ts-expect-error nor in a lookup of an aggregation
  await db.aggregateList<{ n: number }>('users', (pipeline) => pipeline.lookup({ from: 'nope', as: 'x' }));
  // @ts-expect-error nor in a transaction
  await tx.get('nope', 'o-1');
  // @ts-expect-error the type argument is the collection's name, not a document type
  await db.getDoc<OrderDocument>('orders', 'o-1');
  // @ts-expect-error an insert is a whole document of the collection
  await db.insertDoc('orders', { _id: 'o-1' });
  // @ts-expect-error a singleton is written with its own fields
  await db.setDoc('system', 'upgradeGrades', { count: 1, lastBeatAt: new Date() });
  return proofs;
}

describe('collections', () => {
  it('declares every name once', () => {
    const names: CollectionName[] = COLLECTIONS.map((collection) => collection.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('has a document type for every declared collection (checked by tsc)', () => {
    const sample: Array<keyof Documents> = ['orders', 'system'];
    expect(sample.every((name) => COLLECTIONS.some((collection) => collection.name === name))).toBe(true);
  });
});
