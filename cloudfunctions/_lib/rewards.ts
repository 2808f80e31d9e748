/**
 * Rewards through the commission ledger (shared/rewards.ts, docs/ledger.md "Rewards"): granting,
 * releasing and taking back a reward, each ONE transaction that changes the reward document, the
 * account and adds the entry together, so an account stays the sum of its entries whatever
 * crashes or races.
 *
 * Why retries and races are harmless:
 *   - a grant adds the reward under its deterministic id; a second grant (a re-run timer, two at
 *     once) reads it in its transaction and answers it, or, when both read "absent", the second
 *     one's add of the same id (or its account write) fails and its retry reads the first one's;
 *   - a release, a void and a clawback each read the reward in their transaction and act only on
 *     the status they expect (frozen, frozen, released and not clawed back), then write it: two of
 *     them at once both write the reward, so the database serialises them and the second one
 *     finds the status the first one left.
 */
import { openAfterSaleLines } from './afterSaleHolds';
import { newReward, rewardEntryIds, type RewardDocument, type RewardEvent, type RewardGrant } from '@shared/rewards';
import { ZERO_BALANCES, type Balances, type LedgerEntry } from '@shared/ledger';
import { riskCaseId } from '@shared/risk';
import { chainEntries, headOf } from '@shared/ledgerChain';
import { _, findWhere, getDoc } from './db';
import { appendEntries } from './ledgerChain';
import { BUSY, inTransaction, isDuplicate, type Tx } from './tx';

/** Due rewards one release run reads and releases at most (the next run takes the rest). */
export const MAX_REWARD_RELEASES = 200;
/** Rewards released at once: each is its own small transaction, most on different accounts. */
const PARALLEL_RELEASES = 10;

/** A reward's ledger entry: its id says which move of which reward, `ref.rewardId` names the reward. */
function entryOf(
  reward: Pick<RewardDocument, '_id' | 'beneficiaryId'>,
  id: string,
  kind: LedgerEntry['kind'],
  deltas: Partial<Balances>,
  now: Date,
): LedgerEntry {
  const deltasFen = { ...ZERO_BALANCES, ...deltas };
  return { _id: id, userId: reward.beneficiaryId, kind, deltas: deltasFen, ref: { rewardId: reward._id }, at: now };
}

/** The account change of `deltas` as increments, with the time. */
function changeOf(deltas: Partial<Balances>, now: Date): Record<string, unknown> {
  const change: Record<string, unknown> = { updatedAt: now };
  for (const [field, amount] of Object.entries(deltas)) change[field] = _.inc(amount);
  return change;
}

/**
 * Adds the grant's `reward` entry to the beneficiary's chain, creating the account when the
 * beneficiary has none yet (an invite reward may be a referrer's first money).
 */
async function creditGrant(tx: Tx, reward: RewardDocument, now: Date): Promise<void> {
  const { beneficiaryId: userId, amountFen } = reward;
  const entry = entryOf(reward, rewardEntryIds(reward._id).grant, 'reward', { frozenFen: amountFen }, now);
  const account = await tx.get('accounts', userId);
  if (account) {
    await appendEntries(tx, userId, changeOf({ frozenFen: amountFen }, now), [entry], account);
    return;
  }
  const chained = chainEntries(headOf(null), [entry]);
  await tx.set('accounts', userId, {
    ...ZERO_BALANCES,
    frozenFen: amountFen,
    createdAt: now,
    updatedAt: now,
    ...chained.head,
  });
  for (const chainedEntry of chained.entries) await tx.add('ledgerEntries', chainedEntry);
}

export interface GrantOutcome {
  /** True when this call granted it; false when it existed already (its first grant answered). */
  created: boolean;
  reward: RewardDocument;
}

/** The answer of a grant refused because the merchant voided the risk case of the reward's order. */
export const RISK_VOIDED = 'riskVoided';

/**
 * A reward tied to an order follows the order's risk case (docs/rules.md section 9), read in the
 * grant's transaction: open → the reward is held by the case, which lists it and adds it to what
 * it holds (writing the case makes a decision committing meanwhile conflict with this grant, so
 * the decision always sees the reward it must approve or void); voided → nothing is granted;
 * approved or none → granted as usual.
 */
