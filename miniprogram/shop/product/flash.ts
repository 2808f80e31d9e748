/**
 * The product page opened from the 秒杀 page (`?flash=<session id>`): the session's SKUs of this
 * product show the flash price, the 秒杀 tag and a countdown to the session's end instead of a
 * 限时折扣, and 立即购买 of such a SKU buys it in the session (the checkout's `activityId`). Only a
 * running session counts; otherwise the page is as usual.
 */
import type { FlashSalesOutput } from '@shared/contracts/flashSale';
import { formatFen } from '@shared/money';
import type { PromotionView } from './activity';

/** The promotion with the running session's SKUs of this product priced at the flash price. */
export function withFlashSession(
  view: PromotionView,
  output: FlashSalesOutput,
  sessionId: string,
  productId: string,
  phoneNowMs: number,
): PromotionView {
  const session = output.sessions.find((candidate) => candidate.id === sessionId && candidate.state === 'running');
  if (!session) return view;
  const discounts = { ...view.discounts };
  for (const item of session.items) {
    if (item.productId !== productId || item.soldCount >= item.stock) continue;
    discounts[item.skuId] = {
      name: session.name,
      tag: '秒杀',
      price: formatFen(item.priceFen),
      originalPrice: formatFen(item.originalPriceFen),
      endAtMs: Date.parse(session.endAt),
      activityId: session.id,
    };
  }
  // The countdown runs from the catalog's clock, as the 秒杀 page's does.
  return { ...view, discounts, clockOffsetMs: Date.parse(output.serverTime) - phoneNowMs };
}
