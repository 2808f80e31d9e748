/**
 * The withdrawal tests' emulator: merchant-transfer settings pointing at the emulator's payout
 * sandbox, a virtual clock starting at noon China time, and helpers to seed balances, call the
 * functions and check that every account equals its ledger entries.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { AccountDocument, Balances, LedgerEntry } from '@shared/ledger';
import { verifyAccountChain } from '@shared/ledgerChain';
import type { Rules } from '@shared/rules';
import type { WithdrawalDocument } from '@shared/withdrawals';
import { payoutPlatformKey } from '../../emulator/src/pay/payouts';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { appendToAccount } from '../helpers/ledgerChain';

/** 2025-03-01 12:00 in China (04:00 UTC). */
export const START = Date.parse('2025-03-01T04:00:00Z');
export const MCH_ID = '1900000001';
export const TEMPLATE = {
  templateId: 'tpl-withdrawal',
  keywords: { amount: 'amount1', time: 'time2', note: 'thing3' },
};

type Json = Record<string, any>;

/** A function's result, loosely typed for assertions (`data` on success, `error` on failure). */
export interface Reply {
  ok: boolean;
  data: any;
  error: any;
}

export interface WithdrawFixture extends EmulatorFixture {
  scan<T>(collection: string): T[];
  /** Calls a route of `withdraw` as `openid`; answers the function's result. */
  withdraw(openid: string, route: string, data?: Json): Promise<Reply>;
  admin(openid: string, route: string, data?: Json): Promise<Reply>;
  /** The payout sandbox's control plane (plays the distributor and the bank). */
  control(method: 'GET' | 'POST', path: string, body?: Json): Promise<{ status: number; body: Json }>;
}

export function useWithdrawEmulator(options: { latencyMs?: number } = {}): WithdrawFixture {
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string;
  // Functions start lazily, so the sandbox's URL (known once the emulator listens) is in time.
  const env: Record<string, string> = {
    WXPAY_MCH_ID: MCH_ID,
    WXPAY_MCH_SERIAL_NO: '408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB',
    WXPAY_MCH_PRIVATE_KEY: privateKey,
  };
  const f = useEmulator({
    ...options,
    functionEnv: env,
    runScheduler: false,
    clock: { now: () => START },
    timers: ['syncWithdrawals'],
  }) as WithdrawFixture;
  beforeAll(() => {
    env.WXPAY_API_BASE = `${f.emu.url}/_emulator/wxpay`;
    // WeChat Pay's public key for the payee's real name: the sandbox's own.
    const platform = payoutPlatformKey(f.emu.emulator);
    env.WXPAY_PLATFORM_PUBLIC_KEY = platform.publicKey;
    env.WXPAY_PLATFORM_SERIAL = platform.serial;
  });
  f.scan = <T>(collection: string) => f.emu.emulator.store.scan(collection) as unknown as T[];
  f.withdraw = async (openid, route, data = {}) =>
    (await f.emu.call('withdraw', { $url: route, ...data }, { openid })).result as Reply;
  f.admin = async (openid, route, data = {}) =>
    (await f.emu.call('admin', { $url: route, ...data }, { openid })).result as Reply;
  f.control = async (method, path, body) => {
    const response = await fetch(`${f.emu.url}/_emulator${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(method === 'POST' ? { body: JSON.stringify(body ?? {}) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  return f;
}

export function withdrawRules(withdraw: Partial<Rules['withdraw']> = {}): Partial<Rules> {
  return {
    recruitment: 'apply',
    withdraw: {
      minAmountFen: 100,
      maxAmountFen: 100_000,
      feeBp: 0,
      maxPerDay: 3,
      review: { mode: 'manual' },
      channels: ['wechatTransfer', 'manual'],
      ...withdraw,
    },
    notifications: { commission: null, withdrawal: TEMPLATE },
  };
}

const ZERO: Balances = { frozenFen: 0, availableFen: 0, withdrawingFen: 0, withdrawnFen: 0 };

/**
 * Gives `userId` an available balance the way the ledger would: a settle entry (frozen +) and a
 * release entry (frozen → available), with test causes, and the account they sum to.
 */
export function seedBalance(f: EmulatorFixture, userId: string, availableFen: number): void {
  const at = new Date(START);
  const entries: LedgerEntry[] = [
    {
      _id: `settle:test-order:${userId}`,
      userId,
      kind: 'settle',
      deltas: { ...ZERO, frozenFen: availableFen },
      ref: { orderId: 'test-order' },
      at,
    },
    {
      _id: `release:test-batch:${userId}`,
      userId,
      kind: 'release',
      deltas: { ...ZERO, frozenFen: -availableFen, availableFen },
      ref: { releaseBatch: 'test-batch' },
      at,
    },
  ];
  const chained = appendToAccount<AccountDocument>(
    { _id: userId, ...ZERO, availableFen, createdAt: at, updatedAt: at },
    entries,
  );
  f.emu.insert('ledgerEntries', chained.entries as unknown as Json[]);
  f.emu.insert('accounts', [chained.account as unknown as Json]);
}

/** docs/rules.md 8.1 for withdrawals: balances = Σ entries; withdrawing and withdrawn = Σ their withdrawals. */
export function checkLedger(f: WithdrawFixture): void {
  const withdrawals = f.scan<WithdrawalDocument>('withdrawals');
  for (const account of f.scan<AccountDocument>('accounts')) {
    const entries = f.scan<LedgerEntry>('ledgerEntries').filter((entry) => entry.userId === account._id);
    for (const field of Object.keys(ZERO) as Array<keyof Balances>) {
      expect([account._id, field, account[field]]).toEqual([
        account._id,
        field,
        entries.reduce((sum, entry) => sum + entry.deltas[field], 0),
      ]);
    }
    // docs/ledger.md, "Tamper evidence": the account's hash chain holds.
    expect([account._id, verifyAccountChain(account, entries)]).toEqual([
      account._id,
      { ok: true, entries: entries.length },
    ]);
    const own = withdrawals.filter((withdrawal) => withdrawal.userId === account._id);
    const sum = (statuses: string[]) =>
      own.filter((w) => statuses.includes(w.status)).reduce((total, w) => total + w.amountFen, 0);
    expect(account.withdrawingFen).toBe(sum(['reviewing', 'paying']));
    expect(account.withdrawnFen).toBe(sum(['withdrawn']));
    expect(account.withdrawingFen).toBeGreaterThanOrEqual(0);
    expect(account.frozenFen).toBeGreaterThanOrEqual(0);
  }
}

export function account(f: WithdrawFixture, userId: string): AccountDocument & Json {
  return f.scan<AccountDocument & Json>('accounts').find((doc) => doc._id === userId) as AccountDocument & Json;
}

export function messagesTo(f: WithdrawFixture, touser: string): Promise<Json[]> {
  return f.control('GET', `/messages?touser=${touser}`).then((reply) => reply.body.messages as Json[]);
}

/**
 * What a crash between an approval's commit and the bill's creation leaves behind: the
 * withdrawal `paying` with its bill number chosen, and no bill at WeChat Pay.
 */
export function leaveBillUncreated(f: WithdrawFixture, withdrawalId: string, outBillNo: string): void {
  const withdrawal = f.scan<WithdrawalDocument & Json>('withdrawals').find((doc) => doc._id === withdrawalId);
  f.emu.emulator.put('withdrawals', withdrawalId, {
    ...withdrawal,
    status: 'paying',
    transfer: {
      outBillNo,
      appId: 'wxemulatorappid',
      transferBillNo: null,
      state: null,
      packageInfo: null,
      failReason: null,
    },
  } as unknown as Record<string, unknown>);
}
