/**
 * Risk holds (风险冻结, docs/rules.md section 9): the pure part. Settlement gathers the facts of
 * an order (cloudfunctions/_lib/riskFacts.ts) and asks riskSignals which signals they raise under
 * the rules' `risk` section; any signal puts the order's commissions on hold under the case
 * `risk:<orderId>` until the merchant approves or voids it (风险审核). No zod here: the
 * mini-program's pages import these helpers.
 */
import { chinaFormat } from './chinaTime';
import type { OrderAddress } from './orders';
import type { RiskRules } from './rules';

/** The signals, in the order the review page lists them. */
export const RISK_SIGNALS = [
  /** The buyer's delivery phone is one of a beneficiary's saved phones. */
  'sharedPhone',
  /** The buyer's delivery address is one of a beneficiary's saved addresses. */
  'sharedAddress',
  /** The buyer ordered or bound from a client IP a beneficiary ordered or bound from. */
  'sharedIp',
  /** The buyer's binding was one of many to the same code from the same IP within the hour. */
  'bindBurst',
  /** The buyer's refunded share of paid goods is at or over the threshold. */
  'refundRate',
  /** Commission flows in a loop: the buyer earns on the beneficiary's orders, sits above them, or is them. */
  'selfPurchaseLoop',
] as const;
export type RiskSignalKind = (typeof RISK_SIGNALS)[number];

/** 风险审核's names of the signals. */
export const RISK_SIGNAL_LABELS: Record<RiskSignalKind, string> = {
  sharedPhone: '买家与推广员手机号相同',
  sharedAddress: '买家与推广员收货地址相同',
  sharedIp: '买家与推广员 IP 相同',
  bindBurst: '同一 IP 短时间内大量绑定同一推广码',
  refundRate: '买家退款率过高',
  selfPurchaseLoop: '自购或互购循环',
};

/** What the rules say when they have no `risk` section: off, every signal on once switched on. */
export const DEFAULT_RISK_RULES: RiskRules = {
  enabled: false,
  signals: {
    sharedPhone: true,
    sharedAddress: true,
    sharedIp: true,
    bindBurst: true,
    refundRate: true,
    selfPurchaseLoop: true,
  },
  bindBurstPerHour: 5,
  refundRateBp: 5000,
  refundMinOrders: 3,
  bindsPerIpPerHour: 0,
};

export function riskRulesOf(rules: { risk?: RiskRules | undefined }): RiskRules {
  return rules.risk ?? DEFAULT_RISK_RULES;
}

/** What a signal points at; only the fields of its kind are present. */
export interface RiskEvidence {
  /** sharedPhone: the last 4 digits of the shared number (never the whole number). */
  phoneTail?: string;
  /** sharedAddress: addressHash of the shared address. */
  addressHash?: string;
  /** sharedIp / bindBurst: the client IP. */
  ip?: string;
  /** bindBurst: binds counted for the code and IP in that hour. */
  count?: number;
  /** bindBurst: the hour, China time `YYYYMMDDHH`. */
  hour?: string;
  /** refundRate: refunded ÷ paid goods, basis points. */
  rateBp?: number;
  /** refundRate: the buyer's settled orders. */
  orders?: number;
  /** selfPurchaseLoop: how the loop shows (`self`, `downline` or `reciprocal`). */
  loop?: 'self' | 'downline' | 'reciprocal';
  /** selfPurchaseLoop `reciprocal`: the beneficiary's orders on which the buyer earned. */
  orderIds?: string[];
}

export interface RiskSignal {
  kind: RiskSignalKind;
  /** The beneficiary the signal ties the buyer to; null for the buyer's own signals (refundRate). */
  beneficiaryId: string | null;
  evidence: RiskEvidence;
}

/** What settlement knows of one side (buyer or beneficiary): normalised phones, address hashes, IPs. */
export interface RiskTraits {
  phones: string[];
  addressHashes: string[];
  ips: string[];
}

