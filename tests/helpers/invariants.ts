/**
 * The invariants of docs/rules.md section 8, checked over a snapshot of the whole database. Each check
 * answers the violations it found (an empty list when the invariant holds), so a model-based test
 * can print every broken rule of a step at once instead of stopping at the first.
 *
 * Two kinds of checks: those that must hold at EVERY moment, whatever crashed where (an account
 * equals the sum of its entries, no negative frozen balance, conservation of money counting the
 * settlement shares still pending, a frozen balance equal to what the commissions of its applied
 * shares hold), and the cross-checks between accounts and commissions or withdrawals, which hold
 * once no release batch is half finished and no settlement share is pending (`quiescent`): a
 * batch's credit and its flip of the commissions are two steps, and between them the account is
 * already credited while the commissions still say `releasing`; a share's commissions exist
 * from settlement on, its credit only from its roll-up.
 */
import {
  frozenFenOf,
  releasedFenOf,
  type AccountDocument,
  type CommissionDocument,
  type LedgerEntry,
  type SettlementShareDocument,
} from '@shared/ledger';
import { verifyAccountChain } from '@shared/ledgerChain';
import type { OrderDocument } from '@shared/orders';
import { rewardAvailableFen, rewardFrozenFen, type RewardDocument } from '@shared/rewards';
import type { RulesDocument } from '@shared/rules';
import type { UserDocument } from '@shared/users';
import type { WithdrawalDocument } from '@shared/withdrawals';

export interface Snapshot {
  accounts: AccountDocument[];
  ledgerEntries: LedgerEntry[];
  commissions: CommissionDocument[];
  settlementShares: SettlementShareDocument[];
  /** Rewards (团队奖励, 拉新奖励) credited to accounts beside the commissions. */
  rewards: RewardDocument[];
  withdrawals: WithdrawalDocument[];
  orders: OrderDocument[];
  skus: Array<{ _id: string; stock: number; reservedBy?: string[]; returnedBy?: string[] }>;
  users: UserDocument[];
  /** The current rules and their history, to find each order's cap. */
  rules: Array<Pick<RulesDocument, 'version' | 'capBp'>>;
}

/** What the test knows from outside the database: each SKU's stock before any order. */
export interface Known {
  initialStock: ReadonlyMap<string, number>;
}

const BALANCES = ['frozenFen', 'availableFen', 'withdrawingFen', 'withdrawnFen'] as const;

const sum = <T>(items: readonly T[], value: (item: T) => number): number =>
  items.reduce((total, item) => total + value(item), 0);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** A snapshot is quiescent when no release batch is between its credit and its flip and no settlement share is pending. */
export function isQuiescent(snapshot: Snapshot): boolean {
  return (
    !snapshot.commissions.some((commission) => commission.status === 'releasing') &&
    !snapshot.settlementShares.some((share) => share.state === 'pending')
  );
}

/** The ids of the commissions whose settlement share is still pending (their credit is in no account yet). */
function unappliedCommissions(snapshot: Snapshot): Set<string> {
  return new Set(
    snapshot.settlementShares.filter((share) => share.state === 'pending').flatMap((share) => share.commissionIds),
  );
}

/** Invariant 1: balances = Σ entries; frozen, withdrawing, withdrawn never negative; available negative only by clawback. */
export function checkAccounts(snapshot: Snapshot): string[] {
  const problems: string[] = [];
  const entriesByUser = groupBy(snapshot.ledgerEntries, (entry) => entry.userId);
  for (const account of snapshot.accounts) {
    const entries = entriesByUser.get(account._id) ?? [];
    for (const balance of BALANCES) {
      const total = sum(entries, (entry) => entry.deltas[balance]);
      if (account[balance] !== total)
        problems.push(`account ${account._id}: ${balance} ${account[balance]} ≠ Σ entries ${total}`);
    }
    for (const balance of ['frozenFen', 'withdrawingFen', 'withdrawnFen'] as const) {
      if (account[balance] < 0) problems.push(`account ${account._id}: ${balance} is negative (${account[balance]})`);
    }
    const clawedBack = sum(
      entries.filter((entry) => entry.kind === 'clawback' || entry.kind === 'rewardClawback'),
      (entry) => -entry.deltas.availableFen,
    );
    if (account.availableFen < 0 && -account.availableFen > clawedBack) {
      problems.push(
        `account ${account._id}: available ${account.availableFen} is below what clawbacks explain (${clawedBack})`,
      );
    }
  }
  for (const [userId] of entriesByUser) {
    if (!snapshot.accounts.some((account) => account._id === userId))
      problems.push(`entries of ${userId} without an account`);
  }
  return problems;
}

