/**
 * Cart lines for the cart page, and the hand-over of the chosen lines to the checkout page as
 * the query `items=<skuId>:<quantity>,...` (SKU ids are letters, digits, `_` and `-`, so the
 * list needs no escaping and survives a page reload).
 */
import type { CartLineView } from '@shared/contracts/cart';

/** Why a line cannot be ordered, as the cart says it. */
/**
 * The most units of one line: CART_MAX_QUANTITY of shared/contracts/cart.ts (= placeOrder's
 * MAX_LINE_QUANTITY). Not imported as a value, because that module would bring zod into the
 * main package; the function refuses more in any case (QUANTITY_LIMIT).
 */
export const MAX_LINE_UNITS = 99;

export const CART_LINE_NOTES: Readonly<Record<string, string>> = {
  gone: '商品已失效',
  offSale: '商品已下架',
  soldOut: '已售罄',
};

/** Lines that cannot be ordered whatever the quantity: listed apart under 失效商品. */
export function isInvalidLine(line: Pick<CartLineView, 'status'>): boolean {
  return line.status === 'gone' || line.status === 'offSale' || line.status === 'soldOut';
}

export interface CheckoutItem {
  skuId: string;
  quantity: number;
}

export function checkoutUrl(items: ReadonlyArray<CheckoutItem>): string {
  return `/shop/checkout/checkout?from=cart&items=${items.map((item) => `${item.skuId}:${item.quantity}`).join(',')}`;
}
