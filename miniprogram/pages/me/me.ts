/**
 * 我的 (user center): the shopper's profile with WeChat's 头像昵称填写 (avatar button and
 * nickname input), shortcuts to orders, the 余额 cell, the earnings card of anyone with an account
 * (earnings.ts), the way into the distributor center, the merchant's back office and, in local
 * mode, the choice of test user.
 */
import type { ProfileView } from '@shared/contracts/profile';
import { currentTestUser, isLocalMode, setTestUser } from '../../services/call';
import { order } from '../../services/order';
import { wallet } from '../../services/wallet';
import { formatFen } from '@shared/money';
import { profile } from '../../services/profile';
import { uploadAvatar } from '../../services/storage';
import { LOCAL_TEST_USERS } from '../../config';
import { displayName, DISTRIBUTOR_STATUS_LABELS } from '../../utils/format';
import type { PageStatus } from '../../utils/page-state';
import { refreshed } from '../../utils/pull-down';
import { earningsCard, type EarningsCardView } from './earnings';

/** The shortcuts open 我的订单 on their tab (shop/orders/tabs.ts); the order states show counts. */
const ORDER_SHORTCUTS = [
  { key: 'pending_payment', label: '待付款' },
  { key: 'paid', label: '待发货' },
  { key: 'shipped', label: '待收货' },
  { key: 'completed', label: '已完成' },
  { key: 'afterSale', label: '售后' },
];

interface ShortcutView {
  key: string;
  label: string;
  /** '' when there is nothing to count; "99+" above 99. */
  badge: string;
}

function shortcutsView(counts: Readonly<Record<string, number>>): ShortcutView[] {
  return ORDER_SHORTCUTS.map((shortcut) => {
    const count = counts[shortcut.key] ?? 0;
    return { ...shortcut, badge: count <= 0 ? '' : count > 99 ? '99+' : String(count) };
  });
}

interface MeView {
  nickname: string;
  displayName: string;
  avatarUrl: string;
  shareCode: string;
  referrerName: string;
  isDistributor: boolean;
  distributorTitle: string;
  distributorNote: string;
  earnings: EarningsCardView | null;
}

function toView(p: ProfileView): MeView {
  const { status, isDistributor, gradeName } = p.distributor;
  return {
    nickname: p.nickname,
    displayName: displayName(p.nickname),
    avatarUrl: p.avatarUrl,
    shareCode: p.shareCode,
    referrerName: p.referrer ? displayName(p.referrer.nickname) : '',
    isDistributor,
    distributorTitle: isDistributor ? '分销中心' : '成为分销员',
    distributorNote: isDistributor ? gradeName : (DISTRIBUTOR_STATUS_LABELS[status] ?? ''),
    earnings: earningsCard(p),
  };
}

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    me: null as MeView | null,
    shortcuts: shortcutsView({}),
    /** The 余额 cell's amount; '' until known (the cell opens the 余额 page all the same). */
    balance: '',
    localMode: false,
    testUsers: LOCAL_TEST_USERS.map((user) => ({ ...user, current: false })),
    /** The 积分 cell's note: the available points; '' hides the cell (points off, or not loaded). */
    points: '',
  },

  onShow() {
    void this.load();
  },

  onPullDownRefresh() {
    return refreshed(this.load());
  },

  async load() {
    this.showTestUsers();
    if (!this.data.me) this.setData({ status: 'loading' });
    const [result, counts, points, summary] = await Promise.all([
      profile.get(),
      order.counts(),
      profile.points({ limit: 1 }),
      wallet.summary(),
    ]);
    if (!result.ok) {
      this.setData({ status: 'error', message: result.error.message });
      return;
    }
    // The badges are a convenience: without counts the shortcuts still work.
    const known = counts.ok && typeof counts.data.counts === 'object' ? counts.data.counts : {};
    // Like the badges, the balance is a convenience: the cell opens the 余额 page without it.
    const balance =
      summary.ok && Number.isSafeInteger(summary.data.balanceFen) ? formatFen(summary.data.balanceFen) : '';
    this.setData({ status: 'ready', me: toView(result.data), shortcuts: shortcutsView(known), balance });
    // The 积分 cell is a convenience too: shown when the shop has points on and they loaded.
    const shown = points.ok && typeof points.data.rules === 'object' && points.data.rules.enabled;
    this.setData({ points: shown ? `${points.data.account.available} 积分` : '' });
  },

  showTestUsers() {
    const localMode = isLocalMode();
    const current = localMode ? currentTestUser() : '';
    this.setData({
      localMode,
      testUsers: LOCAL_TEST_USERS.map((user) => ({ ...user, current: user.openid === current })),
    });
  },

  async onNicknameBlur(event: WechatMiniprogram.InputBlur) {
    const nickname = event.detail.value.trim();
    if (!this.data.me || nickname === '' || nickname === this.data.me.nickname) return;
    await this.save({ nickname });
  },

  async onChooseAvatar(event: WechatMiniprogram.CustomEvent<{ avatarUrl: string }>) {
    const uploaded = await uploadAvatar(event.detail.avatarUrl);
    if (!uploaded.ok) {
      void wx.showToast({ title: uploaded.error.message, icon: 'none' });
      return;
    }
    await this.save({ avatarUrl: uploaded.data });
  },

  async save(change: { nickname?: string; avatarUrl?: string }) {
    const result = await profile.update(change);
    if (!result.ok) {
      void wx.showToast({ title: result.error.message, icon: 'none' });
      return;
    }
    this.setData({ me: toView(result.data) });
    void wx.showToast({ title: '已保存', icon: 'success' });
  },

  onShortcutTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { key: string }>) {
    void wx.navigateTo({ url: `/shop/orders/orders?status=${event.currentTarget.dataset.key}` });
  },

  onAllOrdersTap() {
    void wx.navigateTo({ url: '/shop/orders/orders' });
  },

  /** 余额, 我的优惠券, 领券中心 and 专属优惠券: each cell names its page. */
  onLinkTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
    void wx.navigateTo({ url: event.currentTarget.dataset.url });
  },

  onAddressTap() {
    void wx.navigateTo({ url: '/shop/addresses/addresses' });
  },

  onDistributorTap() {
    const url = this.data.me?.isDistributor ? '/distributor/center/center' : '/distributor/apply/apply';
    void wx.navigateTo({ url });
  },

  /** A tap on the earnings card opens the distributor center, with the figures in full. */
  onEarningsTap() {
    void wx.navigateTo({ url: '/distributor/center/center' });
  },

  onWithdrawTap() {
    void wx.navigateTo({ url: '/distributor/withdraw/withdraw' });
  },

  onEarningsDetailsTap() {
    void wx.navigateTo({ url: '/distributor/commissions/commissions' });
  },

  /** Catches the buttons' taps so that they do not bubble to the card and open the center too. */
  onEarningsActionsTap() {},

  onAdminTap() {
    void wx.navigateTo({ url: '/admin/index/index' });
  },

  onTestUserTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { openid: string }>) {
    setTestUser(event.currentTarget.dataset.openid);
    this.setData({ me: null });
    void this.load();
  },

  onRetry() {
    void this.load();
  },
});