export interface RiskBeneficiary extends RiskTraits {
  userId: string;
  /** The beneficiary's own chain: the buyer in it means the buyer is their upline. */
  ancestors: string[];
  /** The beneficiary's orders (at most a few) on which the buyer earned commission. */
  reciprocalOrderIds: string[];
}

export interface RiskFacts {
  buyerId: string;
  buyer: RiskTraits;
  beneficiaries: RiskBeneficiary[];
  /** The buyer's binding's counter (code + IP + hour) with its count; null when unknown. */
  bindBurst: { ip: string; hour: string; count: number; referrerId: string | null } | null;
  /** From the buyer's stats; null when the buyer has none. */
  buyerStats: { paidOrderCount: number; paidGoodsFen: number; paidSpendFen: number } | null;
  /** Whether the rules give the buyer level 1 of their own order (then buyer == beneficiary is no loop). */
  selfPurchaseAllowed: boolean;
}

/**
 * Whether an IP identifies a client: the platform gives the shopper's public address; an empty
 * value, an unspecified one or loopback (what server-side calls and the local emulator's default
 * caller carry) names no client, so it is never compared.
 */
export function isKnownIp(ip: string | null | undefined): ip is string {
  if (!ip) return false;
  return !(ip.startsWith('127.') || ip === '::1' || ip === '0.0.0.0' || ip === '::');
}

/** Digits only, the last 11 (a +86 prefix or spaces do not hide a match). */
export function normalisePhone(phone: string): string {
  return phone.replace(/\D/g, '').slice(-11);
}

/**
 * A short stable fingerprint of an address (FNV-1a, 32 bits, hex) over its region and detail with
 * blanks and case removed: cases store the hash, never the address itself.
 */
