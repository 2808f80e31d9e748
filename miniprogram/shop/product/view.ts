/**
 * The product page's view of `catalog.detail`: prices through formatFen, stock as shoppers see
 * it, and the commission hint only from what the function answered (it sends the estimate only
 * to distributors).
 */
import type { CART_MAX_QUANTITY } from '@shared/contracts/cart';
import type { DetailOutput, SkuView } from '@shared/contracts/catalog';
import { formatFen } from '@shared/money';
import { priceRangeText } from '../../utils/price';

/** The most units of one SKU a cart line or order line holds (CART_MAX_QUANTITY; tsc keeps them equal). */
const MAX_QUANTITY: typeof CART_MAX_QUANTITY = 99;

export interface SkuOption {
  id: string;
  spec: string;
  price: string;
  /** 库存 12, 库存 999+ (capped by the catalog) or 已售罄. */
  stockText: string;
  soldOut: boolean;
  /** The most units the stepper allows: the stock shown, at most MAX_QUANTITY. */
  maxQuantity: number;
  /** 分享预计赚 ¥x.xx for a distributor; '' otherwise or when the SKU pays nothing. */
  commissionText: string;
}

export interface ProductView {
  id: string;
  name: string;
  description: string;
  /** cloud:// file ids for `<image src>`, and the HTTPS links (null when missing) for previewing and sharing. */
  images: Array<{ fileId: string; url: string | null }>;
  /** The detail images (商品详情) below the description, in order. */
  detailImages: Array<{ fileId: string; url: string | null }>;
  price: string;
  /** 分享预计赚 ¥x.xx (or a range) for a distributor; '' otherwise or when nothing would be earned. */
  commissionHint: string;
}

function stockText(sku: SkuView): string {
  if (sku.stock <= 0) return '已售罄';
  return sku.stockCapped ? `库存 ${sku.stock}+` : `库存 ${sku.stock}`;
}

export function skuOption(sku: SkuView): SkuOption {
  const estimate = sku.commissionEstimateFen ?? 0;
  return {
    id: sku.id,
    spec: sku.spec,
    price: formatFen(sku.priceFen),
    stockText: stockText(sku),
    soldOut: sku.stock <= 0,
    maxQuantity: sku.stockCapped ? MAX_QUANTITY : Math.max(1, Math.min(sku.stock, MAX_QUANTITY)),
    commissionText: estimate > 0 ? `分享预计赚 ${formatFen(estimate)}` : '',
  };
}

function commissionHint(detail: DetailOutput): string {
  const estimate = detail.commissionEstimate;
  if (!estimate || estimate.maxFen <= 0) return '';
  return `分享预计赚 ${priceRangeText(estimate.minFen, estimate.maxFen)}`;
}

export function productView(detail: DetailOutput): ProductView {
  return {
    id: detail.id,
    name: detail.name,
    description: detail.description,
    images: detail.images,
    detailImages: detail.detailImages,
    price: priceRangeText(detail.minPriceFen, detail.maxPriceFen),
    commissionHint: commissionHint(detail),
  };
}

/** The SKU picked at first: the cheapest in stock, or none when everything is sold out. */
export function defaultSku(options: readonly SkuOption[]): SkuOption | null {
  return options.find((option) => !option.soldOut) ?? null;
}
