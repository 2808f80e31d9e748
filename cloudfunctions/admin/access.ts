/**
 * Merchant admin access: who is an admin, claiming the first admin with the setup secret, and
 * admins adding and removing admins.
 *
 * Admin documents live in `admins`, keyed by OPENID, so the admin check of every route is one
 * read. One more document, `system/admins`, has a fixed _id: the claim marker and the lock of
 * removals. Claiming adds it in the same transaction as the first admin, so of two concurrent
 * claims exactly one commits (the other conflicts on the marker, or finds it and is refused).
 * Every removal writes it, so two concurrent removals (A removes B while B removes A) run one
 * after the other and the second sees that only one admin is left.
 */
import type { AdminDocument, AdminInput, AdminOutput } from '@shared/contracts/admin';
import { fail, ok, type Result } from '@shared/result';
import type { AdminsMarker } from '@shared/system';
import type { UserDocument } from '@shared/users';
import { _, aggregateList, countWhere, findWhere, getDoc, insertDoc, updateWhere } from '../_lib/db';
import type { AdminContext } from './context';
import { MIN_SETUP_SECRET_LENGTH } from '@shared/setupSecret';
import { chinaDateTime } from '@shared/chinaTime';
import { checkSetupSecret, type SecretCheck } from './secret';
import { BUSY, inTransaction, isDuplicate } from '../_lib/tx';
import { adminView } from './views';
import type { AdminError } from '@shared/contracts/admin';

/** `system` document that marks the claim and serialises removals. */
export const ADMIN_MARKER_ID = 'admins';
/** How many admins listAdmins shows; a shop has a handful. */
const MAX_LISTED_ADMINS = 100;

/** The admin check of every route but claimAdmin: exactly one database read. */
export async function isAdmin(openid: string): Promise<boolean> {
  return (await getDoc('admins', openid)) !== null;
}

/**
 * The setup guard (`system/setupGuard`): wrong setup secrets in a row. After FREE_SETUP_ATTEMPTS
 * of them every claim is refused, without comparing, until `lockedUntil`: 15 minutes, doubling
 * with each further wrong guess up to a day. The successful claim resets it. It is one
 * document for all callers: guessing from many accounts is no faster than from one.
 */
const GUARD_ID = 'setupGuard';
export const FREE_SETUP_ATTEMPTS = 5;
const FIRST_LOCK_MS = 15 * 60_000;
const LONGEST_LOCK_MS = 24 * 3_600_000;

const SECRET_MESSAGES: Record<Exclude<SecretCheck, 'ok'>, string> = {
  SETUP_SECRET_UNSET:
    '未配置 ADMIN_SETUP_SECRET：请在云函数 admin 的环境变量中设置后再认领 (set ADMIN_SETUP_SECRET on the admin function first)',
  SETUP_SECRET_TOO_SHORT: `ADMIN_SETUP_SECRET 太短，至少 ${MIN_SETUP_SECRET_LENGTH} 个字符 (the setup secret needs at least ${MIN_SETUP_SECRET_LENGTH} characters)`,
  SETUP_SECRET_WEAK:
    'ADMIN_SETUP_SECRET 太容易被猜到：请换成随机生成的密钥，如 openssl rand -hex 20 (the setup secret is too weak; use a random one)',
  BAD_SECRET: '设置密钥不正确 (wrong setup secret)',
};

/** Counts a wrong guess and locks further claims once there were too many (best effort: a lost count is one guess). */
async function countWrongGuess(now: Date): Promise<void> {
  const bumped = await updateWhere('system', { _id: GUARD_ID }, { failures: _.inc(1), lastFailureAt: now });
  if (bumped === 0) {
    const inserted = await insertDoc('system', { _id: GUARD_ID, failures: 1, lastFailureAt: now, lockedUntil: null });
    if (inserted !== 'inserted')
      await updateWhere('system', { _id: GUARD_ID }, { failures: _.inc(1), lastFailureAt: now });
  }
  const guard = await getDoc('system', GUARD_ID);
  const failures = guard?.failures ?? 0;
  if (failures < FREE_SETUP_ATTEMPTS) return;
  const lockMs = Math.min(FIRST_LOCK_MS * 2 ** (failures - FREE_SETUP_ATTEMPTS), LONGEST_LOCK_MS);
  await updateWhere('system', { _id: GUARD_ID }, { lockedUntil: new Date(now.getTime() + lockMs) });
}

async function lockedUntil(now: Date): Promise<Date | null> {
  const guard = await getDoc('system', GUARD_ID);
  const until = guard?.lockedUntil ? new Date(guard.lockedUntil) : null;
  return until && now < until ? until : null;
}

const ALREADY_CLAIMED = (): Result<never, AdminError> =>
  fail('ALREADY_CLAIMED', '管理员已设置：请现有管理员添加你 (an admin exists; ask an admin to add you)');

