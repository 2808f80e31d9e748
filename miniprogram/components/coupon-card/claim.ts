/**
 * Claiming from a card, the same on every page that offers 领取: the claim, a toast saying what
 * happened, and whether the list should be loaded again.
 */
import type { COUPON_CONTRACTS } from '@shared/contracts/coupon';
import type { RouteInput } from '@shared/routeTable';
import { isTransportFailure } from '../../services/call';
import { coupon } from '../../services/coupon';

/**
 * Claims and tells the shopper; true when the function answered (claimed or refused: the counts
 * on the cards changed either way), false when the answer never came (the tap may be retried,
 * and a retried claim never goes beyond the shopper's limit).
 */
export async function claimWithToast(input: RouteInput<typeof COUPON_CONTRACTS, 'claim'>): Promise<boolean> {
  const result = await coupon.claim(input);
  if (result.ok) {
    void wx.showToast({ title: '领取成功', icon: 'success' });
    return true;
  }
  void wx.showToast({ title: result.error.message, icon: 'none' });
  return !isTransportFailure(result);
}
