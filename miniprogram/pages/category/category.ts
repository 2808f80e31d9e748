/** 分类. Waits for the catalog functions; says so rather than showing made-up categories. */
Page({
  data: { notice: '商品分类即将上线' },
});