/** Invariant 2: amount = released + reversed + still frozen; amounts and parts never negative. */
export function checkCommissions(snapshot: Snapshot): string[] {
  const problems: string[] = [];
  for (const commission of snapshot.commissions) {
    const { _id, amountFen, reversedFen, clawedBackFen, status } = commission;
    if (amountFen < 0 || reversedFen < 0 || clawedBackFen < 0) problems.push(`commission ${_id}: negative part`);
    const parts = releasedFenOf(commission) + reversedFen + frozenFenOf(commission);
    if (parts !== amountFen)
      problems.push(`commission ${_id} (${status}): released + reversed + frozen = ${parts} ≠ amount ${amountFen}`);
    if (status === 'reversed' && reversedFen !== amountFen)
      problems.push(`commission ${_id}: reversed but only ${reversedFen} of ${amountFen}`);
    if (status !== 'released' && clawedBackFen !== 0)
      problems.push(`commission ${_id}: clawed back ${clawedBackFen} while ${status}`);
    if (clawedBackFen > releasedFenOf(commission))
      problems.push(`commission ${_id}: clawed back ${clawedBackFen} > released ${releasedFenOf(commission)}`);
  }
  return problems;
}

/** Invariant 3: per order line, Σ commission ≤ capBp of its base, no beneficiary twice. */
export function checkCaps(snapshot: Snapshot): string[] {
  const problems: string[] = [];
  const capOf = (version: number): number | undefined =>
    snapshot.rules.find((rules) => rules.version === version)?.capBp;
  for (const order of snapshot.orders) {
    const capBp = capOf(order.rulesVersion);
    for (const line of order.lines) {
      const levels = line.attribution.levels;
      const total = sum(levels, (level) => level.amountFen);
      if (capBp !== undefined && total * 10_000 > line.attribution.baseFen * capBp) {
        problems.push(
          `order ${order._id} line ${line.lineIndex}: commission ${total} exceeds cap ${capBp} bp of ${line.attribution.baseFen}`,
        );
      }
      const beneficiaries = levels.map((level) => level.beneficiaryId);
      if (new Set(beneficiaries).size !== beneficiaries.length)
        problems.push(`order ${order._id} line ${line.lineIndex}: a beneficiary appears twice`);
    }
  }
  return problems;
}

/**
 * Invariant 4: Σ commission and rewards credited = Σ balances + Σ pending shares' credits + Σ
 * reversed + Σ clawed back (a voided reward is taken back whole).
 */
export function checkConservation(snapshot: Snapshot): string[] {
  const rewardsTaken = sum(snapshot.rewards, (reward) =>
    reward.status === 'voided' ? reward.amountFen : reward.clawedBackFen,
  );
  const credited =
    sum(snapshot.commissions, (commission) => commission.amountFen) +
    sum(snapshot.rewards, (reward) => reward.amountFen);
  const held = sum(snapshot.accounts, (account) => sum(BALANCES, (balance) => account[balance]));
  const owed = sum(
    snapshot.settlementShares.filter((share) => share.state === 'pending'),
    (share) => share.frozenFen,
  );
  const taken =
    sum(snapshot.commissions, (commission) => commission.reversedFen + commission.clawedBackFen) + rewardsTaken;
  return credited === held + owed + taken
    ? []
    : [
        `money not conserved: credited ${credited} ≠ balances ${held} + pending shares ${owed} + reversed/clawed back ${taken}`,
      ];
}

/**
 * Settlement shares (docs/rules.md section 7), at every moment: one per order and user; a share's
 * credit is what its commissions hold; a pending share's commissions are untouched since
 * settlement (never claimed or released, holding exactly the share's credit),
 * and none of its user's entries records it yet; an applied share has its settle entry (when it
 * earned). And every frozen balance equals what the commissions of its applied shares still hold
 * (no release batch half finished).
 */
