/**
 * 秒杀: the sessions running now and the next ones (catalog › flashSales), each with a countdown
 * from the server's clock, and per SKU the flash price, a progress bar of what has sold and
 * 马上抢, which opens the checkout for one unit in that session. Opened from the home page.
 */
import { catalog } from '../../services/catalog';
import { loadPageData, type PageStatus } from '../../utils/page-state';
import { refreshed } from '../../utils/pull-down';
import { countdownOf, flashSaleView, type FlashItemView, type FlashSessionView } from './view';

/** The countdown's ticker (one per page instance, cleared when the page goes away). */
const tickers = new WeakMap<object, ReturnType<typeof setInterval>>();

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    sessions: [] as FlashSessionView[],
    clockOffsetMs: 0,
  },

  onLoad() {
    void this.load();
  },

  onUnload() {
    this.stopTicking();
  },

  onPullDownRefresh() {
    return refreshed(this.load());
  },

  onRetry() {
    void this.load();
  },

  async load() {
    const data = await loadPageData(this, this.data.status === 'ready', () => catalog.flashSales());
    if (!data) return;
    const view = flashSaleView(data, Date.now());
    this.setData({ status: view.sessions.length === 0 ? 'empty' : 'ready', ...view });
    this.startTicking();
  },

  startTicking() {
    this.stopTicking();
    if (this.data.sessions.length === 0) return;
    tickers.set(
      this,
      setInterval(() => {
        const now = Date.now();
        const sessions = this.data.sessions.map((session) => ({
          ...session,
          countdown: countdownOf(session, this.data.clockOffsetMs, now),
        }));
        this.setData({ sessions });
        // A session that started or ended meanwhile changes its buttons: ask the server again.
        if (sessions.some((session) => session.targetMs <= now + this.data.clockOffsetMs)) void this.load();
      }, 1000),
    );
  },

  stopTicking() {
    const ticker = tickers.get(this);
    if (ticker !== undefined) clearInterval(ticker);
    tickers.delete(this);
  },

  onBuyTap(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { item: FlashItemView }>) {
    const item = event.currentTarget.dataset.item;
    if (item.action !== 'buy') return;
    void wx.navigateTo({ url: item.buyUrl });
  },

  onItemTap(
    event: WechatMiniprogram.TouchEvent<
      Record<string, never>,
      Record<string, never>,
      { item: FlashItemView; session: string }
    >,
  ) {
    const { item, session } = event.currentTarget.dataset;
    void wx.navigateTo({
      url: `/shop/product/product?id=${encodeURIComponent(item.productId)}&flash=${encodeURIComponent(session)}`,
    });
  },
});
