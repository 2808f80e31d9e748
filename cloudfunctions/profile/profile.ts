/**
 * The caller's profile: read it (creating the user on first use) and change the nickname or
 * avatar. An existing user costs one aggregation (user, rules, referrer, account and the
 * earnings total together) plus, for `update`, one write.
 */
import type { ProfileView } from '@shared/contracts/profile';
import type { AccountDocument } from '@shared/ledger';
import { heldGrade } from '@shared/grades';
import { ok, type Result } from '@shared/result';
import type { RulesDocument } from '@shared/rules';
import { isDistributor, newUser, type UserDocument } from '@shared/users';
import { aggregateList, getDoc, updateWhere, type Pipeline } from '../_lib/db';
import { accountLookup, NET_FEN } from '../_lib/earnings';
import { loadRules, RULES_ID, storeDefaultRules } from '../_lib/rules';
import { createUser, ensureUser } from '../_lib/users';
import type { ProfileError } from '@shared/contracts/profile';

type Referrer = Pick<UserDocument, 'nickname' | 'avatarUrl'>;

/** The caller's money, for the 我的 page's earnings card; null without an account. */
type Ledger = Pick<ProfileView, 'balances' | 'earnings'>;
const NO_LEDGER: Ledger = { balances: null, earnings: null };

interface ProfileContext {
  user: UserDocument;
  rules: RulesDocument;
  referrer: Referrer | null;
  ledger: Ledger;
}

type Row = UserDocument & {
  joinedRules: RulesDocument[];
  joinedReferrer: UserDocument[];
  joinedAccount: AccountDocument[];
  joinedEarnings: Array<{ netFen: number }>;
};

/**
 * The account and the earnings total ride on the profile's aggregation as two more joins rather
 * than a second read: the 我的 page shows them on every visit, so they must cost no round trip.
 * The total is grouped in the database (one row whatever the history).
 */
function withLedger(pipeline: Pipeline, openid: string): Pipeline {
  return pipeline.lookup(accountLookup(openid, 'joinedAccount')).lookup({
    from: 'commissions',
    pipeline: [{ $match: { beneficiaryId: openid } }, { $group: { _id: null, netFen: { $sum: NET_FEN } } }],
    as: 'joinedEarnings',
  });
}

function ledgerOf(account: AccountDocument | undefined, earnings: { netFen: number } | undefined): Ledger {
  if (!account) return NO_LEDGER;
  const { frozenFen, availableFen, withdrawingFen, withdrawnFen } = account;
  return {
    balances: { frozenFen, availableFen, withdrawingFen, withdrawnFen },
    earnings: { totalFen: earnings?.netFen ?? 0 },
  };
}

async function loadProfile(openid: string, now: Date): Promise<ProfileContext> {
  const [row] = await aggregateList<Row>('users', (pipeline) =>
    withLedger(
      pipeline
        .match({ _id: openid })
        .lookup({ from: 'rules', pipeline: [{ $match: { _id: RULES_ID } }], as: 'joinedRules' })
        .lookup({ from: 'users', localField: 'referrerId', foreignField: '_id', as: 'joinedReferrer' }),
      openid,
    ).limit(1),
  );
  if (!row) return firstProfile(openid, now);
  const { joinedRules, joinedReferrer, joinedAccount, joinedEarnings, ...user } = row;
  const referrer = user.referrerId ? (joinedReferrer[0] ?? null) : null;
  const ledger = ledgerOf(joinedAccount[0], joinedEarnings[0]);
  return { user, rules: joinedRules[0] ?? (await storeDefaultRules()), referrer, ledger };
}

/**
 * A caller seen for the first time; a concurrent first call may have created them (then read it).
 * A new user has no account: commission is earned only by distributors, who have user documents.
 */
async function firstProfile(openid: string, now: Date): Promise<ProfileContext> {
  const created = await createUser((code) => newUser(openid, code, now));
  const user = created === 'exists' ? await ensureUser(openid, now) : created;
  const referrer = user.referrerId ? await getDoc('users', user.referrerId) : null;
  return { user, rules: await loadRules(), referrer, ledger: NO_LEDGER };
}

/** The referrer is shown while the binding is in force: a lapsed `days:N` binding shows none. */
function bindingInForce(user: UserDocument, now: Date): boolean {
  return (
    user.referrerId !== null && (user.bindingExpiresAt === null || user.bindingExpiresAt.getTime() > now.getTime())
  );
}

function profileView({ user, rules, referrer, ledger }: ProfileContext, now: Date): ProfileView {
  const grade = heldGrade(rules, user.distributor.gradeId);
  return {
    nickname: user.nickname,
    avatarUrl: user.avatarUrl,
    shareCode: user.shareCode,
    distributor: {
      status: user.distributor.status,
      isDistributor: isDistributor(user, rules),
      gradeId: grade.id,
      gradeName: grade.name,
    },
    referrer:
      referrer && bindingInForce(user, now)
        ? {
            nickname: referrer.nickname,
            avatarUrl: referrer.avatarUrl,
            bindingExpiresAt: user.bindingExpiresAt ? user.bindingExpiresAt.toISOString() : null,
          }
        : null,
    ...ledger,
  };
}

export async function getProfile(openid: string, now: Date): Promise<Result<ProfileView, ProfileError>> {
  return ok(profileView(await loadProfile(openid, now), now));
}

export async function updateProfile(
  openid: string,
  changes: { nickname?: string; avatarUrl?: string },
  now: Date,
): Promise<Result<ProfileView, ProfileError>> {
  const context = await loadProfile(openid, now);
  const fields: Partial<Pick<UserDocument, 'nickname' | 'avatarUrl'>> = {};
  if (changes.nickname !== undefined) fields.nickname = changes.nickname;
  if (changes.avatarUrl !== undefined) fields.avatarUrl = changes.avatarUrl;
  // Setting the same values again is harmless, so a replay needs no guard.
  await updateWhere('users', { _id: openid }, fields);
  return ok(profileView({ ...context, user: { ...context.user, ...fields } }, now));
}
