/**
 * Releasing commissions after the return window (docs/rules.md section 6): the two steps that must be
 * safe from any caller at any time, used by order completion and the releaseCommissions timer.
 *
 * scheduleCommissions gives an order's frozen commissions their releaseAt once the order
 * completes. finishReleaseBatch moves a claimed batch of commissions from the frozen to the
 * available balance: per beneficiary one ledger entry `release:<batch>:<userId>` with the account
 * change and the user's `stats.releasedCommissionFen`, in transactions; then the commissions
 * flip `releasing → released` with one conditional update.
 *
 * Why finishing a batch is crash-safe and may run twice at once:
 *   - the claim (`frozen → releasing` with the batch id, by the timer) is durable and is the only
 *     way into a batch, so what a batch holds never changes until its flip, and its amounts do not
 *     either: a refund that meets a `releasing` commission does not touch it (the reversal answers
 *     "not ready", the platform redelivers the refund callback, and by then a release run has
 *     finished the batch, so the refund is clawed back from available instead);
 *   - the credit is per entry id: an account moves only in the transaction that adds its entry,
 *     and a second finisher's add of the same id fails (the platform's unique `_id`), aborting that
 *     transaction; it then drops the beneficiaries already credited and retries the rest;
 *   - the flip is conditional on `releasing` and runs only after every entry of the batch exists,
 *     so a finisher that sees part of a batch flipped also finds all of its entries and credits
 *     nothing; a crash anywhere leaves `releasing` commissions that the next run's recovery
 *     phase finishes.
 */
import { ZERO_BALANCES, type CommissionDocument, type LedgerEntry } from '@shared/ledger';
import { _, db, findWhere, updateWhere } from './db';
import { appendEntries } from './ledgerChain';
import { BUSY, inTransaction, isDuplicate, type Tx } from './tx';

const COMMISSIONS = 'commissions';

/** A claim takes at most this many commissions: one read finds a whole batch again. */
export const MAX_BATCH_COMMISSIONS = 1000;
/**
 * Beneficiaries credited per transaction (3 writes each, after one parallel read of their
 * accounts' chain heads). Small transactions keep each one short
 * (it must end within 30 s and holds its locks until then); they run in parallel because they
 * touch disjoint accounts, entries and users, so a batch of 200 beneficiaries takes the time of
 * about 33 sequential round trips.
 */
const BENEFICIARIES_PER_TRANSACTION = 10;
const PARALLEL_TRANSACTIONS = 20;
/** Rounds of "a concurrent finisher credited some first: drop them and retry the rest". */
const DUPLICATE_ROUNDS = 3;

/**
 * Sets releaseAt on the order's frozen commissions that have none, then marks the order's
 * schedule done (conditional on 'pending'). Idempotent: the first update matches only commissions
 * not yet scheduled and the second only a pending order. A commission settled after this ran gets
 * its releaseAt from settlement itself, which reads the completed order.
 */
export async function scheduleCommissions(orderId: string, releaseAt: Date, now: Date): Promise<number> {
  const scheduled = await updateWhere(
    COMMISSIONS,
    { orderId, status: 'frozen', releaseAt: null },
    { releaseAt, updatedAt: now, history: _.push([{ event: 'scheduled', at: now, releaseAt }]) },
  );
  await updateWhere(
    'orders',
    { _id: orderId, commissionSchedule: 'pending' },
    { commissionSchedule: 'done', updatedAt: now },
  );
  return scheduled;
}

/** The fields a release reads of a commission (a projection: pages are 1000 documents). */
export type ReleaseFields = Pick<
  CommissionDocument,
  '_id' | 'orderId' | 'lineIndex' | 'beneficiaryId' | 'amountFen' | 'reversedFen' | 'heldBy'
>;
const RELEASE_FIELDS = {
  _id: true,
  orderId: true,
  lineIndex: true,
  beneficiaryId: true,
  amountFen: true,
  reversedFen: true,
  heldBy: true,
};

/** Up to MAX_BATCH_COMMISSIONS commissions matching `where`, in (beneficiaryId, _id) order, with the release fields only. */
export async function findForRelease(where: object): Promise<ReleaseFields[]> {
  const query = db
    .collection(COMMISSIONS)
    .where(where)
    .field(RELEASE_FIELDS)
    .orderBy('beneficiaryId', 'asc')
    .orderBy('_id', 'asc');
  const { data } = (await query.limit(MAX_BATCH_COMMISSIONS).get()) as unknown as { data: ReleaseFields[] };
  return data;
}

export function releaseEntryId(batchId: string, userId: string): string {
  return `release:${batchId}:${userId}`;
}

interface Credit {
  userId: string;
  amountFen: number;
  commissionIds: string[];
}

export interface BatchOutcome {
  /** finished: flipped to released; busy: left releasing for the next run; empty: nothing releasing in it. */
  status: 'finished' | 'busy' | 'empty';
  /** Commissions this call flipped to released (finished), or found releasing (busy). */
  commissions: number;
  /** Beneficiaries this call credited (0 when another finisher had). */
  credited: number;
}

/** What the batch moves per beneficiary: amountFen − reversedFen of each of their commissions. */
function creditsOf(commissions: readonly ReleaseFields[]): Credit[] {
  const credits = new Map<string, Credit>();
  for (const commission of commissions) {
    const credit = credits.get(commission.beneficiaryId) ?? {
      userId: commission.beneficiaryId,
      amountFen: 0,
      commissionIds: [],
    };
    credit.amountFen += commission.amountFen - commission.reversedFen;
    credit.commissionIds.push(commission._id);
    credits.set(commission.beneficiaryId, credit);
  }
  return [...credits.values()].filter((credit) => credit.amountFen > 0);
}

