/**
 * catalog › group: a 拼团 group for its shared page (shared/contracts/groupBuy.ts). Three round
 * trips: the group, its activity, then the members' users (nickname and avatar only).
 */
import type { GroupOutput } from '@shared/contracts/groupBuy';
import type { CatalogError } from '@shared/contracts/catalog';
import { fail, ok, type Result } from '@shared/result';
import { _, findWhere, getDoc } from '../_lib/db';

export async function group(groupId: string, now: Date): Promise<Result<GroupOutput, CatalogError>> {
  const doc = await getDoc('groups', groupId);
  const activity = doc ? await getDoc('activities', doc.activityId) : null;
  if (!doc || activity?.kind !== 'groupBuy') return fail('GROUP_NOT_FOUND', '拼团不存在');
  const ids = doc.members.map((member) => member.userId);
  const users = new Map(
    (await findWhere('users', { _id: _.in(ids) }, { limit: ids.length })).map((user) => [user._id, user]),
  );
  const placesLeft = Math.max(doc.size - doc.members.length, 0);
  return ok({
    id: doc._id,
    activityId: doc.activityId,
    activityName: activity.name,
    productId: doc.productId,
    skus: activity.skus.map(({ skuId, priceFen }) => ({ skuId, priceFen })),
    size: doc.size,
    placesLeft,
    status: doc.status,
    joinable: doc.status === 'forming' && doc.expiresAt.getTime() > now.getTime() && placesLeft > 0,
    expiresAt: doc.expiresAt.toISOString(),
    serverTime: now.toISOString(),
    members: doc.members.map((member) => ({
      nickname: users.get(member.userId)?.nickname || '拼团成员',
      avatarUrl: users.get(member.userId)?.avatarUrl ?? '',
      leader: member.userId === doc.leaderId,
      paid: member.paid,
    })),
  });
}
