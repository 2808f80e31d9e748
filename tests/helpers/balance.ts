/**
 * The balance (余额) in tests: seeding a balance as a merchant's adjustment would make it (the
 * account and its `adjust` entry, consistent with each other), and the account invariants of
 * docs/wallet.md: an account equals the sum of its entries, never below zero, its entries numbered
 * 1, 2, 3, … with each `balanceAfterFen` the running sum.
 */
import type { EmulatorHandle } from '../../emulator/src/index';
import { keyOf } from '../../emulator/src/db/store';
import { applyBalanceMoves, type BalanceAccountDocument, type BalanceEntryDocument } from '@shared/balance';

export function balanceOf(emu: EmulatorHandle, userId: string): BalanceAccountDocument | undefined {
  return emu.emulator.store.scan('balances').find((doc) => doc._id === userId) as unknown as
    BalanceAccountDocument | undefined;
}

export function balanceEntries(emu: EmulatorHandle, userId?: string): BalanceEntryDocument[] {
  const entries = emu.emulator.store.scan('balanceEntries') as unknown as BalanceEntryDocument[];
  return entries.filter((entry) => userId === undefined || entry.userId === userId).sort((a, b) => a.seq - b.seq);
}

/**
 * Adds `amountFen` to `userId`'s balance as a merchant's adjustment `adjustmentId` (written into the
 * store directly, account and entry together, as the one transaction would).
 */
export function seedBalance(emu: EmulatorHandle, userId: string, amountFen: number, adjustmentId: string): void {
  const account = balanceOf(emu, userId);
  const at = new Date(emu.emulator.options.clock.now());
  const move = { kind: 'adjust' as const, causeId: adjustmentId, amountFen, ref: { adjustmentId }, by: 'oADMIN' };
  const verdict = applyBalanceMoves(userId, account ?? { balanceFen: 0, entryCount: 0 }, [move], at);
  if (!verdict.ok) throw new Error(`seedBalance: ${userId} cannot go below zero`);
  const head = { balanceFen: verdict.balanceFen, entryCount: (account?.entryCount ?? 0) + 1, updatedAt: at };
  const doc = { _id: userId, createdAt: account?.createdAt ?? at, ...head };
  const [entry] = verdict.entries;
  // One committed batch, as the transaction commits the account and its entry together.
  emu.emulator.store.apply([
    { collection: 'balances', key: keyOf(userId), doc },
    { collection: 'balanceEntries', key: keyOf(entry!._id), doc: { ...entry!, reason: '测试充值' } },
  ]);
}

/** The invariants of every balance account; answers the problems found (none: []). */
export function balanceProblems(emu: EmulatorHandle): string[] {
  const problems: string[] = [];
  const accounts = emu.emulator.store.scan('balances') as unknown as BalanceAccountDocument[];
  for (const account of accounts) {
    const entries = balanceEntries(emu, account._id);
    const sum = entries.reduce((total, entry) => total + entry.amountFen, 0);
    if (sum !== account.balanceFen) problems.push(`${account._id}: balance ${account.balanceFen}, entries ${sum}`);
    if (account.balanceFen < 0) problems.push(`${account._id}: below zero`);
    if (entries.length !== account.entryCount)
      problems.push(`${account._id}: ${entries.length} entries, count ${account.entryCount}`);
    let running = 0;
    entries.forEach((entry, index) => {
      running += entry.amountFen;
      if (entry.seq !== index + 1 || entry.balanceAfterFen !== running || running < 0)
        problems.push(`${account._id}: entry ${entry._id} seq ${entry.seq} after ${entry.balanceAfterFen}`);
    });
  }
  return problems;
}