async function riskOfGrant(tx: Tx, reward: RewardDocument): Promise<RewardDocument | typeof RISK_VOIDED> {
  if (!reward.orderId) return reward;
  const caseId = riskCaseId(reward.orderId);
  const riskCase = await tx.get('riskCases', caseId);
  if (!riskCase || riskCase.status === 'approved') return reward;
  if (riskCase.status === 'voided') return RISK_VOIDED;
  const rewardIds = [...new Set([...(riskCase.rewardIds ?? []), reward._id])];
  await tx.update('riskCases', caseId, { rewardIds, heldFen: _.inc(reward.amountFen) });
  return { ...reward, riskHold: caseId };
}

/**
 * Grants a reward once: creates it (frozen) with its `reward` entry and the account change, or,
 * when its id exists, answers the existing one unchanged. BUSY when transactions kept conflicting;
 * RISK_VOIDED when the risk case of its order was voided.
 */
export async function grantReward(
  grant: RewardGrant,
  now: Date,
): Promise<GrantOutcome | typeof BUSY | typeof RISK_VOIDED> {
  const fresh = newReward(grant, now);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      return await inTransaction(async (tx): Promise<GrantOutcome | typeof RISK_VOIDED> => {
        const existing = await tx.get('rewards', grant._id);
        if (existing) return { created: false, reward: existing };
        const reward = await riskOfGrant(tx, fresh);
        if (reward === RISK_VOIDED) return RISK_VOIDED;
        await creditGrant(tx, reward, now);
        await tx.add('rewards', reward);
        return { created: true, reward };
      });
    } catch (error) {
      // Another grant of the same id committed between this one's read and its add: read it again.
      if (!isDuplicate(error)) throw error;
    }
  }
  const existing = await getDoc('rewards', grant._id);
  if (!existing) throw new Error(`reward ${grant._id}: the grant kept meeting a duplicate, yet it does not exist`);
  return { created: false, reward: existing };
}

/** How a move of one reward ended: done by this call, or not applicable (with the status found), or BUSY. */
export type MoveOutcome = { moved: true } | { moved: false; found: RewardDocument['status'] | 'missing' } | typeof BUSY;

type Move = {
  /** Whether the reward, as read in the transaction, is in the state this move applies to. */
  applies: (reward: RewardDocument, now: Date) => boolean;
  entry: (reward: RewardDocument) => { id: string; kind: LedgerEntry['kind']; deltas: Partial<Balances> };
  update: (reward: RewardDocument, now: Date, event: RewardEvent) => Partial<RewardDocument>;
  event: RewardEvent['event'];
};

/**
 * Writes the reward document a move leaves (its new state and history event) and answers the
 * move's ledger entry with its balance deltas, for the caller to append to the account.
 */
async function writeMove(tx: Tx, reward: RewardDocument, move: Move, now: Date, reason?: string) {
  const { id, kind, deltas } = move.entry(reward);
  const entry = entryOf(reward, id, kind, deltas, now);
  const event: RewardEvent = {
    event: move.event,
    at: now,
    amountFen: reward.amountFen,
    ...(reason ? { reason } : {}),
  };
  const { _id: _ignored, ...rest } = { ...reward, ...move.update(reward, now, event), updatedAt: now };
  await tx.set('rewards', reward._id, { ...rest, history: [...reward.history, event] });
  return { entry, deltas };
}

/** One move of one reward in one transaction: read it, check its state, write entry, account and reward. */
async function moveReward(rewardId: string, move: Move, now: Date, reason?: string): Promise<MoveOutcome> {
  return inTransaction(async (tx): Promise<MoveOutcome> => {
    const reward = await tx.get('rewards', rewardId);
    if (!reward) return { moved: false, found: 'missing' };
    if (!move.applies(reward, now)) return { moved: false, found: reward.status };
    const { entry, deltas } = await writeMove(tx, reward, move, now, reason);
    await appendEntries(tx, reward.beneficiaryId, changeOf(deltas, now), [entry]);
    return { moved: true };
  });
}

const RELEASE: Move = {
  // A reward on risk hold waits for the merchant's decision, whatever its date (docs/rules.md section 9).
  applies: (reward, now) =>
    reward.status === 'frozen' && !reward.riskHold && reward.releaseAt !== null && reward.releaseAt <= now,
  entry: (reward) => ({
    id: rewardEntryIds(reward._id).release,
    kind: 'rewardRelease',
    deltas: { frozenFen: -reward.amountFen, availableFen: reward.amountFen },
  }),
  update: (_reward, now) => ({ status: 'released', releasedAt: now }),
  event: 'released',
};

