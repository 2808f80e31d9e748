/** 购物车. Waits for the cart and order functions; says so rather than showing a fake cart. */
Page({
  data: { notice: '购物车即将上线' },
});
