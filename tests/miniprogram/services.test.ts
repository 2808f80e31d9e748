/**
 * The service layer: one typed call over wx.cloud.callFunction, transport failures as stable
 * codes, and local mode (the emulator's control plane of `npm start`, as a chosen test user).
 */
import type { Result } from '@shared/result';
import { wx } from './helpers';

interface CallModule {
  call(name: string, data: object): Promise<Result<unknown>>;
  isLocalMode(): boolean;
  setTestUser(openid: string): void;
}
interface ServiceModules {
  profile: { profile: { get(): Promise<Result<unknown>>; update(input: object): Promise<Result<unknown>> } };
  distributor: {
    distributor: { team(input: object): Promise<Result<unknown>>; ranking(input: object): Promise<Result<unknown>> };
  };
  admin: { admin(route: string, input: object): Promise<Result<unknown>> };
  poster: { poster(input: object): Promise<Result<unknown>> };
  bindReferrer: { bindReferrer(input: object): Promise<Result<unknown>> };
}

const SERVICES = '../../miniprogram/services';

/** Loads the service layer afresh, with the LOCAL_MODE flag as given. */
function load(localMode: boolean): CallModule & { services: ServiceModules } {
  let loaded: (CallModule & { services: ServiceModules }) | undefined;
  jest.isolateModules(() => {
    jest.doMock('../../miniprogram/config', () => ({
      ...jest.requireActual('../../miniprogram/config'),
      LOCAL_MODE: localMode,
    }));
    const services: ServiceModules = {
      profile: require(`${SERVICES}/profile`),
      distributor: require(`${SERVICES}/distributor`),
      admin: require(`${SERVICES}/admin`),
      poster: require(`${SERVICES}/poster`),
      bindReferrer: require(`${SERVICES}/bindReferrer`),
    };
    loaded = { ...(require(`${SERVICES}/call`) as CallModule), services };
  });
  return loaded!;
}

function developVersion(envVersion: string): void {
  wx.getAccountInfoSync.mockReturnValue({ miniProgram: { appId: 'touristappid', envVersion, version: '' } });
}

/** Makes wx.request answer like the control plane: status and body. */
function controlPlaneAnswers(statusCode: number, body: unknown): void {
  wx.request.mockImplementation((options: { success(response: unknown): void }) => {
    options.success({ statusCode, data: body, header: {}, cookies: [], errMsg: 'request:ok' });
  });
}

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
  developVersion('release');
});

describe('services over wx.cloud', () => {
  it('sends each route as { $url, ...input } and answers the Result as it is', async () => {
    const { services } = load(false);
    wx.cloud.callFunction.mockResolvedValue({
      result: { ok: true, data: { members: [] } },
      errMsg: 'cloud.callFunction:ok',
    });
    await expect(services.distributor.distributor.team({ page: 2, pageSize: 10 })).resolves.toEqual({
      ok: true,
      data: { members: [] },
    });
    expect(wx.cloud.callFunction).toHaveBeenCalledWith({
      name: 'distributor',
      data: { $url: 'team', page: 2, pageSize: 10 },
    });

    wx.cloud.callFunction.mockResolvedValue({
      result: { ok: false, error: { code: 'FORBIDDEN', message: '仅限管理员' } },
    });
    await expect(services.admin.admin('listAdmins', {})).resolves.toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: '仅限管理员' },
    });
    expect(wx.cloud.callFunction).toHaveBeenLastCalledWith({ name: 'admin', data: { $url: 'listAdmins' } });
  });

  it('sends functions without routes their input alone', async () => {
    const { services } = load(false);
    wx.cloud.callFunction.mockResolvedValue({ result: { ok: true, data: {} } });
    await services.poster.poster({ page: 'home' });
    await services.bindReferrer.bindReferrer({ shareCode: 'ABCD2345' });
    expect(wx.cloud.callFunction.mock.calls.map(([options]) => options)).toEqual([
      { name: 'poster', data: { page: 'home' } },
      { name: 'bindReferrer', data: { shareCode: 'ABCD2345' } },
    ]);
  });

  it('maps a call that did not get through to NETWORK and a failed function to FUNCTION_FAILED', async () => {
    const { call } = load(false);
    wx.cloud.callFunction.mockRejectedValueOnce({ errMsg: 'cloud.callFunction:fail request:fail timeout' });
    await expect(call('profile', { $url: 'get' })).resolves.toEqual({
      ok: false,
      error: { code: 'NETWORK', message: '网络不给力，请稍后重试' },
    });
    wx.cloud.callFunction.mockRejectedValueOnce({
      errMsg: 'cloud.callFunction:fail Error: errCode: -504002 functions execute fail',
    });
    await expect(call('profile', { $url: 'get' })).resolves.toEqual({
      ok: false,
      error: { code: 'FUNCTION_FAILED', message: '服务暂时不可用，请稍后重试' },
    });
  });

  it('refuses an answer that is not a Result', async () => {
    const { call } = load(false);
    wx.cloud.callFunction.mockResolvedValue({ result: 'hello' });
    await expect(call('profile', { $url: 'get' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'FUNCTION_FAILED' },
    });
    wx.cloud.callFunction.mockResolvedValue({ result: { ok: false } });
    await expect(call('profile', { $url: 'get' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'FUNCTION_FAILED' },
    });
  });
});

