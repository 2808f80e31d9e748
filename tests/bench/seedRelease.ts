/**
 * Volume seeding for the release tests and benchmark: settled, scheduled commissions written
 * straight into the emulator's store, with the users, accounts and settle entries they imply, all
 * consistent with each other (each account's frozen balance is the sum of its settle entries and
 * of its frozen commissions), as settleCommission and completion would have left them.
 *
 * Commission j belongs to order `<prefix>o<j div 2>`, line 0, level 1 + (j mod 2), and to
 * distributor `<prefix>d<j mod distributors>`: every distributor gets the same number of
 * commissions, each from a different order.
 */
import type { EmulatorHandle } from '../../emulator/src/index';
import {
  settleEntryId,
  ZERO_BALANCES,
  type AccountDocument,
  type CommissionDocument,
  type LedgerEntry,
} from '@shared/ledger';
import { newUser } from '@shared/users';
import { chainLedger } from '../helpers/ledgerChain';

export interface DueSeed {
  commissions: number;
  distributors: number;
  /** When they become due (their releaseAt). */
  releaseAt: Date;
  /** Id prefix, so several seeds can live side by side. */
  prefix?: string;
  /** Amount of commission j (default 100 + j mod 900 fen). */
  amountFen?: (j: number) => number;
}

export interface Seeded {
  commissionIds: string[];
  distributorIds: string[];
  totalFen: number;
}

const INSERT_SLICE = 500;

let shareCodes = 0;

/** A unique 8-character share code (users have a unique index on it). */
function nextShareCode(): string {
  shareCodes += 1;
  return `R${shareCodes.toString(36).toUpperCase().padStart(7, '0')}`;
}

function commissionOf(j: number, seed: Required<DueSeed>, now: Date): CommissionDocument {
  const orderId = `${seed.prefix}o${Math.floor(j / 2)}`;
  const level = 1 + (j % 2);
  const amountFen = seed.amountFen(j);
  return {
    _id: `c:${orderId}:0:${level}`,
    orderId,
    lineIndex: 0,
    level,
    beneficiaryId: `${seed.prefix}d${j % seed.distributors}`,
    buyerId: `${seed.prefix}buyer`,
    amountFen,
    baseFen: amountFen * 10,
    basis: { kind: 'rate', rateBp: 1000 },
    capApplied: false,
    rulesVersion: 1,
    status: 'frozen',
    reversedFen: 0,
    clawedBackFen: 0,
    releaseAt: seed.releaseAt,
    releaseBatch: null,
    releasedAt: null,
    history: [
      { event: 'settled', at: now },
      { event: 'scheduled', at: now, releaseAt: seed.releaseAt },
    ],
    createdAt: now,
    updatedAt: now,
  };
}

export function seedDueCommissions(emu: EmulatorHandle, options: DueSeed): Seeded {
  const seed: Required<DueSeed> = { prefix: '', amountFen: (j) => 100 + (j % 900), ...options };
  const now = new Date(emu.emulator.options.clock.now());
  const commissions = Array.from({ length: seed.commissions }, (_, j) => commissionOf(j, seed, now));
  const { entries, heads } = chainLedger(
    commissions.map((c): LedgerEntry => ({
      _id: settleEntryId(c.orderId, c.beneficiaryId),
      userId: c.beneficiaryId,
      kind: 'settle',
      deltas: { ...ZERO_BALANCES, frozenFen: c.amountFen },
      ref: { orderId: c.orderId, commissionIds: [c._id] },
      at: now,
    })),
  );
  const frozen = new Map<string, number>();
  for (const c of commissions) frozen.set(c.beneficiaryId, (frozen.get(c.beneficiaryId) ?? 0) + c.amountFen);
  const distributorIds = [...frozen.keys()];
  const accounts: AccountDocument[] = distributorIds.map((id) => ({
    _id: id,
    ...ZERO_BALANCES,
    frozenFen: frozen.get(id) as number,
    createdAt: now,
    updatedAt: now,
    ...heads.get(id),
  }));
  const users = distributorIds.map((id) => {
    const user = newUser(id, nextShareCode(), now);
    user.distributor.status = 'approved';
    return user;
  });
  // In slices: the store checks a batch's unique keys against each other (quadratic in its size).
  const insert = (collection: string, docs: object[]): void => {
    for (let i = 0; i < docs.length; i += INSERT_SLICE)
      emu.insert(collection, docs.slice(i, i + INSERT_SLICE) as never);
  };
  insert('users', users);
  insert('accounts', accounts);
  insert('ledgerEntries', entries);
  insert('commissions', commissions);
  return {
    commissionIds: commissions.map((c) => c._id),
    distributorIds,
    totalFen: commissions.reduce((sum, c) => sum + c.amountFen, 0),
  };
}