export function checkShares(snapshot: Snapshot): string[] {
  const problems: string[] = [];
  const commissions = new Map(snapshot.commissions.map((commission) => [commission._id, commission]));
  const entries = new Set(snapshot.ledgerEntries.map((entry) => entry._id));
  for (const share of snapshot.settlementShares) {
    const own = share.commissionIds.map((id) => commissions.get(id));
    if (own.some((commission) => commission === undefined || commission.beneficiaryId !== share.userId))
      problems.push(`share ${share._id}: names a commission of someone else or none`);
    const entry = entries.has(`settle:${share.orderId}:${share.userId}`);
    if (share.state === 'applied' && share.commissionIds.length > 0 && !entry)
      problems.push(`share ${share._id}: applied without its settle entry`);
    if (share.state !== 'pending') continue;
    if (entry) problems.push(`share ${share._id}: pending, yet its settle entry exists`);
    const held = sum(own, (commission) => (commission ? frozenFenOf(commission) : 0));
    // Reversals after settlement would lower what they hold; a claim or release changes the status.
    const touched = own.some(
      (commission) => commission && commission.status !== 'frozen' && commission.status !== 'reversed',
    );
    if (touched || held !== share.frozenFen)
      problems.push(`share ${share._id}: pending, but its commissions changed since settlement`);
  }
  if (snapshot.commissions.some((commission) => commission.status === 'releasing')) return problems;
  const unapplied = unappliedCommissions(snapshot);
  const byUser = groupBy(
    snapshot.commissions.filter((commission) => !unapplied.has(commission._id)),
    (commission) => commission.beneficiaryId,
  );
  const rewardsOf = groupBy(snapshot.rewards, (reward) => reward.beneficiaryId);
  for (const account of snapshot.accounts) {
    const frozen =
      sum(byUser.get(account._id) ?? [], frozenFenOf) + sum(rewardsOf.get(account._id) ?? [], rewardFrozenFen);
    if (account.frozenFen !== frozen)
      problems.push(
        `account ${account._id}: frozen ${account.frozenFen} ≠ ${frozen} held by its applied commissions and rewards`,
      );
  }
  return problems;
}

/**
 * Cross-checks that hold when quiescent: frozen = Σ frozen parts of the distributor's
 * commissions and rewards; withdrawing and withdrawn = Σ of their withdrawals in those states;
 * available = Σ released − Σ clawed back (commissions and rewards) − Σ withdrawals not returned.
 */
export function checkCrossBalances(snapshot: Snapshot): string[] {
  if (!isQuiescent(snapshot)) return [];
  const problems: string[] = [];
  const commissionsOf = groupBy(snapshot.commissions, (commission) => commission.beneficiaryId);
  const withdrawalsOf = groupBy(snapshot.withdrawals, (withdrawal) => withdrawal.userId);
  const rewardsOf = groupBy(snapshot.rewards, (reward) => reward.beneficiaryId);
  for (const account of snapshot.accounts) {
    const commissions = commissionsOf.get(account._id) ?? [];
    const rewards = rewardsOf.get(account._id) ?? [];
    const withdrawals = withdrawalsOf.get(account._id) ?? [];
    const pending = sum(
      withdrawals.filter((w) => w.status === 'reviewing' || w.status === 'paying'),
      (w) => w.amountFen,
    );
    const paid = sum(
      withdrawals.filter((w) => w.status === 'withdrawn'),
      (w) => w.amountFen,
    );
    const expected = {
      frozenFen: sum(commissions, frozenFenOf) + sum(rewards, rewardFrozenFen),
      availableFen:
        sum(commissions, (c) => releasedFenOf(c) - c.clawedBackFen) + sum(rewards, rewardAvailableFen) - pending - paid,
      withdrawingFen: pending,
      withdrawnFen: paid,
    };
    for (const balance of BALANCES) {
      if (account[balance] !== expected[balance])
        problems.push(
          `account ${account._id}: ${balance} ${account[balance]} ≠ ${expected[balance]} from its commissions and withdrawals`,
        );
    }
  }
  return problems;
}

/** Invariant 5: initial stock = stock + units held by reserved orders − units returned by refunds. */
export function checkStock(snapshot: Snapshot, known: Known): string[] {
  const problems: string[] = [];
  for (const sku of snapshot.skus) {
    const initial = known.initialStock.get(sku._id);
    if (initial === undefined) continue;
    let held = 0;
    let returned = 0;
    for (const order of snapshot.orders) {
      const lines = order.lines.filter((line) => line.skuId === sku._id);
      // A placeOrder that stopped half way holds exactly the lines whose SKU lists the order. A
      // close that stopped after giving some lines back (keyed by the order id in the SKU's
      // `returnedBy`) but before marking the reservation released holds only the others; the
      // closer's repair pass finishes it (cloudfunctions/_lib/orders/close.ts, step 3).
      const givenBack = (sku.returnedBy ?? []).includes(order._id);
      const holds =
        !givenBack &&
        (order.reservation === 'reserved' ||
          (order.reservation === 'reserving' && (sku.reservedBy ?? []).includes(order._id)));
      if (holds) held += sum(lines, (line) => line.quantity);
      for (const refund of order.refunds ?? []) {
        if (!refund.restock) continue;
        returned += sum(
          refund.lines.filter((line) => order.lines.find((l) => l.lineIndex === line.lineIndex)?.skuId === sku._id),
          (line) => line.quantity,
        );
      }
    }
    if (initial !== sku.stock + held - returned)
      problems.push(`sku ${sku._id}: initial ${initial} ≠ stock ${sku.stock} + held ${held} − returned ${returned}`);
  }
  return problems;
}

