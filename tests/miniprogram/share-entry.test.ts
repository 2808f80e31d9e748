/**
 * Entry by share (app.ts + utils/share-entry.ts): the share code of a mini-program code's scene
 * or a link's `r` goes to storage, then to bindReferrer exactly once; refusals are dropped
 * quietly, transport failures keep the code for the next show.
 */
import { answerCalls, callsOf, fail, ok, settle, wx } from './helpers';

const PENDING = 'share.pendingCode';

interface AppOptions {
  onLaunch(options: { path: string; query: Record<string, string>; scene: number }): void;
  onShow(options: { path: string; query: Record<string, string>; scene: number }): void;
  onPageNotFound(): void;
}

/** Runs app.ts afresh (module state included) and answers the App() options it registered. */
function launchApp(): AppOptions {
  jest.isolateModules(() => {
    require('../../miniprogram/app');
  });
  return (globalThis as unknown as { getApp(): AppOptions }).getApp();
}

const bound = ok({
  status: 'bound',
  referrer: { nickname: '小红', avatarUrl: '', shareCode: 'ABCD2345' },
  bindingExpiresAt: null,
});
const fromScene = (scene: string) => ({
  path: 'pages/index/index',
  query: { scene: encodeURIComponent(scene) },
  scene: 1047,
});
const fromLink = (query: Record<string, string>) => ({ path: 'pages/index/index', query, scene: 1007 });

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

describe('entry by share', () => {
  it('binds the referrer of a scanned code once, though launch and show both see it', async () => {
    answerCalls({ bindReferrer: bound });
    const app = launchApp();
    app.onLaunch(fromScene('r=abcd2345&p=p-longjing'));
    app.onShow(fromScene('r=abcd2345&p=p-longjing'));
    await settle();
    expect(callsOf('bindReferrer')).toEqual([{ shareCode: 'ABCD2345' }]);
    expect(wx.getStorageSync(PENDING)).toBe('');
    app.onShow({ path: 'pages/me/me', query: {}, scene: 1001 });
    await settle();
    expect(callsOf('bindReferrer')).toHaveLength(1);
  });

  it('takes the code of a share link from `r`', async () => {
    answerCalls({ bindReferrer: bound });
    launchApp().onLaunch(fromLink({ r: 'WXYZ2345' }));
    await settle();
    expect(callsOf('bindReferrer')).toEqual([{ shareCode: 'WXYZ2345' }]);
  });

  it('ignores entries without a valid share code', async () => {
    answerCalls({ bindReferrer: bound });
    const app = launchApp();
    app.onLaunch(fromLink({ r: 'not-a-code' }));
    app.onShow(fromScene('x=1'));
    await settle();
    expect(wx.cloud.callFunction).not.toHaveBeenCalled();
  });

  it('keeps the code through a transport failure and sends it on the next show', async () => {
    wx.cloud.callFunction.mockRejectedValueOnce({ errMsg: 'cloud.callFunction:fail request:fail' });
    const app = launchApp();
    app.onLaunch(fromScene('r=ABCD2345'));
    await settle();
    expect(wx.getStorageSync(PENDING)).toBe('ABCD2345');
    answerCalls({ bindReferrer: bound });
    app.onShow({ path: 'pages/index/index', query: {}, scene: 1001 });
    await settle();
    expect(callsOf('bindReferrer')).toEqual([{ shareCode: 'ABCD2345' }, { shareCode: 'ABCD2345' }]);
    expect(wx.getStorageSync(PENDING)).toBe('');
  });

  it('drops a refused code quietly', async () => {
    answerCalls({ bindReferrer: fail('ALREADY_BOUND', '你已绑定推荐人') });
    const app = launchApp();
    app.onLaunch(fromLink({ r: 'ABCD2345' }));
    await settle();
    expect(wx.getStorageSync(PENDING)).toBe('');
    expect(wx.showToast).not.toHaveBeenCalled();
    expect(wx.showModal).not.toHaveBeenCalled();
  });

  it('keeps a newer share that arrives while the first is being sent', async () => {
    let answer: (value: unknown) => void = () => undefined;
    wx.cloud.callFunction.mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)));
    const app = launchApp();
    app.onLaunch(fromLink({ r: 'ABCD2345' }));
    app.onShow(fromLink({ r: 'WXYZ2345' }));
    answer({ result: bound });
    await settle();
    expect(wx.getStorageSync(PENDING)).toBe('WXYZ2345');
  });

  it('goes home when a code points at a page this version does not have', () => {
    launchApp().onPageNotFound();
    expect(wx.switchTab).toHaveBeenCalledWith({ url: '/pages/index/index' });
  });
});
