/**
 * The wallet's reads: the balance with the shop's top-up options, the history and a top-up's
 * state. A user without an account has a balance of 0 and no entries.
 */
import type { ParsedInput } from '@shared/routeTable';
import { WALLET_CONTRACTS, type WalletError } from '@shared/contracts/wallet';
import { fail, ok, type Result } from '@shared/result';
import { z } from 'zod';
import { getDoc } from '../_lib/db';
import { entriesPage } from '../_lib/balanceViews';
import { loadRules } from '../_lib/rules';

type Output<R extends keyof typeof WALLET_CONTRACTS> = z.input<(typeof WALLET_CONTRACTS)[R]['output']>;

async function balanceOf(userId: string): Promise<number> {
  return (await getDoc('balances', userId))?.balanceFen ?? 0;
}

export async function summary(userId: string): Promise<Result<Output<'summary'>, WalletError>> {
  const [balanceFen, rules] = await Promise.all([balanceOf(userId), loadRules()]);
  const { topUpEnabled, topUpTiers, customTopUp } = rules.balance;
  return ok({ balanceFen, topUp: { enabled: topUpEnabled, tiers: topUpTiers, custom: customTopUp } });
}

export async function entries(
  userId: string,
  input: ParsedInput<(typeof WALLET_CONTRACTS)['entries']>,
): Promise<Result<Output<'entries'>, WalletError>> {
  return ok(await entriesPage(userId, input));
}

export async function topUpStatus(
  userId: string,
  topUpId: string,
): Promise<Result<Output<'topUpStatus'>, WalletError>> {
  const [topUp, balanceFen] = await Promise.all([getDoc('topUps', topUpId), balanceOf(userId)]);
  // Another shopper's top-up is answered as missing: its id says nothing about whether it exists.
  if (!topUp || topUp.userId !== userId) return fail('TOP_UP_NOT_FOUND', '没有这笔充值');
  const { amountFen, bonusFen, status } = topUp;
  return ok({ topUpId, status, amountFen, bonusFen, balanceFen });
}
