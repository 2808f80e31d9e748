/**
 * Opening a top-up (docs/wallet.md section 1): the amount is checked against the rules' tiers and
 * custom bounds, the bonus is the tier of exactly that amount, and the top-up is stored in
 * `pending_payment` under an id derived from the shopper and their idempotency key, so a retried
 * or concurrent call is the same top-up. Then its WeChat payment is opened; the platform answers
 * a repeated request for the same out_trade_no and amount with the same payment, so a replay
 * answers the same parameters. Nothing is held while it waits, so it never needs closing.
 */
import { createHash } from 'node:crypto';
import type { ParsedInput } from '@shared/routeTable';
import type { WALLET_CONTRACTS, WalletError } from '@shared/contracts/wallet';
import type { z } from 'zod';
import { formatFen } from '@shared/money';
import { fail, ok, type Result } from '@shared/result';
import { pickTopUp, TOP_UP_MACHINE, type TopUpDocument } from '@shared/topUps';
import { cloud } from '../_lib/cloud';
import { getDoc } from '../_lib/db';
import { cloudPayApi } from '../_lib/pay';
import { loadRules } from '../_lib/rules';
import { insertInitial } from '../_lib/transitions';

type Input = ParsedInput<(typeof WALLET_CONTRACTS)['topUp']>;
type Output = z.input<(typeof WALLET_CONTRACTS)['topUp']['output']>;
type PaymentParams = NonNullable<Output['payment']>;

/** The function the platform notifies when the payment succeeds. */
const PAY_CALLBACK_FUNCTION = 'onPayCallback';

/** `t` + 24 hex characters of SHA-256(buyer, key): the top-up's id and out_trade_no. */
export function topUpIdFor(openid: string, idempotencyKey: string): string {
  return `t${createHash('sha256').update(`${openid}\n${idempotencyKey}`).digest('hex').slice(0, 24)}`;
}

export async function topUp(
  openid: string,
  clientIp: string,
  input: Input,
  now: Date,
): Promise<Result<Output, WalletError>> {
  const topUpId = topUpIdFor(openid, input.idempotencyKey);
  const existing = await getDoc('topUps', topUpId);
  if (existing) return resume(existing, input, clientIp);
  const rules = await loadRules();
  const pick = pickTopUp(rules.balance, input.amountFen);
  if (!pick.ok) return fail(rules.balance.topUpEnabled ? 'TOP_UP_AMOUNT_INVALID' : 'TOP_UP_DISABLED', pick.reason);
  const doc: TopUpDocument = {
    _id: topUpId,
    userId: openid,
    amountFen: input.amountFen,
    bonusFen: pick.bonusFen,
    status: TOP_UP_MACHINE.initial,
    rulesVersion: rules.version,
    payment: { transactionId: null, paidFen: null, paidAt: null },
    mismatch: null,
    refund: null,
    createdAt: now,
    updatedAt: now,
  };
  const inserted = await insertInitial(TOP_UP_MACHINE, doc);
  // A duplicate: a concurrent call with the same key stored it first; continue with its record.
  const stored = inserted === 'inserted' ? doc : await getDoc('topUps', topUpId);
  if (!stored) throw new Error(`top-up ${topUpId} was refused as a duplicate but cannot be read`);
  return resume(stored, input, clientIp);
}

async function resume(topUp: TopUpDocument, input: Input, clientIp: string): Promise<Result<Output, WalletError>> {
  if (topUp.amountFen !== input.amountFen)
    return fail('IDEMPOTENCY_KEY_REUSED', `this key opened a top-up of ${topUp.amountFen} fen`);
  const view = { topUpId: topUp._id, status: topUp.status, amountFen: topUp.amountFen, bonusFen: topUp.bonusFen };
  if (topUp.status !== 'pending_payment') return ok({ ...view, payment: null });
  const opened = await openTopUpPayment(topUp, clientIp);
  if (!opened.ok) return fail('PAYMENT_UNAVAILABLE', opened.reason);
  return ok({ ...view, payment: opened.params });
}

type Opened = { ok: true; params: PaymentParams } | { ok: false; reason: string };

/** cloudPay.unifiedOrder for the top-up: the same request every time, so the same payment. */
async function openTopUpPayment(topUp: TopUpDocument, clientIp: string): Promise<Opened> {
  const subMchId = process.env.WXPAY_SUB_MCH_ID;
  if (!subMchId) throw new Error('WXPAY_SUB_MCH_ID is not set on wallet: the shop cannot take top-ups');
  const reply = await cloudPayApi().unifiedOrder({
    functionName: PAY_CALLBACK_FUNCTION,
    envId: String(cloud.getWXContext().ENV ?? ''),
    subMchId,
    nonceStr: createHash('sha256').update(topUp._id).digest('hex').slice(0, 32),
    body: `余额充值 ${formatFen(topUp.amountFen)}`,
    outTradeNo: topUp._id,
    totalFee: topUp.amountFen,
    spbillCreateIp: clientIp || '127.0.0.1',
    tradeType: 'JSAPI',
  });
  const payment = reply.payment as PaymentParams | undefined;
  if (reply.returnCode !== 'SUCCESS' || reply.resultCode !== 'SUCCESS' || !payment)
    return { ok: false, reason: String(reply.errCodeDes ?? reply.returnMsg ?? 'unifiedOrder failed') };
  return { ok: true, params: payment };
}
