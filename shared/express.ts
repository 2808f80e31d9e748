/**
 * Express companies and the ways an order leaves the shop, as WeChat's shipping management
 * (发货信息管理, docs/platform.md section 7.4) names them. The upload of an order's shipping
 * (`wxa.sec.order.uploadShippingInfo`, cloudfunctions/_lib/shippingUpload.ts) identifies the
 * company by its `delivery_id` code from WeChat's list of carriers (the open API
 * `get_delivery_list` answers the full list, well over a thousand); the shop offers the common
 * ones below. The code of a company the merchant typed by hand is looked up by its name, short
 * name or code; a company not on the list cannot be uploaded and raises an alert instead.
 *
 * Pure data and functions: the mini-program's ship form imports it as well.
 */

export interface ExpressCompany {
  /** WeChat's delivery_id (the upload's `express_company`). */
  code: string;
  /** The name shown to the merchant and the shopper. */
  name: string;
  /** Other names merchants type for it. */
  aliases: readonly string[];
}

export const EXPRESS_COMPANIES: readonly ExpressCompany[] = [
  { code: 'SF', name: '顺丰速运', aliases: ['顺丰', '顺丰快递'] },
  { code: 'ZTO', name: '中通快递', aliases: ['中通'] },
  { code: 'YTO', name: '圆通速递', aliases: ['圆通', '圆通快递'] },
  { code: 'YD', name: '韵达速递', aliases: ['韵达', '韵达快递'] },
  { code: 'STO', name: '申通快递', aliases: ['申通'] },
  { code: 'JTSD', name: '极兔速递', aliases: ['极兔', '极兔快递'] },
  { code: 'EMS', name: 'EMS', aliases: ['中国邮政', '邮政', '邮政EMS', '邮政快递'] },
  { code: 'JD', name: '京东物流', aliases: ['京东', '京东快递'] },
  { code: 'DBL', name: '德邦快递', aliases: ['德邦', '德邦物流'] },
];

/**
 * How the order is delivered, with WeChat's `logistics_type`: 1 express company, 3 virtual goods
 * (nothing is sent), 4 picked up by the shopper. (2, same-city delivery, is not offered.)
 */
export const NO_LOGISTICS = {
  virtual: { logisticsType: 3, label: '无需物流（虚拟商品）' },
  pickup: { logisticsType: 4, label: '无需物流（到店自提）' },
} as const;
export const EXPRESS_LOGISTICS_TYPE = 1;

/** The company a typed name (or code) stands for; null when it is not on the list. */
export function expressCompanyOf(text: string): ExpressCompany | null {
  const typed = text.trim().toUpperCase();
  if (!typed) return null;
  return (
    EXPRESS_COMPANIES.find(
      (company) =>
        company.code === typed ||
        company.name.toUpperCase() === typed ||
        company.aliases.some((alias) => alias.toUpperCase() === typed),
    ) ?? null
  );
}
