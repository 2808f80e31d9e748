/** 我的 in local mode: the dev panel lists the test users and switching one reloads the profile as them. */
import { ok, renderPage, settle, texts, wx } from './helpers';
import { profileView } from './fixtures';

jest.mock('../../miniprogram/config', () => ({ ...jest.requireActual('../../miniprogram/config'), LOCAL_MODE: true }));

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
  wx.getAccountInfoSync.mockReturnValue({ miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' } });
  // The control plane answers each user with a profile named after their OPENID.
  wx.request.mockImplementation((options: { data: { openid: string }; success(response: unknown): void }) => {
    options.success({ statusCode: 200, data: { result: ok(profileView({ nickname: options.data.openid })) } });
  });
});

describe('pages/me/me in local mode', () => {
  it('offers the test users and calls the emulator as the chosen one', async () => {
    const page = await renderPage('pages/me/me');
    expect(texts(page, '.test-user')).toEqual([
      '顾客（oDEV_SHOPPER）',
      '分销员（oDEV_DISTRIBUTOR）',
      '管理员（oDEV_ADMIN）',
    ]);
    expect(texts(page, '.test-user.current')).toEqual(['顾客（oDEV_SHOPPER）']);
    expect(page.data.me.nickname).toBe('oDEV_SHOPPER');
    expect(wx.cloud.callFunction).not.toHaveBeenCalled();

    page.querySelectorAll('.test-user')[2]!.dispatchEvent('tap');
    await settle(10);
    expect(wx.request).toHaveBeenCalledWith(
      expect.objectContaining({
        url: 'http://127.0.0.1:8787/_emulator/functions/profile',
        data: { data: { $url: 'get' }, openid: 'oDEV_ADMIN' },
      }),
    );
    expect(page.data.me.nickname).toBe('oDEV_ADMIN');
    expect(texts(page, '.test-user.current')).toEqual(['管理员（oDEV_ADMIN）']);
  });

  it('says avatar upload is not available locally', async () => {
    const page = await renderPage('pages/me/me');
    page.querySelector('.avatar-button')!.dispatchEvent('chooseavatar', { detail: { avatarUrl: 'http://tmp/a.jpg' } });
    await settle(10);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '本地模式暂不支持上传头像', icon: 'none' });
    expect(wx.cloud.uploadFile).not.toHaveBeenCalled();
  });
});
