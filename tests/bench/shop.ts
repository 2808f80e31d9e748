/**
 * The shop the bench runs on: the demo store of `npm start` plus one product of ten SKUs with
 * ample stock, two levels of distributors (oBenchTop ← oBenchRef) above every buyer, an admin and
 * an available balance for oBenchRef, all written straight into the store.
 */
import { startEmulator, type EmulatorHandle, type StartOptions } from '../../emulator/src/index';
import { DEFAULT_RULES } from '@shared/rules';
import { ZERO_BALANCES, type AccountDocument, type LedgerEntry } from '@shared/ledger';
import { DEMO_STORE } from '../../scripts/seed';
import { seedAddress, seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';
import { insertMany } from './measure';

export const ADMIN = 'oBenchAdmin';
export const TOP = 'oBenchTop';
export const REF = 'oBenchRef';
export const BENCH_PRODUCT = 'p-bench';
export const BENCH_SKUS = Array.from({ length: 10 }, (_, i) => `bench-sku-${i}`);
export const REF_BALANCE_FEN = 1_000_000;

/**
 * An in-process emulator for one section: no timers (a section runs what it measures itself),
 * the payment sub-merchant placeOrder needs, and `latencyMs` added to every database request.
 */
export function startBenchEmulator(latencyMs: number, options: StartOptions = {}): Promise<EmulatorHandle> {
  return startEmulator({
    latencyMs,
    timers: [],
    runScheduler: false,
    functionEnv: { WXPAY_SUB_MCH_ID: '1900000109' },
    ...options,
  });
}

/** Seeds the shop; `buyers` are bound under oBenchRef, each with a default address. Answers oBenchRef's share code. */
export function seedBenchShop(emu: EmulatorHandle, buyers: string[]): string {
  const now = new Date(emu.emulator.options.clock.now());
  // One withdrawal request per bench run must fit in the day's limit.
  seedRules(emu, { levels: 2, recruitment: 'apply', withdraw: { ...DEFAULT_RULES.withdraw, maxPerDay: 100 } });
  for (const [collection, docs] of Object.entries(DEMO_STORE)) emu.insert(collection, docs);
  seedProduct(
    emu,
    { _id: BENCH_PRODUCT, categoryId: 'cat-tea', name: '压测商品' },
    BENCH_SKUS.map((id) => ({ _id: id, priceFen: 1_000, stock: 1_000_000 })),
  );
  const [, ref] = seedUsers(emu, [
    { id: TOP, status: 'approved' },
    { id: REF, status: 'approved', referrerId: TOP, ancestors: [TOP] },
  ]);
  seedUsers(
    emu,
    buyers.map((id) => ({ id, referrerId: REF, ancestors: [REF, TOP] })),
  );
  for (const buyer of buyers) seedAddress(emu, buyer);
  emu.insert('admins', [{ _id: ADMIN, addedBy: 'setup', addedAt: now, note: '' }]);
  seedAvailable(emu, REF, REF_BALANCE_FEN, now);
  return (ref as { shareCode: string }).shareCode;
}

/** An available balance as the ledger would leave it: a settle and a release entry and their account. */
export function seedAvailable(emu: EmulatorHandle, userId: string, availableFen: number, at: Date): void {
  const entries: LedgerEntry[] = [
    {
      _id: `settle:bench-order:${userId}`,
      userId,
      kind: 'settle',
      deltas: { ...ZERO_BALANCES, frozenFen: availableFen },
      ref: { orderId: 'bench-order' },
      at,
    },
    {
      _id: `release:bench-batch:${userId}`,
      userId,
      kind: 'release',
      deltas: { ...ZERO_BALANCES, frozenFen: -availableFen, availableFen },
      ref: { releaseBatch: 'bench-batch' },
      at,
    },
  ];
  const account: AccountDocument = { _id: userId, ...ZERO_BALANCES, availableFen, createdAt: at, updatedAt: at };
  insertMany(emu, 'ledgerEntries', entries);
  emu.insert('accounts', [account as never]);
}
