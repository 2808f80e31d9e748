/**
 * What most distributor routes start from, read in one database round trip: the caller's
 * user document with the current rules, the number of their applications and the latest one
 * joined on. A caller without a user document gets one (users are created on first use).
 */
import { applicationId, type DistributorApplicationDocument } from '@shared/contracts/distributor';
import type { RulesDocument } from '@shared/rules';
import { newUser, type UserDocument } from '@shared/users';
import { aggregateList, getDoc, type Pipeline } from '../_lib/db';
import { loadRules, RULES_ID, storeDefaultRules } from '../_lib/rules';
import { createUser, ensureUser } from '../_lib/users';

export interface DistributorContext {
  user: UserDocument;
  rules: RulesDocument;
  /** How many applications the user ever made: the next one is number applicationCount + 1. */
  applicationCount: number;
  /** The user's application number `applicationCount`, or null when they never applied. */
  latestApplication: DistributorApplicationDocument | null;
}

/** What the context's lookups join onto the user document. */
export type ContextRow = UserDocument & {
  joinedRules: RulesDocument[];
  applicationTally: Array<{ n: number }>;
  latestApplications: DistributorApplicationDocument[];
};

/**
 * The context read as pipeline stages on `users`, so a route that needs more (the center's
 * ledger figures) joins it onto the same aggregation: one round trip either way.
 */
export function withContext(pipeline: Pipeline, openid: string): Pipeline {
  return pipeline
    .match({ _id: openid })
    .lookup({ from: 'rules', pipeline: [{ $match: { _id: RULES_ID } }], as: 'joinedRules' })
    .lookup({
      from: 'distributorApplications',
      pipeline: [{ $match: { userId: openid } }, { $count: 'n' }],
      as: 'applicationTally',
    })
    .lookup({
      from: 'distributorApplications',
      pipeline: [{ $match: { userId: openid } }, { $sort: { createdAt: -1 } }, { $limit: 1 }],
      as: 'latestApplications',
    });
}

/** The context from a row of withContext (any further joined fields removed by the caller). */
export async function contextFromRow(openid: string, row: ContextRow): Promise<DistributorContext> {
  const { joinedRules, applicationTally, latestApplications, ...user } = row;
  const applicationCount = applicationTally[0]?.n ?? 0;
  const newest = latestApplications[0] ?? null;
  // The newest by time is number n by construction (one application at a time); the id check
  // guards against a clock that went backwards between two applications.
  const latestApplication =
    newest && newest._id !== applicationId(openid, applicationCount)
      ? await latestById(openid, applicationCount)
      : newest;
  return { user, rules: joinedRules[0] ?? (await storeDefaultRules()), applicationCount, latestApplication };
}

export async function loadContext(openid: string, now: Date): Promise<DistributorContext> {
  const [row] = await aggregateList<ContextRow>('users', (pipeline) => withContext(pipeline, openid).limit(1));
  if (!row) return firstContext(openid, now);
  return contextFromRow(openid, row);
}

/** A caller seen for the first time: no applications can exist yet. */
export async function firstContext(openid: string, now: Date): Promise<DistributorContext> {
  const created = await createUser((code) => newUser(openid, code, now));
  const user = created === 'exists' ? await ensureUser(openid, now) : created;
  return { user, rules: await loadRules(), applicationCount: 0, latestApplication: null };
}

function latestById(openid: string, n: number): Promise<DistributorApplicationDocument | null> {
  return getDoc('distributorApplications', applicationId(openid, n));
}
