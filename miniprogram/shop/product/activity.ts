/**
 * The product page's activity section (限时折扣 and 满减), kept apart from the rest of the page:
 * the selected SKU's activity price with its original price struck through and a countdown to
 * the end of the window, and the 满减 tiers covering the product ("满199减20，满299减40").
 * A distributor's exclusive price (分销专属价), which the catalog sends only to the distributors
 * it recognises and only where the checkout charges it, takes the same banner without a
 * countdown: it has no end.
 *
 * The countdown runs from the catalog's clock, not the phone's: the page keeps the difference
 * between the server time the catalog answered with and the phone's clock at that moment, and
 * counts every second from the phone's clock corrected by it. A phone set hours wrong still shows
 * the time that is really left.
 */
import type { DetailOutput } from '@shared/contracts/catalog';
import { formatFen } from '@shared/money';

export interface SkuDiscount {
  name: string;
  /** The banner's tag: 限时折扣, 分销专属价, or 秒杀 when opened from the 秒杀 page (flash.ts). */
  tag: string;
  /** The 秒杀 session the SKU is bought in at this price; absent for a 限时折扣. */
  activityId?: string;
  price: string;
  originalPrice: string;
  /** The end of the window, ms since the epoch (server time); null for the exclusive price, which has none. */
  endAtMs: number | null;
}

export const DISTRIBUTOR_PRICE_TAG = '分销专属价';

export interface PromotionView {
  /** Per SKU id, its live 限时折扣. */
  discounts: Record<string, SkuDiscount>;
  /** "满199减20，满299减40" per covering 满减, in the order the checkout applies them. */
  reductions: string[];
  /** Server time − phone time when the answer arrived, ms. */
  clockOffsetMs: number;
}

/** The page's view of the catalog's activity fields; `phoneNowMs` is the phone's clock when the answer arrived. */
export function promotionView(detail: DetailOutput, phoneNowMs: number): PromotionView {
  const discounts: Record<string, SkuDiscount> = {};
  for (const sku of detail.skus) {
    if (sku.distributorPriceFen !== undefined) {
      discounts[sku.id] = {
        name: DISTRIBUTOR_PRICE_TAG,
        tag: DISTRIBUTOR_PRICE_TAG,
        price: formatFen(sku.distributorPriceFen),
        originalPrice: formatFen(sku.priceFen),
        endAtMs: null,
      };
      continue;
    }
    if (!sku.activity) continue;
    discounts[sku.id] = {
      name: sku.activity.name,
      tag: '限时折扣',
      price: formatFen(sku.activity.priceFen),
      originalPrice: formatFen(sku.priceFen),
      endAtMs: Date.parse(sku.activity.endAt),
    };
  }
  const serverMs = detail.serverTime ? Date.parse(detail.serverTime) : phoneNowMs;
  return {
    discounts,
    reductions: (detail.reductions ?? []).map((reduction) => reduction.tiers.map((tier) => tier.label).join('，')),
    clockOffsetMs: serverMs - phoneNowMs,
  };
}

/** The discount shown: the selected SKU's (none when it has none), or with nothing selected the first SKU's that has one. */
export function shownDiscount(view: PromotionView, selectedSkuId: string | null): SkuDiscount | null {
  if (selectedSkuId) return view.discounts[selectedSkuId] ?? null;
  return Object.values(view.discounts)[0] ?? null;
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** "距结束 1天 02:03:04", "距结束 02:03:04", or "活动已结束" once the window closed (server time). */
export function countdownText(endAtMs: number, clockOffsetMs: number, phoneNowMs: number): string {
  const leftSeconds = Math.floor((endAtMs - (phoneNowMs + clockOffsetMs)) / 1000);
  if (leftSeconds <= 0) return '活动已结束';
  const days = Math.floor(leftSeconds / 86400);
  const clock = `${pad(Math.floor((leftSeconds % 86400) / 3600))}:${pad(Math.floor((leftSeconds % 3600) / 60))}:${pad(leftSeconds % 60)}`;
  return days > 0 ? `距结束 ${days}天 ${clock}` : `距结束 ${clock}`;
}
