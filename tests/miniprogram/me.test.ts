/** 我的: profile, nickname and avatar, order shortcuts, the distributor entry, local test users. */
import { answerCalls, callsOf, fail, ok, renderPage, settle, stateText, tap, tapRetry, text, texts, wx } from './helpers';
import { profileView } from './fixtures';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('pages/me/me', () => {
  it('shows the profile from profile.get', async () => {
    answerCalls({ 'profile.get': ok(profileView({ referrer: { nickname: '小红', avatarUrl: '', bindingExpiresAt: null } })) });
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
    answerCalls({ 'profile.get': ok(profileView()), 'profile.update': ok(profileView({ avatarUrl: 'cloud://test/avatar.png' })) });
    const page = await renderPage('pages/me/me');
    page.querySelector('.avatar-button')!.dispatchEvent('chooseavatar', { detail: { avatarUrl: 'http://tmp/a.jpg' } });
    await settle(10);
    expect(wx.cloud.uploadFile).toHaveBeenCalledWith(expect.objectContaining({ filePath: 'http://tmp/a.jpg', cloudPath: expect.stringMatching(/^avatars\/.+\.jpg$/) }));
    expect(callsOf('profile.update')).toEqual([{ $url: 'update', avatarUrl: 'cloud://test/avatar.png' }]);
    expect(page.data.me.avatarUrl).toBe('cloud://test/avatar.png');
    expect(page.querySelector('.avatar-empty')).toBeUndefined();
  });

  it('leads a distributor to the distributor center and shows the share code', async () => {
    const distributor = { status: 'approved' as const, isDistributor: true, gradeId: 'silver', gradeName: '银牌分销员' };
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
    answerCalls({ 'profile.get': ok(profileView()), 'order.counts': ok({ counts: { pending_payment: 2, paid: 0, shipped: 120, completed: 5, closed: 1 } }) });
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
});
