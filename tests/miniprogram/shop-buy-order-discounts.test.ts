/** 订单详情 with discounts: every discount the order kept, by name, and the activity that priced a line. */
import { answerCalls, ok, renderPage, text, texts } from './helpers';
import { orderView } from './shop-buy-fixtures';

const ORDER_ID = 'o0123456789abcdef01234567';

it('shows each discount by name and the activity price of its line', async () => {
  const plain = orderView();
  const [tea, towel] = plain.lines;
  answerCalls({
    'order.detail': ok(
      orderView({
        lines: [
          {
            ...tea!,
            discountFen: 1_000 + 500,
            paidFen: 12_800 - 1_500,
            activity: { id: 'act-sale', kind: 'timedDiscount', name: '春茶限时折扣', priceFen: 11_800 },
            discounts: [
              { source: 'activity', id: 'act-sale', name: '春茶限时折扣', amountFen: 1_000 },
              { source: 'coupon', id: 'cpn_oBuyer_1', name: '无门槛减10元', amountFen: 500 },
            ],
          },
          {
            ...towel!,
            discountFen: 500,
            paidFen: 7_980 - 500,
            discounts: [{ source: 'coupon', id: 'cpn_oBuyer_1', name: '无门槛减10元', amountFen: 500 }],
          },
        ],
        discountFen: 2_000,
        discounts: [
          { source: 'activity', id: 'act-sale', name: '春茶限时折扣', amountFen: 1_000 },
          { source: 'coupon', id: 'cpn_oBuyer_1', name: '无门槛减10元', amountFen: 1_000 },
        ],
        payableFen: 20_780 - 2_000,
      }),
    ),
    'afterSale.list': ok({ items: [], nextOffset: null }),
  });
  const page = await renderPage('shop/order/order', { id: ORDER_ID });
  expect(texts(page, '.line-activity')).toEqual(['春茶限时折扣 ¥118.00']);
  expect(texts(page, '.discount-row')).toEqual(['限时折扣春茶限时折扣-¥10.00', '优惠券无门槛减10元-¥10.00']);
  expect(text(page, '.discount')).toBe('-¥20.00');
  expect(text(page, '.payable')).toBe('¥187.80');
});
