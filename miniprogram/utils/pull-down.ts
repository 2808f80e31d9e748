/**
 * Pull-down refresh, the same on every page that has it: the page loads again, and the spinner
 * WeChat shows while the page is pulled down ends once that load is over, whether it succeeded or
 * not (a failure is shown by the page's own state). A page's handler is
 * `onPullDownRefresh() { return refreshed(this.load()); }`, so that its own load is type-checked.
 */
export async function refreshed(load: Promise<unknown>): Promise<void> {
  await load;
  void wx.stopPullDownRefresh();
}
