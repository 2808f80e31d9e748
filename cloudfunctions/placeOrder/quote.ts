/**
 * placeOrder › quote: the checkout page's totals, priced by the same code placeOrder runs
 * (shared/contracts/quote.ts quoteOrder). Reads the rules and the SKUs with their products, in
 * two round trips, and writes nothing: when no rules are stored yet it prices with the defaults
 * in memory, which are exactly what placeOrder would store and use.
 */
import { quoteOrder, type QuoteError, type QuoteOutput } from '@shared/contracts/quote';
import { fail, ok, type Result } from '@shared/result';
import { DEFAULT_RULES } from '@shared/rules';
import { getDoc } from '../_lib/db';
import { RULES_ID } from '../_lib/rules';
import { loadSkus } from './context';

const MESSAGES = { SKU_NOT_FOUND: '商品已失效', NOT_ON_SALE: '商品已下架', OUT_OF_STOCK: '库存不足' } as const;

export async function quote(
  items: Array<{ skuId: string; quantity: number }>,
): Promise<Result<QuoteOutput, QuoteError>> {
  const rules = (await getDoc('rules', RULES_ID)) ?? DEFAULT_RULES;
  const skus = await loadSkus(items.map((item) => item.skuId));
  const priced = quoteOrder(items, skus, rules.shipping);
  if (!priced.ok) return fail(priced.code, `${MESSAGES[priced.code]}: ${priced.name || priced.skuId}`);
  return ok(priced.quote);
}