describe('local mode', () => {
  it('is off in the committed configuration', () => {
    const config = jest.requireActual('../../miniprogram/config') as { LOCAL_MODE: boolean };
    expect(config.LOCAL_MODE).toBe(false);
    developVersion('develop');
    expect(load(false).isLocalMode()).toBe(false);
  });

  it('stays off outside the develop version even when the flag is on', () => {
    const { isLocalMode } = load(true);
    developVersion('trial');
    expect(isLocalMode()).toBe(false);
    developVersion('release');
    expect(isLocalMode()).toBe(false);
    developVersion('develop');
    expect(isLocalMode()).toBe(true);
  });

  it('sends the same call to the control plane as the chosen test user', async () => {
    developVersion('develop');
    const { services, setTestUser } = load(true);
    controlPlaneAnswers(200, { result: { ok: true, data: { nickname: '阿明' } }, invocation: { id: 'i1' } });
    await expect(services.profile.profile.get()).resolves.toEqual({ ok: true, data: { nickname: '阿明' } });
    expect(wx.cloud.callFunction).not.toHaveBeenCalled();
    expect(wx.request).toHaveBeenCalledWith(
      expect.objectContaining({
        url: 'http://127.0.0.1:8787/_emulator/functions/profile',
        method: 'POST',
        data: { data: { $url: 'get' }, openid: 'oDEV_SHOPPER' },
      }),
    );
    setTestUser('oDEV_ADMIN');
    await services.profile.profile.update({ nickname: '店长' });
    expect(wx.request.mock.calls[1]?.[0]).toMatchObject({
      data: { data: { $url: 'update', nickname: '店长' }, openid: 'oDEV_ADMIN' },
    });
  });

  it('maps the control plane failures to the same codes as the cloud', async () => {
    developVersion('develop');
    const { call } = load(true);
    controlPlaneAnswers(502, { error: { code: 'FUNCTIONS_EXECUTE_FAIL', message: 'Error: boom' } });
    await expect(call('profile', { $url: 'get' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'FUNCTION_FAILED' },
    });
    controlPlaneAnswers(404, { error: { code: 'FUNCTION_NOT_FOUND', message: 'no such function' } });
    await expect(call('profile', { $url: 'get' })).resolves.toMatchObject({ ok: false, error: { code: 'NETWORK' } });
    wx.request.mockImplementation((options: { fail(error: unknown): void }) =>
      options.fail({ errMsg: 'request:fail connect ECONNREFUSED' }),
    );
    await expect(call('profile', { $url: 'get' })).resolves.toMatchObject({ ok: false, error: { code: 'NETWORK' } });
  });
});
