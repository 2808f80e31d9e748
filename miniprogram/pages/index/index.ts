/**
 * 首页. The catalog functions are not written yet, so the page says so instead of showing
 * products it cannot load. A share link or mini-program code that opens this page is handled
 * by app.ts (entry by share) before the page shows.
 */
Page({
  data: {
    title: '分销商城',
    notice: '商品与活动即将上线',
  },
});
