/**
 * The caller's profile: read it (creating the user on first use) and change the nickname or
 * avatar. An existing user costs one aggregation (user, rules and referrer together) plus,
 * for `update`, one write.
 */
import type { ProfileView } from '../../shared/contracts/profile';
import { heldGrade } from '../../shared/grades';
import { ok, type Result } from '../../shared/result';
import type { RulesDocument } from '../../shared/rules';
import { isDistributor, newUser, type UserDocument } from '../../shared/users';
import { aggregateList, getDoc, updateWhere } from '../_lib/db';
import { loadRules, RULES_ID, storeDefaultRules } from '../_lib/rules';
import { createUser, ensureUser } from '../_lib/users';

type Referrer = Pick<UserDocument, 'nickname' | 'avatarUrl'>;

interface ProfileContext {
  user: UserDocument;
  rules: RulesDocument;
  referrer: Referrer | null;
}

type Row = UserDocument & { joinedRules: RulesDocument[]; joinedReferrer: UserDocument[] };

async function loadProfile(openid: string, now: Date): Promise<ProfileContext> {
  const [row] = await aggregateList<Row>('users', (pipeline) =>
    pipeline
      .match({ _id: openid })
      .lookup({ from: 'rules', pipeline: [{ $match: { _id: RULES_ID } }], as: 'joinedRules' })
      .lookup({ from: 'users', localField: 'referrerId', foreignField: '_id', as: 'joinedReferrer' })
      .limit(1),
  );
  if (!row) return firstProfile(openid, now);
  const { joinedRules, joinedReferrer, ...user } = row;
  const referrer = user.referrerId ? (joinedReferrer[0] ?? null) : null;
  return { user, rules: joinedRules[0] ?? (await storeDefaultRules()), referrer };
}

/** A caller seen for the first time; a concurrent first call may have created them (then read it). */
async function firstProfile(openid: string, now: Date): Promise<ProfileContext> {
  const created = await createUser((code) => newUser(openid, code, now));
  const user = created === 'exists' ? await ensureUser(openid, now) : created;
  const referrer = user.referrerId ? await getDoc<UserDocument>('users', user.referrerId) : null;
  return { user, rules: await loadRules(), referrer };
}

/** The referrer is shown while the binding is in force: a lapsed `days:N` binding shows none. */
function bindingInForce(user: UserDocument, now: Date): boolean {
  return user.referrerId !== null && (user.bindingExpiresAt === null || user.bindingExpiresAt.getTime() > now.getTime());
}

function profileView({ user, rules, referrer }: ProfileContext, now: Date): ProfileView {
  const grade = heldGrade(rules, user.distributor.gradeId);
  return {
    nickname: user.nickname,
    avatarUrl: user.avatarUrl,
    shareCode: user.shareCode,
    distributor: { status: user.distributor.status, isDistributor: isDistributor(user, rules), gradeId: grade.id, gradeName: grade.name },
    referrer:
      referrer && bindingInForce(user, now)
        ? { nickname: referrer.nickname, avatarUrl: referrer.avatarUrl, bindingExpiresAt: user.bindingExpiresAt ? user.bindingExpiresAt.toISOString() : null }
        : null,
  };
}

export async function getProfile(openid: string, now: Date): Promise<Result<ProfileView>> {
  return ok(profileView(await loadProfile(openid, now), now));
}

export async function updateProfile(openid: string, changes: { nickname?: string; avatarUrl?: string }, now: Date): Promise<Result<ProfileView>> {
  const context = await loadProfile(openid, now);
  const fields: Partial<Pick<UserDocument, 'nickname' | 'avatarUrl'>> = {};
  if (changes.nickname !== undefined) fields.nickname = changes.nickname;
  if (changes.avatarUrl !== undefined) fields.avatarUrl = changes.avatarUrl;
  // Setting the same values again is harmless, so a replay needs no guard.
  await updateWhere('users', { _id: openid }, fields);
  return ok(profileView({ ...context, user: { ...context.user, ...fields } }, now));
}
