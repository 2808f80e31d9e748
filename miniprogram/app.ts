// The mini-program shell. Pages and the service layer arrive with the mini-program issue.
App<IAppOption>({
  globalData: { envId: '' },
  onLaunch() {
    if (wx.cloud) wx.cloud.init({ env: this.globalData.envId || undefined, traceUser: true });
  },
});
