/**
 * 推广订单: the orders that earned the caller commission, newest commission first, 20 a page
 * as the list scrolls; each shows the masked buyer, the order's status, the products and the
 * commission with its standing. Tapping one of its commissions opens 佣金详情.
 */
import { distributor } from '../../services/distributor';
import { listPage } from '../../utils/list-page';
import { listData, pageSource } from '../../utils/paged-list';
import { commissionUrl } from '../commissions/rows';
import { promotionRow, type PromotionRow } from './rows';

const PAGE_SIZE = 20;

const SOURCE = pageSource(
  (page) => distributor.promotionOrders({ page, pageSize: PAGE_SIZE }),
  (answer) => answer.orders.map(promotionRow),
  { keyOf: (row) => row.orderId },
);

Page({
  ...listPage({ data: listData<PromotionRow>(), loadOn: 'load', onReload: 'keep', source: () => SOURCE }),

  onCommissionTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
    void wx.navigateTo({ url: commissionUrl(event.currentTarget.dataset.id) });
  },
});