export function addressHash(address: Pick<OrderAddress, 'province' | 'city' | 'district' | 'detail'>): string {
  const text = [address.province, address.city, address.district, address.detail]
    .join('|')
    .replace(/\s+/g, '')
    .toLowerCase();
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** The China-time hour a bind counter counts in, `YYYYMMDDHH`. */
export function bindHour(at: Date): string {
  return chinaFormat(at, 'YYYYMMDDHH');
}

/** IPv6 colons would read as separators in counter ids. */
function ipKey(ip: string): string {
  return ip.replace(/:/g, '_');
}

/** Binds to one share code from one IP in one hour (collection `bindCounters`). */
export function codeBindCounterId(shareCode: string, ip: string, hour: string): string {
  return `code:${shareCode}:${ipKey(ip)}:${hour}`;
}

/** Binds from one IP in one hour, any code: the rate limit's counter. */
export function ipBindCounterId(ip: string, hour: string): string {
  return `ip:${ipKey(ip)}:${hour}`;
}

/** The case of an order (collection `riskCases`), also the `riskHold` of its commissions. */
export function riskCaseId(orderId: string): string {
  return `risk:${orderId}`;
}

function shared(a: readonly string[], b: readonly string[]): string | null {
  return a.find((value) => b.includes(value)) ?? null;
}

/** The signals that tie the buyer to one beneficiary (phone, address, IP, loops). */
function beneficiarySignals(facts: RiskFacts, other: RiskBeneficiary, rules: RiskRules): RiskSignal[] {
  const on = rules.signals;
  const signals: RiskSignal[] = [];
  const add = (kind: RiskSignalKind, evidence: RiskEvidence): void => {
    signals.push({ kind, beneficiaryId: other.userId, evidence });
  };
  if (other.userId === facts.buyerId) {
    if (on.selfPurchaseLoop && !facts.selfPurchaseAllowed) add('selfPurchaseLoop', { loop: 'self' });
    return signals;
  }
  const phone = on.sharedPhone ? shared(facts.buyer.phones, other.phones) : null;
  if (phone) add('sharedPhone', { phoneTail: phone.slice(-4) });
  const address = on.sharedAddress ? shared(facts.buyer.addressHashes, other.addressHashes) : null;
  if (address) add('sharedAddress', { addressHash: address });
  const ip = on.sharedIp ? shared(facts.buyer.ips.filter(isKnownIp), other.ips.filter(isKnownIp)) : null;
  if (ip) add('sharedIp', { ip });
  if (on.selfPurchaseLoop && other.ancestors.includes(facts.buyerId)) add('selfPurchaseLoop', { loop: 'downline' });
  if (on.selfPurchaseLoop && other.reciprocalOrderIds.length > 0)
    add('selfPurchaseLoop', { loop: 'reciprocal', orderIds: other.reciprocalOrderIds });
  return signals;
}

/** The buyer's own signals: a burst of binds behind their binding, a high refund rate. */
function buyerSignals(facts: RiskFacts, rules: RiskRules): RiskSignal[] {
  const signals: RiskSignal[] = [];
  const burst = facts.bindBurst;
  if (rules.signals.bindBurst && burst && burst.count >= rules.bindBurstPerHour)
    signals.push({
      kind: 'bindBurst',
      beneficiaryId: burst.referrerId,
      evidence: { ip: burst.ip, hour: burst.hour, count: burst.count },
    });
  const stats = facts.buyerStats;
  if (rules.signals.refundRate && stats && stats.paidOrderCount >= rules.refundMinOrders && stats.paidGoodsFen > 0) {
    const refundedFen = Math.max(0, stats.paidGoodsFen - stats.paidSpendFen);
    const rateBp = Math.floor((refundedFen * 10_000) / stats.paidGoodsFen);
    if (rateBp >= rules.refundRateBp)
      signals.push({
        kind: 'refundRate',
        beneficiaryId: null,
        evidence: { rateBp, orders: stats.paidOrderCount },
      });
  }
  return signals;
}

/** Every signal the facts raise under the rules; none when the master switch is off. */
export function riskSignals(facts: RiskFacts, rules: RiskRules): RiskSignal[] {
  if (!rules.enabled) return [];
  return [
    ...facts.beneficiaries.flatMap((other) => beneficiarySignals(facts, other, rules)),
    ...buyerSignals(facts, rules),
  ];
}

/** open: waiting for the merchant; approved: holds cleared, commissions release; voided: commissions taken back. */
export type RiskCaseStatus = 'open' | 'approved' | 'voided';

/**
 * One order's risk case (collection `riskCases`, `_id` `risk:<orderId>`), written by the
 * settlement transaction that put the order's commissions on hold, decided once by an admin.
 */
export interface RiskCaseDocument {
  /** `risk:<orderId>`; the `riskHold` of the order's held commissions. */
  _id: string;
  orderId: string;
  buyerId: string;
  /** The order's beneficiaries (level 1 first), as settlement read them. */
  beneficiaryIds: string[];
  /** The commissions held (ids `c:<orderId>:<line>:<level>`). */
  commissionIds: string[];
  /**
   * The rewards tied to the order that were granted while the case was open (the invite reward
   * `ir:<buyerId>`), held with it; absent when none.
   */
  rewardIds?: string[];
  /**
   * What the case holds, fen: the commissions when settled (net of refunds before settlement),
   * plus each reward held when it was granted.
   */
  heldFen: number;
  signals: RiskSignal[];
  status: RiskCaseStatus;
  createdAt: Date;
  /** The admin's OPENID; null while open. */
  decidedBy: string | null;
  decidedAt: Date | null;
  /** The admin's note with the decision ('' when none). */
  note: string;
  /** voided: what the void took from the frozen balances, fen; 0 otherwise. */
  voidedFen: number;
}

/**
 * A counter of binds (collection `bindCounters`): `code:<shareCode>:<ip>:<hour>` or
 * `ip:<ip>:<hour>`, increased by bindReferrer with every binding it writes while risk is on.
 */
export interface BindCounterDocument {
  _id: string;
  /** Binds counted. */
  count: number;
  /** The China-time hour counted, `YYYYMMDDHH`. */
  hour: string;
  updatedAt: Date;
}
