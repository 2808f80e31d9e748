/**
 * The pages whose screenshots are committed in docs/screenshots/<name>.png and shown in the
 * README, in the README's order. render.shot.ts renders them (shots.ts holds their data), capture.ts publishes them.
 */
export const GALLERY: ReadonlyArray<{ name: string; title: string }> = [
  { name: 'home', title: '首页' },
  { name: 'product', title: '商品详情' },
  { name: 'checkout', title: '确认订单' },
  { name: 'order', title: '订单详情' },
  { name: 'coupon-center', title: '领券中心' },
  { name: 'my-coupons', title: '我的优惠券' },
  { name: 'product-activity', title: '限时折扣 · 满减' },
  { name: 'flash-sale', title: '秒杀' },
  { name: 'admin-activities', title: '商家后台 · 营销活动' },
  { name: 'group-buy', title: '拼团' },
  { name: 'balance', title: '余额' },
  { name: 'admin-user-balance', title: '商家后台 · 用户余额' },
  { name: 'admin-top-ups', title: '商家后台 · 充值订单' },
  { name: 'admin-balance-settings', title: '商家后台 · 余额设置' },
  { name: 'distributor-center', title: '分销中心' },
  { name: 'commission', title: '佣金详情' },
  { name: 'withdraw', title: '提现' },
  { name: 'admin-dashboard', title: '商家后台 · 经营概况' },
  { name: 'admin-distributors', title: '商家后台 · 分销员管理' },
  { name: 'admin-distributor', title: '商家后台 · 分销员详情' },
  { name: 'admin-categories', title: '商家后台 · 分类管理' },
  { name: 'admin-grades', title: '商家后台 · 分销等级' },
  { name: 'admin-ship', title: '商家后台 · 订单发货' },
  { name: 'admin-product-form', title: '商家后台 · 编辑商品' },
  { name: 'points', title: '积分' },
  { name: 'checkout-points', title: '确认订单 · 积分抵扣' },
  { name: 'admin-points-settings', title: '商家后台 · 积分设置' },
  { name: 'admin-user-points', title: '商家后台 · 用户积分' },
];
