/**
 * Binding a user to a referrer (docs/rules.md section 4): the pure decision. Given the caller, the
 * owner of the share code, the rules and the time, it answers the new binding or the reason
 * for refusing, with one stable code per reason. bindReferrer only reads, asks this, and writes.
 */
import type { Rules } from './rules';
import { isDistributor, type UserDocument } from './users';

/** Longest chain kept on a user: enough for three commission levels with self-purchase. */
export const MAX_ANCESTORS = 3;
const DAY_MS = 86_400_000;

/** Why a binding is refused; also failure codes of the bindReferrer function. */
export const BIND_REFUSALS = [
  /** No user has this share code. */
  'UNKNOWN_CODE',
  /** The code is the caller's own. */
  'SELF_BINDING',
  /** The code's owner may not recruit: not an approved distributor (or disabled, exited). */
  'REFERRER_NOT_DISTRIBUTOR',
  /** The caller is an ancestor of the referrer: binding would close a loop. */
  'CYCLE',
  /** Scope `newCustomersOnly` and the caller has paid an order before. */
  'NOT_NEW_CUSTOMER',
  /** The caller's current binding is still in force (permanent, or days:N not lapsed). */
  'ALREADY_BOUND',
] as const;
export type BindRefusal = (typeof BIND_REFUSALS)[number];

type BindUser = Pick<
  UserDocument,
  '_id' | 'referrerId' | 'ancestors' | 'bindingExpiresAt' | 'hasPaidOrder' | 'distributor'
>;

export interface Binding {
  referrerId: string;
  ancestors: string[];
  boundAt: Date;
  bindingExpiresAt: Date | null;
}

export type BindDecision =
  | { ok: true; binding: Binding; changed: true }
  /** The caller is already bound to this referrer: a replay, nothing to write. */
  | { ok: true; binding: Binding; changed: false }
  | { ok: false; reason: BindRefusal };

/** The chain a user gets when bound to `referrer`. */
export function chainUnder(referrer: Pick<UserDocument, '_id' | 'ancestors'>): string[] {
  return [referrer._id, ...referrer.ancestors].slice(0, MAX_ANCESTORS);
}

/** Whether the caller's current binding still holds under the rules. */
function bindingInForce(caller: BindUser, rules: Rules, now: Date): boolean {
  if (!caller.referrerId) return false;
  switch (rules.binding.duration.kind) {
    case 'permanent':
      return true;
    case 'days':
      return caller.bindingExpiresAt === null || caller.bindingExpiresAt.getTime() > now.getTime();
    case 'lastClick':
      return false;
  }
}

export function decideBinding(input: {
  caller: BindUser | null;
  callerId: string;
  referrer: BindUser | null;
  rules: Rules;
  now: Date;
}): BindDecision {
  const { caller, callerId, referrer, rules, now } = input;
  if (!referrer) return { ok: false, reason: 'UNKNOWN_CODE' };
  if (referrer._id === callerId) return { ok: false, reason: 'SELF_BINDING' };
  // Already bound here: a replay (or, under last-click, a share from the same referrer) changes nothing.
  if (
    caller &&
    caller.referrerId === referrer._id &&
    (bindingInForce(caller, rules, now) || rules.binding.duration.kind === 'lastClick')
  ) {
    const current: Binding = {
      referrerId: referrer._id,
      ancestors: caller.ancestors,
      boundAt: now,
      bindingExpiresAt: caller.bindingExpiresAt,
    };
    return { ok: true, binding: current, changed: false };
  }
  if (!isDistributor(referrer, rules)) return { ok: false, reason: 'REFERRER_NOT_DISTRIBUTOR' };
  if (referrer.ancestors.includes(callerId)) return { ok: false, reason: 'CYCLE' };
  if (rules.binding.scope === 'newCustomersOnly' && caller?.hasPaidOrder)
    return { ok: false, reason: 'NOT_NEW_CUSTOMER' };
  if (caller && bindingInForce(caller, rules, now)) return { ok: false, reason: 'ALREADY_BOUND' };
  const duration = rules.binding.duration;
  const bindingExpiresAt = duration.kind === 'days' ? new Date(now.getTime() + duration.days * DAY_MS) : null;
  return {
    ok: true,
    changed: true,
    binding: { referrerId: referrer._id, ancestors: chainUnder(referrer), boundAt: now, bindingExpiresAt },
  };
}

/**
 * The chains of the caller's team after the caller's own chain became `callerChain`:
 * direct members get [caller, ...callerChain] (cut to 3), members two levels down keep their
 * first two entries and get callerChain[0] third. Deeper members do not see the caller's chain.
 */
export function teamChains(
  callerId: string,
  callerChain: string[],
): { direct: string[]; secondLevelThird: string | null } {
  return { direct: [callerId, ...callerChain].slice(0, MAX_ANCESTORS), secondLevelThird: callerChain[0] ?? null };
}
