/**
 * Pull-down refresh, the same on every page that has it: the page loads again through one of its
 * own methods, and the spinner WeChat shows while the page is pulled down ends once that load is
 * over, whether it succeeded or not (a failure is shown by the page's own state).
 */

/**
 * The page's `onPullDownRefresh`, spread into its `Page({...})`: runs `this[method]()` and then
 * ends the pull-down spinner.
 */
export function pullDownRefresh<K extends string>(method: K) {
  return {
    async onPullDownRefresh(this: { [key in K]: () => Promise<unknown> }): Promise<void> {
      await this[method]();
      void wx.stopPullDownRefresh();
    },
  };
}