/** Invariant 6: nothing twice. Ids are unique by construction; this checks each cause is counted once. */
export function checkOnce(snapshot: Snapshot): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const entry of snapshot.ledgerEntries) {
    if (entry.kind !== 'release') continue;
    for (const commissionId of entry.ref.commissionIds ?? []) {
      const earlier = seen.get(commissionId);
      if (earlier) problems.push(`commission ${commissionId} released by ${earlier} and ${entry._id}`);
      seen.set(commissionId, entry._id);
    }
  }
  for (const order of snapshot.orders) {
    const refunds = (order.refunds ?? []).map((refund) => refund.outRefundNo);
    if (new Set(refunds).size !== refunds.length) problems.push(`order ${order._id}: a refund applied twice`);
    for (const line of order.lines) {
      if (line.refundedFen > line.paidFen)
        problems.push(`order ${order._id} line ${line.lineIndex}: refunded ${line.refundedFen} > paid ${line.paidFen}`);
    }
  }
  return problems;
}

/** Invariant 7: every ancestors chain is acyclic, at most 3 long and consistent with referrerId. */
export function checkChains(snapshot: Snapshot): string[] {
  const problems: string[] = [];
  const byId = new Map(snapshot.users.map((user) => [user._id, user]));
  for (const user of snapshot.users) {
    const { ancestors, referrerId } = user;
    if (ancestors.length > 3 || new Set(ancestors).size !== ancestors.length || ancestors.includes(user._id)) {
      problems.push(`user ${user._id}: chain ${ancestors.join(' → ')} is too long or cyclic`);
    }
    const referrer = referrerId === null ? undefined : byId.get(referrerId);
    const expected = referrerId === null ? [] : [referrerId, ...(referrer?.ancestors ?? [])].slice(0, 3);
    if (JSON.stringify(ancestors) !== JSON.stringify(expected))
      problems.push(`user ${user._id}: ancestors ${ancestors} ≠ ${expected} from referrerId`);
  }
  return problems;
}

/**
 * Tamper evidence (docs/ledger.md): every account's hash chain verifies, at every moment, because
 * each entry joins it in the transaction that changes its account.
 */
export function checkLedgerChains(snapshot: Snapshot): string[] {
  const entriesByUser = groupBy(snapshot.ledgerEntries, (entry) => entry.userId);
  return snapshot.accounts.flatMap((account) => {
    const verdict = verifyAccountChain(account, entriesByUser.get(account._id) ?? []);
    return verdict.ok
      ? []
      : [`account ${account._id}: chain broken (${verdict.break.reason}): ${verdict.break.message}`];
  });
}

/** Every invariant of section 8 over one snapshot. */
export function checkAll(snapshot: Snapshot, known: Known): string[] {
  return [
    ...checkAccounts(snapshot),
    ...checkCommissions(snapshot),
    ...checkCaps(snapshot),
    ...checkConservation(snapshot),
    ...checkShares(snapshot),
    ...checkCrossBalances(snapshot),
    ...checkStock(snapshot, known),
    ...checkOnce(snapshot),
    ...checkChains(snapshot),
    ...checkLedgerChains(snapshot),
  ];
}

/** Reads everything the checks need straight from the emulator's store (no round trips counted). */
export function snapshotOf(store: { scan(collection: string): Array<Record<string, unknown>> }): Snapshot {
  const all = <T>(collection: string): T[] => store.scan(collection) as unknown as T[];
  return {
    accounts: all('accounts'),
    ledgerEntries: all('ledgerEntries'),
    commissions: all('commissions'),
    settlementShares: all('settlementShares'),
    rewards: all('rewards'),
    withdrawals: all('withdrawals'),
    orders: all('orders'),
    skus: all('skus'),
    users: all('users'),
    rules: [...all<RulesDocument>('rules'), ...all<RulesDocument>('rulesHistory')],
  };
}
