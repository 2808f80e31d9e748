/**
 * Test helpers for the balance (余额) and top-ups: the rules' balance section, calls to the
 * wallet and admin functions, the payment sandbox's control plane and the stored documents.
 */
import type { BalanceAccountDocument, BalanceEntryDocument } from '@shared/balance';
import type { Result } from '@shared/result';
import type { BalanceRules } from '@shared/rules';
import type { TopUpDocument } from '@shared/topUps';
import type { EmulatorFixture } from './emulator';

export const SUB_MCH_ID = '1900000109';

type Json = Record<string, any>;

/** Top-ups on: 充 100 送 10, 充 500 送 80, 充 1000 (no bonus); custom amounts 1-2000 yuan. */
export const TOP_UP_RULES: BalanceRules = {
  topUpEnabled: true,
  topUpTiers: [
    { amountFen: 10_000, bonusFen: 1_000 },
    { amountFen: 50_000, bonusFen: 8_000 },
    { amountFen: 100_000, bonusFen: 0 },
  ],
  customTopUp: { allowed: true, minFen: 100, maxFen: 200_000 },
};

export function walletApi(f: EmulatorFixture) {
  const call = async (name: string, data: object, openid: string): Promise<Result<any>> => {
    const { result, error } = await f.emu.call(name, data, { openid });
    if (error) throw new Error(`${name} failed: ${error.message}`);
    return result as Result<any>;
  };
  const control = async (method: 'GET' | 'POST', path: string): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${f.emu.url}/_emulator${path}`, {
      method,
      ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const scan = <T>(collection: string): T[] => f.emu.emulator.store.scan(collection) as unknown as T[];
  return {
    wallet: (route: string, input: object, openid: string) => call('wallet', { $url: route, ...input }, openid),
    admin: (route: string, input: object, openid: string) => call('admin', { $url: route, ...input }, openid),
    /** Pays the sandbox payment of `outTradeNo`; answers after the first delivery of the callback. */
    pay: async (outTradeNo: string): Promise<Json> => {
      const paid = await control('POST', `/payments/${outTradeNo}/pay`);
      if (paid.status !== 200) throw new Error(`paying ${outTradeNo}: ${JSON.stringify(paid.body)}`);
      return paid.body;
    },
    payment: async (outTradeNo: string): Promise<Json> => (await control('GET', `/payments/${outTradeNo}`)).body,
    /** Delivers `event` as the platform does (no user, SOURCE wx_paycallback). */
    deliver: (event: Json) => f.emu.call('onPayCallback', event, { source: 'wx_paycallback' }),
    topUpDoc: (id: string) => scan<TopUpDocument>('topUps').find((doc) => doc._id === id),
    account: (userId: string) => scan<BalanceAccountDocument>('balances').find((doc) => doc._id === userId),
    entries: (userId: string) =>
      scan<BalanceEntryDocument>('balanceEntries')
        .filter((doc) => doc.userId === userId)
        .sort((a, b) => a.seq - b.seq),
    /** The balance documents and top-ups, to prove a refused call wrote nothing. */
    money: (): string => JSON.stringify(['balances', 'balanceEntries', 'topUps'].map((name) => scan(name))),
  };
}