/** The credits whose entry does not exist yet (one read). */
async function uncredited(batchId: string, credits: readonly Credit[]): Promise<Credit[]> {
  if (credits.length === 0) return [];
  const ids = credits.map((credit) => releaseEntryId(batchId, credit.userId));
  const existing = await findWhere('ledgerEntries', { _id: _.in(ids) }, { limit: ids.length });
  const done = new Set(existing.map((entry) => entry._id));
  return credits.filter((credit) => !done.has(releaseEntryId(batchId, credit.userId)));
}

/** Every beneficiary has an account (settlement created it with the commission): a missing one is a broken invariant. */
async function assertAccounts(credits: readonly Credit[]): Promise<void> {
  if (credits.length === 0) return;
  const ids = credits.map((credit) => credit.userId);
  const found = new Set(
    (await findWhere('accounts', { _id: _.in(ids) }, { limit: ids.length })).map((account) => account._id),
  );
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw new Error(`release: no account for beneficiaries ${missing.join(', ')}`);
}

async function creditIn(tx: Tx, batchId: string, credits: readonly Credit[], now: Date): Promise<void> {
  // The accounts' chain heads, read together (one round trip of latency) for the entries below.
  const accounts = await Promise.all(credits.map((credit) => tx.get('accounts', credit.userId)));
  for (const [i, { userId, amountFen, commissionIds }] of credits.entries()) {
    const entry: LedgerEntry = {
      _id: releaseEntryId(batchId, userId),
      userId,
      kind: 'release',
      deltas: { ...ZERO_BALANCES, frozenFen: -amountFen, availableFen: amountFen },
      ref: { releaseBatch: batchId, commissionIds },
      at: now,
    };
    const change = { frozenFen: _.inc(-amountFen), availableFen: _.inc(amountFen), updatedAt: now };
    await appendEntries(tx, userId, change, [entry], accounts[i] ?? null);
    // Grade upgrades by released commission read this (shared/grades.ts).
    await tx.update('users', userId, { 'stats.releasedCommissionFen': _.inc(amountFen) });
  }
}

/** Credits one chunk; a duplicate entry (a concurrent finisher was first) is dropped and the rest retried. */
async function creditChunk(
  batchId: string,
  chunk: readonly Credit[],
  now: Date,
): Promise<{ credited: number; busy: boolean }> {
  let rest = chunk;
  for (let round = 0; round < DUPLICATE_ROUNDS && rest.length > 0; round += 1) {
    try {
      const outcome = await inTransaction((tx) => creditIn(tx, batchId, rest, now));
      return outcome === BUSY ? { credited: 0, busy: true } : { credited: rest.length, busy: false };
    } catch (error) {
      if (!isDuplicate(error)) throw error;
      rest = await uncredited(batchId, rest);
    }
  }
  return { credited: 0, busy: rest.length > 0 };
}

/** Runs the chunks, PARALLEL_TRANSACTIONS at a time. */
async function creditAll(
  batchId: string,
  credits: readonly Credit[],
  now: Date,
): Promise<{ credited: number; busy: boolean }> {
  const chunks: Credit[][] = [];
  for (let i = 0; i < credits.length; i += BENEFICIARIES_PER_TRANSACTION)
    chunks.push(credits.slice(i, i + BENEFICIARIES_PER_TRANSACTION));
  const total = { credited: 0, busy: false };
  for (let i = 0; i < chunks.length; i += PARALLEL_TRANSACTIONS) {
    // allSettled: a failing chunk must not leave its siblings' transactions running unwatched.
    const outcomes = await Promise.allSettled(
      chunks.slice(i, i + PARALLEL_TRANSACTIONS).map((chunk) => creditChunk(batchId, chunk, now)),
    );
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') throw outcome.reason;
      total.credited += outcome.value.credited;
      total.busy ||= outcome.value.busy;
    }
  }
  return total;
}

/**
 * Finishes a claimed batch: credits every beneficiary whose entry does not exist yet, then flips
 * the batch's commissions to released. Idempotent and safe to run concurrently (see the top of
 * this file). Answers busy, leaving the batch releasing, when transactions kept conflicting with
 * other writers of the same accounts (a settlement, a withdrawal): the next run finishes it.
 */
export async function finishReleaseBatch(
  batchId: string,
  now: Date,
  options: { justClaimed?: boolean } = {},
): Promise<BatchOutcome> {
  const commissions = await findForRelease({ releaseBatch: batchId, status: 'releasing' });
  if (commissions.length === 0) return { status: 'empty', commissions: 0, credited: 0 };
  const credits = creditsOf(commissions);
  // A batch claimed a moment ago under a new random id has no entries yet, so the claimer skips
  // that read; should another run's recovery have started on it meanwhile, the duplicate entry
  // ids stop the second credit all the same.
  const [pending] = await Promise.all([
    options.justClaimed ? credits : uncredited(batchId, credits),
    assertAccounts(credits),
  ]);
  const { credited, busy } = await creditAll(batchId, pending, now);
  if (busy) return { status: 'busy', commissions: commissions.length, credited };
  // Counted by the flip itself: when two runs finish one batch (a recovery meeting a batch still
  // in progress), only the one whose conditional update changed the commissions reports them.
  const flipped = await updateWhere(
    COMMISSIONS,
    { releaseBatch: batchId, status: 'releasing' },
    { status: 'released', releasedAt: now, updatedAt: now, history: _.push([{ event: 'released', at: now }]) },
  );
  return { status: 'finished', commissions: flipped, credited };
}
