/**
 * The shop pages' paths, built in one place so links between pages cannot drift from app.json:
 * the product, search and checkout pages live in the `shop` subpackage.
 */

export const PRODUCT_PAGE = '/shop/product/product';
export const SEARCH_PAGE = '/shop/search/search';
export const CHECKOUT_PAGE = '/shop/checkout/checkout';
export const CART_TAB = '/pages/cart/cart';
export const CATEGORY_TAB = '/pages/category/category';

export function productUrl(productId: string): string {
  return `${PRODUCT_PAGE}?id=${encodeURIComponent(productId)}`;
}

export function searchUrl(keyword?: string): string {
  return keyword ? `${SEARCH_PAGE}?keyword=${encodeURIComponent(keyword)}` : SEARCH_PAGE;
}

/** 立即购买: checkout of one SKU, bypassing the cart. */
export function checkoutUrl(skuId: string, quantity: number): string {
  return `${CHECKOUT_PAGE}?skuId=${encodeURIComponent(skuId)}&quantity=${quantity}`;
}

/**
 * The share path of a product: `r` carries the sharer's share code, which app.ts hands to
 * entry by share (utils/share-entry.ts) when a friend opens it.
 */
export function productSharePath(productId: string, shareCode: string | undefined): string {
  return shareCode ? `${productUrl(productId)}&r=${shareCode}` : productUrl(productId);
}

/** 推广海报 of a product (distributor subpackage): the poster page draws its name, image and price as shown. */
export function productPosterUrl(productId: string, name: string, imageUrl: string | undefined, price = ''): string {
  const image = imageUrl ? `&image=${encodeURIComponent(imageUrl)}` : '';
  const priceText = price ? `&price=${encodeURIComponent(price)}` : '';
  return `/distributor/poster/poster?productId=${encodeURIComponent(productId)}&name=${encodeURIComponent(name)}${image}${priceText}`;
}

/** 推广素材 (distributor subpackage): the product's and the shop's material, or the shop's alone. */
export function materialsUrl(productId?: string): string {
  return productId
    ? `/distributor/materials/materials?productId=${encodeURIComponent(productId)}`
    : '/distributor/materials/materials';
}
