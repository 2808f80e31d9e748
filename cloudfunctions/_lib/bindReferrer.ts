/**
 * The bindReferrer use case, shared by every share entry: the bindReferrer function, and a coupon
 * claimed through a distributor's share (cloudfunctions/coupon), which binds exactly as arriving
 * through the share does. In the usual case it costs at most four database round trips:
 * one aggregation that reads the caller, the code's owner and the rules together; one
 * conditional write of the caller's binding (or the insert of a new user with it); and, when
 * an existing user's chain changed, two updates that carry the new chain down to their team.
 * With risk holds on (docs/rules.md section 9) and a known client IP, the IP's bind counter is read
 * before the write (the rate limit) and the code's and the IP's counters are increased after it
 * (_lib/riskBinds.ts): two round trips more.
 *
 * The bindReferrer function also counts the entry as a visit of the code's owner (`countVisit`,
 * _lib/shareStats.ts), whatever the binding decides, once per call: one round trip more (five at
 * most in the usual case), sent beside the decision and the writes once the aggregation named the
 * owner, so it adds no wait; the sharer's first visit of a China day inserts the day's document
 * (up to two round trips more, once a day). A coupon claim counts no visit: its share entry made
 * its own bindReferrer call.
 */
import { decideBinding, teamChains, type Binding } from '@shared/binding';
import type { BindReferrerError, BindReferrerOutput } from '@shared/contracts/bindReferrer';
import { fail, ok, type Result } from '@shared/result';
import type { RulesDocument } from '@shared/rules';
import { newUser, type UserDocument } from '@shared/users';
import { _, aggregateList, updateWhere } from './db';
import { countBind, overBindLimit, riskBindOf, type RiskBind } from './riskBinds';
import { RULES_ID, storeDefaultRules } from './rules';
import { countShareVisit } from './shareStats';
import { createUser } from './users';

const REFUSAL_MESSAGES: Record<string, string> = {
  UNKNOWN_CODE: '推广码不存在',
  SELF_BINDING: '不能绑定自己',
  REFERRER_NOT_DISTRIBUTOR: '该推广员暂不能邀请',
  CYCLE: '不能绑定自己的下级',
  NOT_NEW_CUSTOMER: '仅新顾客可以绑定推荐人',
  ALREADY_BOUND: '已绑定推荐人',
  BIND_CONFLICT: '绑定冲突，请重试',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
};

interface BindContext {
  caller: UserDocument | null;
  referrer: UserDocument | null;
  rules: RulesDocument;
}

/** One round trip: the caller and the code's owner, each with the rules document joined on. */
async function loadContext(openid: string, shareCode: string): Promise<BindContext> {
  const rows = await aggregateList<UserDocument & { rules: RulesDocument[] }>('users', (pipeline) =>
    pipeline
      .match(_.or([{ _id: openid }, { shareCode }]))
      .lookup({ from: 'rules', pipeline: [{ $match: { _id: RULES_ID } }], as: 'rules' })
      .limit(2),
  );
  const strip = (row: (typeof rows)[number] | undefined): UserDocument | null => {
    if (!row) return null;
    const { rules: _joined, ...user } = row;
    return user;
  };
  const rules = rows[0]?.rules[0] ?? (await storeDefaultRules());
  return {
    caller: strip(rows.find((row) => row._id === openid)),
    referrer: strip(rows.find((row) => row.shareCode === shareCode)),
    rules,
  };
}

/** Writes the binding if the caller's binding is still the one decided on; false when it moved. */
async function writeBinding(
  openid: string,
  caller: UserDocument | null,
  binding: Binding,
  risk: RiskBind | null,
): Promise<boolean> {
  const fields = {
    referrerId: binding.referrerId,
    ancestors: binding.ancestors,
    boundAt: binding.boundAt,
    bindingExpiresAt: binding.bindingExpiresAt,
    // Only while risk is on: where this binding came from (null when the IP is unknown).
    ...(risk ? { bindSource: risk.source } : {}),
  };
  if (!caller) {
    const created = await createUser((code) => ({
      ...newUser(openid, code, binding.boundAt),
      ...fields,
      bindingVersion: 1,
    }));
    return created !== 'exists';
  }
  const updated = await updateWhere(
    'users',
    { _id: openid, bindingVersion: caller.bindingVersion },
    { ...fields, ancestors: _.set(binding.ancestors), bindingVersion: _.inc(1), ...bindSourceSet(risk) },
  );
  return updated === 1;
}

