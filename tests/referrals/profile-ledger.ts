/**
 * Ledgers for the profile tests, written straight into the emulator's store in the shapes of
 * shared/ledger.ts and shared/withdrawals.ts (settlement, release, refunds and withdrawals write
 * them for real elsewhere). Each account is the sum of its entries and agrees with its
 * commissions and withdrawals; the tests check that with tests/helpers/invariants.ts.
 *
 *   oMe:    1000 released, 500 frozen, 300 released with 100 clawed back, 400 reversed in full;
 *           800 withdrawn, 200 under review → frozen 500, available 200, withdrawing 200,
 *           withdrawn 800; earnings 1700.
 *   oOther: 999 frozen (must never count for oMe).
 *   oQuit:  1000 released and withdrawn, then 300 clawed back → available −300; earnings 700.
 */
import type { EmulatorHandle } from '../../emulator/src/index';
import {
  ZERO_BALANCES,
  type AccountDocument,
  type Balances,
  type CommissionDocument,
  type EntryKind,
  type LedgerEntry,
} from '@shared/ledger';
import type { WithdrawalDocument, WithdrawalStatus } from '@shared/withdrawals';
import { chainLedger } from '../helpers/ledgerChain';

type Ledger = { commissions: CommissionDocument[]; withdrawals: WithdrawalDocument[]; entries: LedgerEntry[] };

function commission(
  orderId: string,
  beneficiaryId: string,
  amountFen: number,
  at: Date,
  changes: Partial<CommissionDocument> = {},
): CommissionDocument {
  return {
    _id: `c:${orderId}:0:1`,
    orderId,
    lineIndex: 0,
    level: 1,
    beneficiaryId,
    buyerId: 'oBuyer',
    amountFen,
    baseFen: amountFen * 10,
    basis: { kind: 'rate', rateBp: 1000 },
    capApplied: false,
    rulesVersion: 1,
    status: 'frozen',
    reversedFen: 0,
    clawedBackFen: 0,
    releaseAt: null,
    releaseBatch: null,
    releasedAt: null,
    history: [{ event: 'settled', at }],
    createdAt: at,
    updatedAt: at,
    ...changes,
  };
}

const released = (batch: string, at: Date, clawedBackFen = 0): Partial<CommissionDocument> => ({
  status: 'released',
  releaseBatch: batch,
  releasedAt: at,
  releaseAt: at,
  clawedBackFen,
});

function withdrawal(
  userId: string,
  requestId: string,
  amountFen: number,
  status: WithdrawalStatus,
  at: Date,
): WithdrawalDocument {
  return {
    _id: `w:${userId}:${requestId}`,
    userId,
    amountFen,
    feeFen: 0,
    payoutFen: amountFen,
    channel: 'wechatTransfer',
    status,
    rulesVersion: 1,
    dayKey: at.toISOString().slice(0, 10),
    transfer: null,
    rejectReason: null,
    history: [{ status: 'reviewing', at, by: userId }],
    createdAt: at,
    updatedAt: at,
  };
}

function entry(userId: string, kind: EntryKind, cause: string, deltas: Partial<Balances>, at: Date): LedgerEntry {
  return { _id: `${kind}:${cause}`, userId, kind, deltas: { ...ZERO_BALANCES, ...deltas }, ref: {}, at };
}

function meLedger(at: Date): Ledger {
  return {
    commissions: [
      commission('o1', 'oMe', 1000, at, released('b1', at)),
      commission('o2', 'oMe', 500, at),
      commission('o3', 'oMe', 300, at, released('b1', at, 100)),
      commission('o4', 'oMe', 400, at, { status: 'reversed', reversedFen: 400 }),
    ],
    withdrawals: [withdrawal('oMe', '1', 800, 'withdrawn', at), withdrawal('oMe', '2', 200, 'reviewing', at)],
    entries: [
      entry('oMe', 'settle', 'o1:oMe', { frozenFen: 1000 }, at),
      entry('oMe', 'settle', 'o2:oMe', { frozenFen: 500 }, at),
      entry('oMe', 'settle', 'o3:oMe', { frozenFen: 300 }, at),
      entry('oMe', 'settle', 'o4:oMe', { frozenFen: 400 }, at),
      entry('oMe', 'reverse', 'r4:oMe', { frozenFen: -400 }, at),
      entry('oMe', 'release', 'b1:oMe', { frozenFen: -1300, availableFen: 1300 }, at),
      entry('oMe', 'clawback', 'r3:oMe', { availableFen: -100 }, at),
      entry('oMe', 'withdraw', 'w:oMe:1', { availableFen: -800, withdrawingFen: 800 }, at),
      entry('oMe', 'withdrawPaid', 'w:oMe:1', { withdrawingFen: -800, withdrawnFen: 800 }, at),
      entry('oMe', 'withdraw', 'w:oMe:2', { availableFen: -200, withdrawingFen: 200 }, at),
    ],
  };
}

function otherLedgers(at: Date): Ledger {
  return {
    commissions: [commission('o9', 'oOther', 999, at), commission('o5', 'oQuit', 1000, at, released('b2', at, 300))],
    withdrawals: [withdrawal('oQuit', '1', 1000, 'withdrawn', at)],
    entries: [
      entry('oOther', 'settle', 'o9:oOther', { frozenFen: 999 }, at),
      entry('oQuit', 'settle', 'o5:oQuit', { frozenFen: 1000 }, at),
      entry('oQuit', 'release', 'b2:oQuit', { frozenFen: -1000, availableFen: 1000 }, at),
      entry('oQuit', 'withdraw', 'w:oQuit:1', { availableFen: -1000, withdrawingFen: 1000 }, at),
      entry('oQuit', 'withdrawPaid', 'w:oQuit:1', { withdrawingFen: -1000, withdrawnFen: 1000 }, at),
      entry('oQuit', 'clawback', 'r5:oQuit', { availableFen: -300 }, at),
    ],
  };
}

/** Each account as the sum of its entries' deltas (the ledger invariant, by construction). */
function accountsOf(entries: readonly LedgerEntry[], at: Date): AccountDocument[] {
  const accounts = new Map<string, AccountDocument>();
  for (const { userId, deltas } of entries) {
    const account = accounts.get(userId) ?? { _id: userId, ...ZERO_BALANCES, createdAt: at, updatedAt: at };
    for (const balance of Object.keys(ZERO_BALANCES) as Array<keyof Balances>) account[balance] += deltas[balance];
    accounts.set(userId, account);
  }
  return [...accounts.values()];
}

/** Seeds the ledgers of oMe, oOther and oQuit (users are seeded by the test). */
export function seedLedgers(emu: EmulatorHandle): void {
  const at = new Date(emu.emulator.options.clock.now());
  const me = meLedger(at);
  const others = otherLedgers(at);
  const { entries, heads } = chainLedger([...me.entries, ...others.entries]);
  const rows = (docs: readonly object[]) => docs as unknown as Array<Record<string, unknown>>;
  emu.insert('commissions', rows([...me.commissions, ...others.commissions]));
  emu.insert('withdrawals', rows([...me.withdrawals, ...others.withdrawals]));
  emu.insert('ledgerEntries', rows(entries));
  emu.insert('accounts', rows(accountsOf(entries, at).map((account) => ({ ...account, ...heads.get(account._id) }))));
}