const VOID: Move = {
  applies: (reward) => reward.status === 'frozen',
  entry: (reward) => ({
    id: rewardEntryIds(reward._id).void,
    kind: 'rewardVoid',
    deltas: { frozenFen: -reward.amountFen },
  }),
  update: (_reward, now) => ({ status: 'voided', voidedAt: now }),
  event: 'voided',
};

const CLAWBACK: Move = {
  applies: (reward) => reward.status === 'released' && reward.clawedBackFen === 0,
  entry: (reward) => ({
    id: rewardEntryIds(reward._id).clawback,
    kind: 'rewardClawback',
    deltas: { availableFen: -reward.amountFen },
  }),
  update: (reward) => ({ clawedBackFen: reward.amountFen }),
  event: 'clawedBack',
};

/**
 * Voids a frozen reward inside the caller's transaction (a voided risk case, admin/riskDecide.ts):
 * writes the reward and answers its `rewardVoid` entry for the caller to append with the rest of
 * the account's change (its frozen balance less the reward's amount). Null when it is not frozen.
 */
export async function voidRewardIn(tx: Tx, reward: RewardDocument, reason: string, now: Date) {
  if (!VOID.applies(reward, now)) return null;
  return (await writeMove(tx, reward, VOID, now, reason)).entry;
}

/** Releases one frozen reward whose release date has come (frozen → available). */
export function releaseReward(rewardId: string, now: Date): Promise<MoveOutcome> {
  return moveReward(rewardId, RELEASE, now);
}

/** Takes a frozen reward back before its release (frozen −). */
export function voidReward(rewardId: string, reason: string, now: Date): Promise<MoveOutcome> {
  return moveReward(rewardId, VOID, now, reason);
}

/** Takes a released reward back from the available balance (available −; it may go negative, like a commission clawback). */
export function clawBackReward(rewardId: string, reason: string, now: Date): Promise<MoveOutcome> {
  return moveReward(rewardId, CLAWBACK, now, reason);
}

/**
 * Takes a reward back whichever state it is in (what a refund of its order asks): void while
 * frozen, claw back once released; nothing when it is voided or clawed back already. A release
 * that commits between the two attempts turns the void into a clawback.
 */
export async function takeBackReward(rewardId: string, reason: string, now: Date): Promise<MoveOutcome> {
  const voided = await voidReward(rewardId, reason, now);
  if (voided === BUSY || voided.moved || voided.found !== 'released') return voided;
  return clawBackReward(rewardId, reason, now);
}

export interface RewardReleaseReport {
  /** Rewards this run moved to available. */
  released: number;
  /** Due rewards skipped: their order has an open after-sale, or their transaction stayed busy. */
  held: number;
  /** True when more due rewards may remain than one run reads. */
  more: boolean;
}

/**
 * The reward phase of the release timer: the due frozen rewards (at most MAX_REWARD_RELEASES,
 * oldest release date first), each released in its own transaction, a few at once. A reward
 * tied to an order waits while an after-sale request on that order is open, as the order's
 * commissions do (docs/rules.md section 6, Held); one on risk hold is not read at all until the
 * merchant's decision clears the hold (approve) or voids it.
 */
export async function releaseDueRewards(now: Date, budgetLeft: () => boolean): Promise<RewardReleaseReport> {
  const due = await findWhere(
    'rewards',
    { status: 'frozen', releaseAt: _.lte(now), riskHold: null },
    { orderBy: [['releaseAt', 'asc']], limit: MAX_REWARD_RELEASES },
  );
  const report: RewardReleaseReport = { released: 0, held: 0, more: due.length === MAX_REWARD_RELEASES };
  const orderIds = [...new Set(due.flatMap((reward) => (reward.orderId ? [reward.orderId] : [])))];
  const holds = new Set<string>();
  for (let i = 0; i < orderIds.length; i += 100)
    for (const orderId of (await openAfterSaleLines(orderIds.slice(i, i + 100))).keys()) holds.add(orderId);
  const free = due.filter((reward) => !(reward.orderId && holds.has(reward.orderId)));
  report.held += due.length - free.length;
  for (let i = 0; i < free.length; i += PARALLEL_RELEASES) {
    if (i > 0 && !budgetLeft()) {
      report.more = true;
      break;
    }
    const outcomes = await Promise.all(free.slice(i, i + PARALLEL_RELEASES).map((r) => releaseReward(r._id, now)));
    for (const outcome of outcomes) {
      if (outcome === BUSY) report.held += 1;
      else if (outcome.moved) report.released += 1;
    }
  }
  return report;
}
