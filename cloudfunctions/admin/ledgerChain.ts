/**
 * The merchant's checks of the ledger's tamper evidence (docs/ledger.md, "Tamper evidence"):
 * `verifyLedger` recomputes the accounts' hash chains a page at a time within a time budget and
 * names each broken account's first broken entry; `ledgerStatement` exports one distributor's
 * chained entries with the account's head, the document `npm run ledger:verify -- --statement`
 * verifies. Admins only, like every admin route. The reading lives in
 * cloudfunctions/_lib/ledgerAudit.ts, shared with the script.
 *
 * Contracts: ADMIN_LEDGER_CHAIN_CONTRACTS in shared/contracts/ledgerChain.ts, part of ADMIN_CONTRACTS.
 */
import type { AdminError } from '@shared/contracts/admin';
import type { ADMIN_LEDGER_CHAIN_CONTRACTS } from '@shared/contracts/ledgerChain';
import { fail, ok } from '@shared/result';
import { statementOf, verifyAccountsPage } from '../_lib/ledgerAudit';
import type { Handlers } from '../_lib/router';

/**
 * Half the admin function's timeout (config.json: 20 s), measured with performance.now() (the
 * emulator's virtual clock may jump): a page stops starting accounts after it.
 */
const VERIFY_BUDGET_MS = 10_000;

const MESSAGES = {
  ACCOUNT_NOT_FOUND: '没有该分销员的账户 (no account with this id)',
  LEDGER_NOT_CHAINED:
    '该账户有未入链的早期流水，请先运行 npm run ledger:verify -- --adopt (entries from before the chain; adopt them first)',
} as const;

/** The ledger handlers of the admin function's route table (cloudfunctions/admin/index.ts). */
export const LEDGER_CHAIN_HANDLERS: Handlers<typeof ADMIN_LEDGER_CHAIN_CONTRACTS, AdminError> = {
  verifyLedger: async (input) =>
    ok(await verifyAccountsPage(input.cursor ?? null, performance.now() + VERIFY_BUDGET_MS)),
  ledgerStatement: async (input, { now }) => {
    const statement = await statementOf(input.userId, input.fromSeq, now);
    return typeof statement === 'string' ? fail(statement, MESSAGES[statement]) : ok(statement);
  },
};
