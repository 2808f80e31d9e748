/**
 * The mini-program shell: initialises the cloud (or local mode) and handles entry by share.
 * Every launch or return to the foreground may carry a distributor's share code; it is kept in
 * storage and sent to bindReferrer (utils/share-entry.ts).
 */
import { initCloud } from './services/call';
import { captureShareEntry, flushPendingBinding } from './utils/share-entry';

App<IAppOption>({
  globalData: {},
  onLaunch(options) {
    initCloud();
    captureShareEntry(options.query);
    void flushPendingBinding();
  },
  onShow(options) {
    captureShareEntry(options.query);
    void flushPendingBinding();
  },
  /**
   * A mini-program code may point at a page this version does not have yet (the product page
   * of shared/pages.ts): the share code was captured at launch all the same, so go home.
   */
  onPageNotFound() {
    void wx.switchTab({ url: '/pages/index/index' });
  },
});
