/**
 * The product page's 拼团 row (catalog › detail `groupBuy`): the lowest group price, the group's
 * size and the leader's bonus, and where 发起拼团 goes: the checkout of the chosen SKU as the
 * leader of a new group (its query becomes placeOrder's group item). Pure.
 */
import type { GroupOffer } from '@shared/contracts/groupBuy';
import { formatFen } from '@shared/money';

export interface GroupRow {
  activityId: string;
  text: string;
  skuIds: string[];
}

export function groupRow(offer: GroupOffer | undefined): GroupRow | null {
  if (!offer || offer.skus.length === 0) return null;
  const lowest = Math.min(...offer.skus.map((sku) => sku.priceFen));
  const bonus = offer.leaderBonusFen > 0 ? ` · 团长再减${formatFen(offer.leaderBonusFen)}` : '';
  return {
    activityId: offer.activityId,
    text: `${offer.groupSize}人团 ${formatFen(lowest)}起${bonus}`,
    skuIds: offer.skus.map((sku) => sku.skuId),
  };
}

/** The checkout that opens a new group with `quantity` of the SKU. */
export function openGroupUrl(activityId: string, skuId: string, quantity: number): string {
  return `/shop/checkout/checkout?skuId=${encodeURIComponent(skuId)}&quantity=${quantity}&groupActivity=${activityId}&groupId=new`;
}
