/**
 * What risk holds know of an order when it settles (docs/rules.md section 9), read BEFORE the
 * settlement transaction so that the transaction keeps touching only the order's own documents.
 * Bounded reads, none of them "every order": while risk is off one read (the rules); while on,
 * the order, then at once the buyer and beneficiaries, the beneficiaries' saved addresses and
 * the commissions the buyer earned on the beneficiaries' orders; then at once the beneficiaries'
 * orders from the buyer's IPs and the buyer's bind counter. The pure judgement is shared/risk.ts.
 *
 * The facts may be a moment old when the transaction commits (a beneficiary saving an address
 * meanwhile is not seen): a signal is evidence for the merchant, not an exact invariant.
 */
import { commissionsOf } from '@shared/ledger';
import type { OrderDocument } from '@shared/orders';
import {
  addressHash,
  isKnownIp,
  normalisePhone,
  riskCaseId,
  riskRulesOf,
  riskSignals,
  type RiskBeneficiary,
  type RiskFacts,
  type RiskSignal,
  type RiskTraits,
} from '@shared/risk';
import type { RulesDocument } from '@shared/rules';
import type { UserDocument } from '@shared/users';
import { _, findWhere, getDoc } from './db';

/** Saved addresses read per beneficiary at most (the address book holds a few). */
const ADDRESSES_PER_USER = 20;
/** Reciprocal orders named per beneficiary at most. */
const RECIPROCAL_ORDERS = 5;

/** The order's case when a signal fired: its id and the signals; null when none did. */
export interface RiskVerdict {
  caseId: string;
  beneficiaryIds: string[];
  signals: RiskSignal[];
}

const SETTLEABLE = ['paid', 'shipped', 'completed'];

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((value) => value !== ''))];
}

function beneficiariesOf(order: OrderDocument, now: Date): string[] {
  return unique(commissionsOf(order, now).map((commission) => commission.beneficiaryId));
}

async function readParties(order: OrderDocument, beneficiaryIds: string[]) {
  const others = beneficiaryIds.filter((id) => id !== order.buyerId);
  const userIds = unique([order.buyerId, ...beneficiaryIds]);
  const [users, addresses, reciprocal] = await Promise.all([
    findWhere('users', { _id: _.in(userIds) }, { limit: userIds.length }),
    others.length === 0
      ? []
      : findWhere('addresses', { userId: _.in(others) }, { limit: others.length * ADDRESSES_PER_USER }),
    others.length === 0
      ? []
      : findWhere(
          'commissions',
          { buyerId: _.in(others), beneficiaryId: order.buyerId },
          { limit: others.length * RECIPROCAL_ORDERS },
        ),
  ]);
  return { users, addresses, reciprocal };
}

/** The buyer's phones, address and IPs: the order's delivery address and IP, the IP of their binding. */
function buyerTraits(order: OrderDocument, buyer: UserDocument | undefined): RiskTraits {
  return {
    phones: [normalisePhone(order.address.phone)],
    addressHashes: [addressHash(order.address)],
    ips: unique([order.clientIp ?? '', buyer?.bindSource?.ip ?? '']).filter(isKnownIp),
  };
}

/** The beneficiaries' orders placed from one of the buyer's IPs: one read of at most a few per beneficiary. */
async function ordersFromIps(beneficiaryIds: string[], ips: string[], buyerId: string) {
  const others = beneficiaryIds.filter((id) => id !== buyerId);
  if (others.length === 0 || ips.length === 0) return [];
  return findWhere(
    'orders',
    { buyerId: _.in(others), clientIp: _.in(ips) },
    { limit: others.length * RECIPROCAL_ORDERS },
  );
}

async function gatherFacts(order: OrderDocument, rules: RulesDocument, now: Date): Promise<RiskFacts> {
  const beneficiaryIds = beneficiariesOf(order, now);
  const { users, addresses, reciprocal } = await readParties(order, beneficiaryIds);
  const buyer = users.find((user) => user._id === order.buyerId);
  const traits = buyerTraits(order, buyer);
  const counterId = buyer?.bindSource?.counterId;
  const [ipOrders, counter] = await Promise.all([
    ordersFromIps(beneficiaryIds, traits.ips, order.buyerId),
    counterId ? getDoc('bindCounters', counterId) : null,
  ]);
  const beneficiaries = beneficiaryIds.map((userId): RiskBeneficiary => {
    const user = users.find((candidate) => candidate._id === userId);
    const saved = addresses.filter((address) => address.userId === userId);
    return {
      userId,
      ancestors: user?.ancestors ?? [],
      phones: unique(saved.map((address) => normalisePhone(address.phone))),
      addressHashes: unique(saved.map((address) => addressHash(address))),
      ips: unique([
        user?.bindSource?.ip ?? '',
        ...ipOrders.filter((other) => other.buyerId === userId).map((other) => other.clientIp ?? ''),
      ]),
      reciprocalOrderIds: unique(reciprocal.filter((c) => c.buyerId === userId).map((c) => c.orderId)),
    };
  });
  const source = buyer?.bindSource;
  return {
    buyerId: order.buyerId,
    buyer: traits,
    beneficiaries,
    bindBurst:
      source && counter
        ? { ip: source.ip, hour: source.hour, count: counter.count, referrerId: buyer.referrerId }
        : null,
    buyerStats: buyer
      ? {
          paidOrderCount: buyer.stats.paidOrderCount ?? 0,
          paidGoodsFen: buyer.stats.paidGoodsFen ?? 0,
          paidSpendFen: buyer.stats.paidSpendFen,
        }
      : null,
    selfPurchaseAllowed: rules.selfPurchase,
  };
}

/**
 * The order's risk verdict before it settles, under the rules the settlement read: null while risk is off, when the order is not
 * (or no longer) to be settled, when nobody earns on it, or when no signal fires.
 */
export async function assessOrderRisk(orderId: string, now: Date, rules: RulesDocument): Promise<RiskVerdict | null> {
  const risk = riskRulesOf(rules);
  if (!risk.enabled) return null;
  const order = await getDoc('orders', orderId);
  if (!order || order.settlement.state === 'settled' || !SETTLEABLE.includes(order.status)) return null;
  const beneficiaryIds = beneficiariesOf(order, now);
  if (beneficiaryIds.length === 0) return null;
  const signals = riskSignals(await gatherFacts(order, rules, now), risk);
  return signals.length === 0 ? null : { caseId: riskCaseId(orderId), beneficiaryIds, signals };
}
