/**
 * npm run ledger:verify: recomputes the ledger's hash chains (docs/ledger.md, "Tamper evidence")
 * and prints, per account, OK or the first broken entry with the reason. Exit code 0 when every
 * chain holds, 1 on any break (or a failure), 2 on a usage error.
 *
 *   npm run ledger:verify                                  the emulator of `npm start` (http://127.0.0.1:8787)
 *   npm run ledger:verify -- --url http://127.0.0.1:9000   another emulator
 *   npm run ledger:verify -- --env <envId> [--region r]    a CloudBase environment; credentials from
 *                                                          TENCENTCLOUD_SECRETID, TENCENTCLOUD_SECRETKEY
 *                                                          (and TENCENTCLOUD_SESSIONTOKEN), as for deploy
 *   npm run ledger:verify -- --statement <file>            a statement exported by the admin route
 *                                                          ledgerStatement; needs no connection
 *   npm run ledger:verify -- --adopt [--url | --env]       one-off: chains the entries written before the
 *                                                          chain existed (see docs/ledger.md), then verifies
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LedgerStatementOutput } from '@shared/contracts/ledgerChain';
import { headOf, verifyChainWindow, type ChainBreak, type ChainHead, type ChainVerdict } from '@shared/ledgerChain';
import { sdkEnvironment } from '../emulator/src/index';

const DEFAULT_URL = 'http://127.0.0.1:8787';

type Options = { url: string; env?: string; region?: string; statement?: string; adopt: boolean };

/** One account's line; an intact chain's head is printed whole, so that a kept output anchors it (docs/ledger.md). */
function describe(name: string, verdict: ChainVerdict, head?: ChainHead): string {
  if (verdict.ok)
    return `OK      ${name} (${verdict.entries} entries${head ? `; head ${head.entryCount} ${head.lastEntryHash}` : ''})`;
  const at: ChainBreak = verdict.break;
  const where = at.entryId === null ? 'the account' : `entry ${at.entryId}${at.seq === null ? '' : ` (seq ${at.seq})`}`;
  return `BROKEN  ${name}: ${at.reason} at ${where}: ${at.message}`;
}

function verifyStatementFile(file: string): number {
  const parsed = LedgerStatementOutput.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    console.error(`${file} is not a ledger statement: ${parsed.error.issues[0]?.message ?? ''}`);
    return 1;
  }
  const { userId, account, fromSeq, entries } = parsed.data;
  const verdict = verifyChainWindow({ account: { _id: userId, ...account }, fromSeq, entries });
  console.log(describe(`${userId} (statement ${file})`, verdict, headOf(account)));
  if (verdict.ok && !verdict.complete)
    console.log(
      `        a window from seq ${fromSeq}: its link to the entries before it is checked by their statement`,
    );
  return verdict.ok ? 0 : 1;
}

/** Points wx-server-sdk at the emulator or the environment, the way a function process is (docs/platform.md section 1.2). */
async function connect(options: Options): Promise<void> {
  if (options.env) {
    if (!process.env.TENCENTCLOUD_SECRETID || !process.env.TENCENTCLOUD_SECRETKEY)
      throw new UsageError('--env needs TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY in the environment');
    Object.assign(process.env, { TCB_ENV: options.env, SCF_NAMESPACE: options.env });
    if (options.region) process.env.TENCENTCLOUD_REGION = options.region;
    return;
  }
  const reply = await fetch(`${options.url}/_emulator/health`).catch(() => null);
  if (!reply?.ok)
    throw new Failure(`no emulator answers at ${options.url} (start one with npm start, or pass --url / --env)`);
  const health = (await reply.json()) as { envName: string };
  Object.assign(process.env, sdkEnvironment(`${options.url}/admin`, health.envName), { SILENCE: 'true' });
}

async function verifyStore(options: Options): Promise<number> {
  await connect(options);
  // Loaded only now: the SDK reads its environment when cloudfunctions/_lib/cloud.ts initialises it.
  const audit = await import('../cloudfunctions/_lib/ledgerAudit');
  if (options.adopt) {
    for (
      let ids = await audit.accountIdsAfter(null);
      ids.length > 0;
      ids = await audit.accountIdsAfter(ids.at(-1) as string)
    ) {
      for (const id of ids) {
        const adopted = await audit.adoptLegacyEntries(id);
        if (typeof adopted !== 'number') throw new Failure(`adopting ${id}: the account stayed busy; run again`);
        if (adopted > 0) console.log(`ADOPTED ${id}: ${adopted} legacy entries chained`);
      }
    }
  }
  let checked = 0;
  let broken = 0;
  for (let cursor: string | null = null; ;) {
    const page = await audit.verifyAccountsPage(cursor, Number.POSITIVE_INFINITY, (account, verdict) =>
      console.log(describe(account._id, verdict, headOf(account))),
    );
    checked += page.checked;
    broken += page.broken.length;
    if (page.cursor === null) break;
    cursor = page.cursor;
  }
  console.log(broken === 0 ? `${checked} accounts, every chain holds` : `${broken} of ${checked} accounts broken`);
  return broken === 0 ? 0 : 1;
}

class UsageError extends Error {}
/** A failure explained in its message (no stack trace needed). */
class Failure extends Error {}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string', default: DEFAULT_URL },
      env: { type: 'string' },
      region: { type: 'string' },
      statement: { type: 'string' },
      adopt: { type: 'boolean', default: false },
    },
  });
  if (values.statement && (values.adopt || values.env)) throw new UsageError('--statement takes no connection');
  return { ...values, url: values.url.replace(/\/+$/, '') };
}

async function main(argv: string[]): Promise<number> {
  try {
    const parsed = options(argv);
    return parsed.statement ? verifyStatementFile(parsed.statement) : await verifyStore(parsed);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n(see the top of scripts/ledger-verify.ts for the options)`);
      return 2;
    }
    if (error instanceof Failure) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