export async function claimAdmin(
  context: AdminContext,
  input: AdminInput<'claimAdmin'>,
  setupSecret: string | undefined,
): Promise<Result<AdminOutput<'claimAdmin'>, AdminError>> {
  // Once there is an admin the secret is never compared again, so it cannot be guessed afterwards.
  if ((await findWhere('admins', {}, { limit: 1 })).length > 0) return ALREADY_CLAIMED();
  const locked = await lockedUntil(context.now);
  if (locked)
    return fail(
      'TOO_MANY_ATTEMPTS',
      `设置密钥错误次数过多，请于 ${chinaDateTime(locked)} 后再试 (too many wrong secrets; try again later)`,
    );
  const secret = checkSetupSecret(input.secret, setupSecret);
  if (secret === 'BAD_SECRET') await countWrongGuess(context.now);
  if (secret !== 'ok') return fail(secret, SECRET_MESSAGES[secret]);

  const admin: AdminDocument = { _id: context.openid, addedBy: 'setup', addedAt: context.now, note: input.note };
  const marker: AdminsMarker = {
    _id: ADMIN_MARKER_ID,
    claimedBy: context.openid,
    claimedAt: context.now,
    changes: 0,
    changedAt: context.now,
  };
  try {
    const outcome = await inTransaction(async (tx) => {
      await tx.add('system', marker);
      await tx.add('admins', admin);
      // The secret is spent: the marker refuses every later claim, so the guard starts over.
      await tx.set('system', GUARD_ID, { failures: 0, lastFailureAt: null, lockedUntil: null });
      return 'claimed' as const;
    });
    if (outcome === BUSY) return fail('BUSY', '正在认领，请重试 (a claim is in progress; retry)');
  } catch (error) {
    // The marker (or this admin) exists: another claim committed first.
    if (isDuplicate(error)) return ALREADY_CLAIMED();
    throw error;
  }
  const user = await getDoc('users', context.openid);
  return ok({ admin: adminView(admin, user?.nickname ?? null) });
}

export async function addAdmin(
  context: AdminContext,
  input: AdminInput<'addAdmin'>,
): Promise<Result<AdminOutput<'addAdmin'>, AdminError>> {
  let user: UserDocument | null;
  if (input.shareCode !== undefined) {
    [user = null] = await findWhere('users', { shareCode: input.shareCode }, { limit: 1 });
    if (!user) return fail('USER_NOT_FOUND', `没有推广码为 ${input.shareCode} 的用户 (no user has this share code)`);
  } else {
    user = await getDoc('users', input.openid as string);
  }
  const openid = user?._id ?? (input.openid as string);
  const admin: AdminDocument = { _id: openid, addedBy: context.openid, addedAt: context.now, note: input.note };
  if ((await insertDoc('admins', admin)) === 'inserted')
    return ok({ status: 'added', admin: adminView(admin, user?.nickname ?? null) });
  // Already an admin (a replay, or added by someone else): report the stored admin.
  const existing = (await getDoc('admins', openid)) ?? admin;
  return ok({ status: 'unchanged', admin: adminView(existing, user?.nickname ?? null) });
}

type Removal = { kind: 'removed' | 'unchanged'; remaining: number } | { kind: 'last' };

export async function removeAdmin(
  context: AdminContext,
  input: AdminInput<'removeAdmin'>,
): Promise<Result<AdminOutput<'removeAdmin'>, AdminError>> {
  const target = input.openid;
  const outcome = await inTransaction<Removal>(async (tx) => {
    // The snapshot starts here; a removal committed after it makes the marker write below conflict.
    const marker = await tx.get('system', ADMIN_MARKER_ID);
    const existing = await tx.get('admins', target);
    const total = await countWhere('admins', {});
    if (!existing) return { kind: 'unchanged', remaining: total };
    // Removing yourself is the same rule: allowed while another admin remains.
    if (total <= 1) return { kind: 'last' };
    if (marker)
      await tx.update('system', ADMIN_MARKER_ID, { changes: (marker.changes ?? 0) + 1, changedAt: context.now });
    else
      await tx.set('system', ADMIN_MARKER_ID, { claimedBy: null, claimedAt: null, changes: 1, changedAt: context.now });
    await tx.remove('admins', target);
    return { kind: 'removed', remaining: total - 1 };
  });
  if (outcome === BUSY) return fail('BUSY', '管理员列表正在被修改，请重试 (admins are being changed; retry)');
  if (outcome.kind === 'last') return fail('LAST_ADMIN', '不能移除最后一位管理员 (the last admin cannot be removed)');
  return ok({ status: outcome.kind, openid: target, remaining: outcome.remaining });
}

export async function listAdmins(): Promise<Result<AdminOutput<'listAdmins'>, AdminError>> {
  const rows = await aggregateList<AdminDocument & { user: UserDocument[] }>('admins', (pipeline) =>
    pipeline
      .sort({ addedAt: 1, _id: 1 })
      .limit(MAX_LISTED_ADMINS)
      .lookup({ from: 'users', localField: '_id', foreignField: '_id', as: 'user' }),
  );
  return ok({ items: rows.map(({ user, ...admin }) => adminView(admin, user[0]?.nickname ?? null)) });
}
