/**
 * admin › the ledger's tamper evidence (docs/ledger.md, "Tamper evidence"): `verifyLedger`
 * recomputes the accounts' hash chains, a page of accounts per call; `ledgerStatement` exports
 * one distributor's chained entries with the account's head, as the JSON document that
 * `npm run ledger:verify -- --statement <file>` verifies offline. Registered in ADMIN_CONTRACTS
 * (shared/contracts/admin.ts); use cases in cloudfunctions/admin/ledgerChain.ts.
 */
import { z } from 'zod';

const Fen = z.number().int();
const Hash = z.string().regex(/^[0-9a-f]{64}$/, 'a hex sha256');
/** An account id (the distributor's OPENID). */
const UserId = z.string().trim().min(1).max(128);

export const ChainBreakSchema = z.object({
  reason: z.enum(['hash', 'seq', 'prevHash', 'unchained', 'head', 'balances']),
  /** The first entry where the chain stops holding; null when the account itself disagrees (head, balances). */
  entryId: z.string().nullable(),
  seq: z.number().int().nullable(),
  message: z.string(),
});

export const VerifyLedgerInput = z.strictObject({
  /** The last account id of the previous call's page (its `cursor`); absent to start from the first account. */
  cursor: UserId.optional(),
});
export const VerifyLedgerOutput = z.object({
  /** Accounts this call verified. */
  checked: z.number().int(),
  /** Entries it read. */
  entries: z.number().int(),
  /** The accounts whose chain does not hold, each with its first break. */
  broken: z.array(z.object({ userId: z.string(), break: ChainBreakSchema })),
  /** Pass it back to continue after the last account verified; null once every account was. */
  cursor: z.string().nullable(),
});

/** The most entries one statement carries (a function's answer is at most 1 MB); more come in windows. */
export const STATEMENT_MAX_ENTRIES = 1_000;

export const LedgerStatementInput = z.strictObject({
  userId: UserId,
  /** The first seq of the window; 1 (the default) starts at the account's first entry. */
  fromSeq: z.number().int().min(1).default(1),
});

/** An entry as a statement carries it: the fields its hash covers, with its chain fields. */
const StatementEntry = z.object({
  _id: z.string(),
  userId: z.string(),
  kind: z.enum([
    'settle',
    'release',
    'reverse',
    'clawback',
    'withdraw',
    'withdrawPaid',
    'withdrawReturned',
    'reward',
    'rewardRelease',
    'rewardVoid',
    'rewardClawback',
    'forfeit',
    'riskVoid',
  ]),
  deltas: z.object({ frozenFen: Fen, availableFen: Fen, withdrawingFen: Fen, withdrawnFen: Fen }),
  // Loose: every field of a stored ref is hashed, so none may be dropped on the way.
  ref: z.looseObject({}),
  at: z.iso.datetime(),
  seq: z.number().int().min(1),
  prevHash: Hash,
  hash: Hash,
});

/** The statement document: what the merchant saves and anyone verifies with `npm run ledger:verify -- --statement`. */
export const LedgerStatementOutput = z.object({
  format: z.literal('ledger-statement/1'),
  userId: z.string(),
  /** When it was exported (the account's head is as of then). */
  exportedAt: z.iso.datetime(),
  account: z.object({
    frozenFen: Fen,
    availableFen: Fen,
    withdrawingFen: Fen,
    withdrawnFen: Fen,
    entryCount: z.number().int().min(0),
    lastEntryHash: Hash,
  }),
  /** The seq of the first entry; a window from 1 that reaches entryCount is the whole chain. */
  fromSeq: z.number().int().min(1),
  entries: z.array(StatementEntry),
  /** The fromSeq of the next window; null when this one reaches the head. */
  nextFromSeq: z.number().int().nullable(),
});
export type LedgerStatement = z.infer<typeof LedgerStatementOutput>;

export const ADMIN_LEDGER_CHAIN_CONTRACTS = {
  verifyLedger: { input: VerifyLedgerInput, output: VerifyLedgerOutput },
  ledgerStatement: { input: LedgerStatementInput, output: LedgerStatementOutput },
} as const;
export type AdminLedgerChainRoute = keyof typeof ADMIN_LEDGER_CHAIN_CONTRACTS;

/** The codes the ledger routes add to the admin function's. */
export const ADMIN_LEDGER_CHAIN_ERRORS = [
  /** ledgerStatement: no account with this id. */
  'ACCOUNT_NOT_FOUND',
  /** ledgerStatement: the account has entries from before the chain (`npm run ledger:verify -- --adopt`). */
  'LEDGER_NOT_CHAINED',
] as const;
