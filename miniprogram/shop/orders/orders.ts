/**
 * 我的订单: the shopper's orders by state (全部 / 待付款 / 待发货 / 待收货 / 已完成) and their
 * after-sale requests (售后), newest first, 10 a page as the list scrolls; pulling down or
 * coming back from an order reloads the tab from its first page. Opened with `?status=<tab>`
 * from the user center's shortcuts.
 */
import { afterSale } from '../../services/afterSale';
import { order } from '../../services/order';
import { tabbedListPage } from '../../utils/list-page';
import { listData, offsetSource, type ListSource } from '../../utils/paged-list';
import { AFTER_SALE_TAB, afterSaleRow, ORDER_TABS, orderRow, type OrderTab, type RowView } from './tabs';

const PAGE_SIZE = 10;

/** A tab's rows: the after-sale requests, or the orders in the tab's state. */
function sourceOf(tab: OrderTab): ListSource<RowView> {
  if (tab === AFTER_SALE_TAB)
    return offsetSource((offset) => afterSale.list({ limit: PAGE_SIZE, offset }), afterSaleRow);
  return offsetSource(
    (offset) => order.list({ ...(tab === 'all' ? {} : { status: tab }), limit: PAGE_SIZE, offset }),
    orderRow,
  );
}

Page({
  ...tabbedListPage({
    data: {
      tab: 'all' as OrderTab,
      ...listData<RowView>(),
    },
    tabs: ORDER_TABS,
    loadOn: 'show',
    onReload: 'keep',
    source: ({ tab }) => sourceOf(tab),
  }),

  onRowTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { order: string }>) {
    void wx.navigateTo({ url: `/shop/order/order?id=${event.currentTarget.dataset.order}` });
  },
});
