/**
 * Paths of the mini-program pages that the backend points at: mini-program codes (posters) and,
 * later, subscribe messages open these pages. They are written without a leading slash and
 * without a query, the form `wxacode.getUnlimited` requires (parameters travel in the scene).
 * Keep them in step with `miniprogram/app.json`.
 */

/** The home page, the first page of app.json; a scan of a home poster opens it. */
export const HOME_PAGE = 'pages/index/index';

/**
 * The product detail page (in the `shop` subpackage); a scan of a product poster opens it with
 * the product id in the scene. A released version older than the page lacks it, so callers of
 * getUnlimited pass `check_path: false` (app.ts sends an unknown page home).
 */
export const PRODUCT_PAGE = 'shop/product/product';