/** `_.set`: the SDK would otherwise merge the object into the old one field by field. */
function bindSourceSet(risk: RiskBind | null): object {
  return risk?.source ? { bindSource: _.set(risk.source) } : {};
}

/** Carries the caller's new chain to their direct members and the members below those. */
async function cascadeToTeam(openid: string, chain: string[]): Promise<void> {
  const { direct, secondLevelThird } = teamChains(openid, chain);
  await updateWhere('users', { 'ancestors.0': openid }, { ancestors: _.set(direct) });
  if (secondLevelThird) await updateWhere('users', { 'ancestors.1': openid }, { 'ancestors.2': secondLevelThird });
}

function view(referrer: UserDocument, binding: Binding, status: BindReferrerOutput['status']): BindReferrerOutput {
  return {
    status,
    referrer: { nickname: referrer.nickname, avatarUrl: referrer.avatarUrl, shareCode: referrer.shareCode },
    bindingExpiresAt: binding.bindingExpiresAt ? binding.bindingExpiresAt.toISOString() : null,
  };
}

interface BindRequest {
  openid: string;
  shareCode: string;
  now: Date;
  clientIp: string;
}

/** Decides and writes the binding; a concurrent change of the caller's binding is re-read and re-decided once. */
async function bindWith(
  request: BindRequest,
  first: BindContext,
): Promise<Result<BindReferrerOutput, BindReferrerError>> {
  const { openid, shareCode, now, clientIp } = request;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const { caller, referrer, rules } = attempt === 0 ? first : await loadContext(openid, shareCode);
    const decision = decideBinding({ caller, callerId: openid, referrer, rules, now });
    if (!decision.ok) return fail(decision.reason, REFUSAL_MESSAGES[decision.reason] ?? decision.reason);
    const owner = referrer as UserDocument;
    if (!decision.changed) return ok(view(owner, decision.binding, 'unchanged'));
    const risk = riskBindOf(rules, owner.shareCode, clientIp, now);
    if (risk && (await overBindLimit(risk))) return fail('RATE_LIMITED', REFUSAL_MESSAGES.RATE_LIMITED as string);
    if (!(await writeBinding(openid, caller, decision.binding, risk))) continue;
    if (risk) await countBind(risk, now);
    if (caller) await cascadeToTeam(openid, decision.binding.ancestors);
    return ok(view(owner, decision.binding, 'bound'));
  }
  return fail('BIND_CONFLICT', REFUSAL_MESSAGES.BIND_CONFLICT as string);
}

/** The visit of a known code by anyone but its owner (their own share opened by them is no visit). */
function visitOf(openid: string, referrer: UserDocument | null, now: Date): Promise<void> | undefined {
  if (!referrer || referrer._id === openid) return undefined;
  return countShareVisit(referrer._id, now);
}

export interface BindOptions {
  /** Count the call as a visit of the code's owner (shareDailyStats); off by default. */
  countVisit?: boolean;
}

export async function bindReferrer(
  openid: string,
  shareCode: string,
  now: Date,
  clientIp = '',
  options: BindOptions = {},
): Promise<Result<BindReferrerOutput, BindReferrerError>> {
  const first = await loadContext(openid, shareCode);
  // Counted once per call, beside the binding; countShareVisit never throws.
  const visit = options.countVisit ? visitOf(openid, first.referrer, now) : undefined;
  try {
    return await bindWith({ openid, shareCode, now, clientIp }, first);
  } finally {
    await visit;
  }
}
