/**
 * Paths of the mini-program pages that the backend points at: mini-program codes (posters) and,
 * later, subscribe messages open these pages. They are written without a leading slash and
 * without a query, the form `wxacode.getUnlimited` requires (parameters travel in the scene).
 * Keep them in step with `miniprogram/app.json`.
 */

/** The home page, the first page of app.json; a scan of a home poster opens it. */
export const HOME_PAGE = 'pages/index/index';

/**
 * The product detail page; a scan of a product poster opens it with the product id in the
 * scene. The page arrives with the mini-program issue, so it may be missing from app.json (and
 * from the released version) for a while: callers of getUnlimited pass `check_path: false`.
 */
export const PRODUCT_PAGE = 'pages/product/detail';
