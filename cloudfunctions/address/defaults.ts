/**
 * Exactly one default address per user, without a transaction. Transactions here cannot query
 * (only documents by id), so two setDefault calls that each read "no other default" would both
 * commit (write skew). Instead every claim is stamped and settled:
 *
 *   1. claim:  the chosen address gets `isDefault: true, defaultSetAt: now`;
 *   2. settle: read every address of the user marked default, keep the winner (latest
 *      `defaultSetAt`, then larger id: defaultWinner) and clear the others, each conditional
 *      on the `defaultSetAt` that was read, so a claim made after the read is never cleared.
 *
 * Whatever the interleaving, the last claim to settle reads every claim made before its own,
 * and a stale settle clears nothing newer than what it read, so once all calls have returned
 * exactly one address is default. While calls are in flight two may be marked; readers show
 * only the winner (list does the same).
 */
import { defaultWinner } from '@shared/contracts/address';
import { _, findWhere, updateWhere } from '../_lib/db';

/** Settles the user's default; answers the winner's id (null when no address is marked default). */
export async function settleDefault(openid: string): Promise<string | null> {
  const marked = await findWhere('addresses', { userId: openid, isDefault: true }, { limit: 100 });
  const winner = defaultWinner(marked);
  const losers = marked.filter((address) => address !== winner);
  if (losers.length > 0) {
    const unchangedSinceRead = losers.map((address) => ({
      _id: address._id,
      defaultSetAt: address.defaultSetAt ?? null,
    }));
    await updateWhere('addresses', _.and([{ userId: openid, isDefault: true }, _.or(unchangedSinceRead)]), {
      isDefault: false,
    });
  }
  return winner?._id ?? null;
}

/** Makes an address the default (claim, then settle); answers whether it is the default afterwards. */
export async function claimDefault(openid: string, addressId: string, now: Date): Promise<boolean> {
  await updateWhere(
    'addresses',
    { _id: addressId, userId: openid },
    { isDefault: true, defaultSetAt: now, updatedAt: now },
  );
  return (await settleDefault(openid)) === addressId;
}

/** The address stops being the default (no other becomes default in its place). */
export async function dropDefault(openid: string, addressId: string, now: Date): Promise<void> {
  await updateWhere(
    'addresses',
    { _id: addressId, userId: openid, isDefault: true },
    { isDefault: false, updatedAt: now },
  );
}
