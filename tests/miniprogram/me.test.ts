/** 我的: profile, nickname and avatar, order shortcuts, the earnings card, the distributor entry, local test users. */
import {
  answerCalls,
  callsOf,
  fail,
  ok,
  renderPage,
  settle,
  stateText,
  tap,
  tapRetry,
  text,
  texts,
  wx,
} from './helpers';
import { profileView } from './fixtures';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('pages/me/me', () => {
  it('shows the profile from profile.get', async () => {
    answerCalls({
      'profile.get': ok(profileView({ referrer: { nickname: '小红', avatarUrl: '', bindingExpiresAt: null } })),
    });
    const page = await renderPage('pages/me/me');
    expect(callsOf('profile.get')).toEqual([{ $url: 'get' }]);
    expect(text(page, '.referrer')).toBe('推荐人：小红');
    expect(page.querySelector('.share-code')).toBeUndefined();
    expect(texts(page, '.shortcut')).toEqual(['待付款', '待发货', '待收货', '已完成', '售后']);
    expect(page.data.me.distributorTitle).toBe('成为分销员');
  });

  it('saves a new nickname with profile.update and shows the answer', async () => {
    answerCalls({
      'profile.get': ok(profileView({ nickname: '' })),
      'profile.update': (data: Record<string, unknown>) => ok(profileView({ nickname: String(data.nickname) })),
    });
    const page = await renderPage('pages/me/me');
    expect(page.data.me.displayName).toBe('微信用户');
    page.querySelector('.nickname-input')!.dispatchEvent('blur', { detail: { value: '  阿明 ' } });
    await settle(10);
    expect(callsOf('profile.update')).toEqual([{ $url: 'update', nickname: '阿明' }]);
    expect(page.data.me.nickname).toBe('阿明');
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已保存', icon: 'success' });
  });

  it('uploads a chosen avatar, then stores its file id', async () => {
    answerCalls({
      'profile.get': ok(profileView()),
      'profile.update': ok(profileView({ avatarUrl: 'cloud://test/avatar.png' })),
    });
    const page = await renderPage('pages/me/me');
    page.querySelector('.avatar-button')!.dispatchEvent('chooseavatar', { detail: { avatarUrl: 'http://tmp/a.jpg' } });
    await settle(10);
    expect(wx.cloud.uploadFile).toHaveBeenCalledWith(
      expect.objectContaining({ filePath: 'http://tmp/a.jpg', cloudPath: expect.stringMatching(/^avatars\/.+\.jpg$/) }),
    );
    expect(callsOf('profile.update')).toEqual([{ $url: 'update', avatarUrl: 'cloud://test/avatar.png' }]);
    expect(page.data.me.avatarUrl).toBe('cloud://test/avatar.png');
    expect(page.querySelector('.avatar-empty')).toBeUndefined();
  });

  it('leads a distributor to the distributor center and shows the share code', async () => {
    const distributor = {
      status: 'approved' as const,
      isDistributor: true,
      gradeId: 'silver',
      gradeName: '银牌分销员',
    };
    answerCalls({ 'profile.get': ok(profileView({ distributor })) });
    const page = await renderPage('pages/me/me');
    expect(text(page, '.share-code')).toBe('推广码：ABCD2345');
    await tap(page, '.distributor-entry', '.t-cell');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/distributor/center/center' });
  });

  it('leads anyone else to the application', async () => {
    answerCalls({ 'profile.get': ok(profileView()) });
    const page = await renderPage('pages/me/me');
    await tap(page, '.distributor-entry', '.t-cell');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/distributor/apply/apply' });
  });

  it('shows the order counts on the shortcuts and opens 我的订单 on their tab', async () => {
    answerCalls({
      'profile.get': ok(profileView()),
      'order.counts': ok({ counts: { pending_payment: 2, paid: 0, shipped: 120, completed: 5, closed: 1 } }),
    });
    const page = await renderPage('pages/me/me');
    expect(callsOf('order.counts')).toEqual([{ $url: 'counts' }]);
    expect(texts(page, '.shortcut')).toEqual(['待付款2', '待发货', '待收货99+', '已完成5', '售后']);
    await tap(page, '.shortcut');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/shop/orders/orders?status=pending_payment' });
    page.querySelectorAll('.shortcut')[4]!.dispatchEvent('tap');
    await settle(10);
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/shop/orders/orders?status=afterSale' });
    await tap(page, '.all-orders');
    expect(wx.navigateTo).toHaveBeenLastCalledWith({ url: '/shop/orders/orders' });
  });

  it('keeps the shortcuts without badges when the counts cannot be read, and opens the addresses', async () => {
    answerCalls({ 'profile.get': ok(profileView()) });
    const page = await renderPage('pages/me/me');
    expect(page.data.status).toBe('ready');
    expect(texts(page, '.badge')).toEqual([]);
    await tap(page, '.address-entry', '.t-cell');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/shop/addresses/addresses' });
  });

  it('shows the error and loads again on 重试', async () => {
    answerCalls({ 'profile.get': fail('UNAUTHENTICATED', '请在微信中打开') });
    const page = await renderPage('pages/me/me');
    expect(stateText(page)).toBe('加载失败 请在微信中打开');
    answerCalls({ 'profile.get': ok(profileView()) });
    await tapRetry(page);
    expect(callsOf('profile.get')).toHaveLength(2);
    expect(page.data.status).toBe('ready');
    expect(page.querySelector('.page-state')).toBeUndefined();
  });

  describe('the earnings card', () => {
    const approved = { status: 'approved' as const, isDistributor: true, gradeId: 'standard', gradeName: '普通分销员' };
    const withMoney = profileView({
      distributor: approved,
      balances: { frozenFen: 50_000, availableFen: 123_456, withdrawingFen: 2_000, withdrawnFen: 0 },
      earnings: { totalFen: 175_456 },
    });

    it("shows the account's balances and the earnings total, each through formatFen, above the links", async () => {
      answerCalls({ 'profile.get': ok(withMoney) });
      const page = await renderPage('pages/me/me');
      expect(callsOf('profile.get')).toHaveLength(1);
      expect(text(page, '.earnings-card .available')).toBe('¥1,234.56');
      expect(page.querySelector('.earnings-card .available.negative')).toBeUndefined();
      expect(page.querySelector('.negative-note')).toBeUndefined();
      expect(texts(page, '.earnings-card .balance')).toEqual(['¥500.00冻结中', '¥20.00提现中', '¥0.00已提现']);
      expect(text(page, '.earnings-total')).toBe('累计收益 ¥1,754.56');
      expect(text(page, '.earnings-actions')).toBe('提现明细');
      // Between the order shortcuts and the links.
      const order = page.dom!.outerHTML;
      expect(order.indexOf('shortcuts')).toBeGreaterThan(-1);
      expect(order.indexOf('earnings-card')).toBeGreaterThan(order.indexOf('shortcuts'));
      expect(order.indexOf('earnings-card')).toBeLessThan(order.indexOf('收货地址'));
    });

    it('is not shown to a user without an account, distributor or not', async () => {
      answerCalls({ 'profile.get': ok(profileView({ distributor: approved })) });
      const page = await renderPage('pages/me/me');
      expect(page.data.status).toBe('ready');
      expect(page.querySelector('.earnings-card')).toBeUndefined();
      expect(page.querySelector('.distributor-entry')).toBeDefined();
    });

    it('is shown to an exited distributor who keeps money, with a negative available balance explained', async () => {
      const exited = { status: 'exited' as const, isDistributor: false, gradeId: 'standard', gradeName: '普通分销员' };
      const balances = { frozenFen: 0, availableFen: -300, withdrawingFen: 0, withdrawnFen: 1_000 };
      answerCalls({ 'profile.get': ok(profileView({ distributor: exited, balances, earnings: { totalFen: 700 } })) });
      const page = await renderPage('pages/me/me');
      expect(text(page, '.earnings-card .available.negative')).toBe('-¥3.00');
      expect(text(page, '.negative-note')).toBe('佣金因退款被扣回，之后结算的佣金会先补足欠款');
      expect(texts(page, '.earnings-card .balance-value')).toEqual(['¥0.00', '¥0.00', '¥10.00']);
      expect(text(page, '.earnings-total')).toBe('累计收益 ¥7.00');
      // The cell still offers the application; the card still opens the center with the figures.
      expect(page.data.me.distributorTitle).toBe('成为分销员');
    });

    it('opens the distributor center on a tap on the card', async () => {
      answerCalls({ 'profile.get': ok(withMoney) });
      const page = await renderPage('pages/me/me');
      await tap(page, '.earnings-card .withdrawn');
      expect(wx.navigateTo).toHaveBeenCalledTimes(1);
      expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/distributor/center/center' });
    });

    it.each([
      ['.withdraw-button', '/distributor/withdraw/withdraw'],
      ['.details-button', '/distributor/commissions/commissions'],
    ])('%s opens %s alone: its tap does not reach the card', async (button, url) => {
      answerCalls({ 'profile.get': ok(withMoney) });
      const page = await renderPage('pages/me/me');
      await tap(page, button, '.t-button');
      expect(wx.navigateTo).toHaveBeenCalledTimes(1);
      expect(wx.navigateTo).toHaveBeenCalledWith({ url });
    });

    it("a tap on the buttons' row is caught there: WeChat bubbles a button's tap out of the component, and it must not open the center too", async () => {
      answerCalls({ 'profile.get': ok(withMoney) });
      const page = await renderPage('pages/me/me');
      await tap(page, '.earnings-actions');
      expect(wx.navigateTo).not.toHaveBeenCalled();
    });

    it('follows the saved profile: an update answering new balances redraws the card', async () => {
      answerCalls({
        'profile.get': ok(withMoney),
        'profile.update': ok({
          ...withMoney,
          nickname: '小明',
          balances: { ...withMoney.balances!, availableFen: 0, withdrawingFen: 125_456 },
        }),
      });
      const page = await renderPage('pages/me/me');
      page.querySelector('.nickname-input')!.dispatchEvent('blur', { detail: { value: '小明' } });
      await settle(10);
      expect(text(page, '.earnings-card .available')).toBe('¥0.00');
      expect(text(page, '.earnings-card .withdrawing')).toBe('¥1,254.56');
    });
  });
});
