/**
 * Local mode end to end: the mini-program's own service layer and entry-by-share code, run
 * under Node with a `wx` whose wx.request is a real HTTP request, against the emulator's
 * control plane with the built cloud functions (what WeChat DevTools does against `npm start`).
 * A shopper applies, an admin approves, a second shopper arrives by the first one's mini-program
 * code and is bound to them.
 */
import type { Result } from '@shared/result';
import { useEmulator } from '../../helpers/emulator';

type Service = (...args: any[]) => Promise<Result<any>>;
interface Modules {
  call: { call: Service; setTestUser(openid: string): void; isLocalMode(): boolean };
  profile: { profile: { get: Service; update: Service } };
  distributor: { distributor: { apply: Service; center: Service; team: Service } };
  admin: { admin: Service };
  share: {
    captureShareEntry(query: Record<string, string>): string | undefined;
    flushPendingBinding(): Promise<string>;
  };
}

const fixture = useEmulator();
const store = new Map<string, unknown>();
let modules: Modules;

/** The slice of wx the services use in local mode; wx.request goes over HTTP with fetch. */
function installWx(): void {
  (globalThis as any).wx = {
    getAccountInfoSync: () => ({ miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' } }),
    getStorageSync: (key: string) => (store.has(key) ? store.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void store.set(key, value),
    removeStorageSync: (key: string) => void store.delete(key),
    request: (options: {
      url: string;
      method: string;
      header: Record<string, string>;
      data: unknown;
      success(r: unknown): void;
      fail(e: unknown): void;
    }) => {
      fetch(options.url, { method: options.method, headers: options.header, body: JSON.stringify(options.data) })
        .then(async (response) =>
          options.success({
            statusCode: response.status,
            data: await response.json(),
            header: {},
            errMsg: 'request:ok',
          }),
        )
        .catch((error: unknown) => options.fail({ errMsg: `request:fail ${String(error)}` }));
    },
  };
}

beforeAll(() => {
  installWx();
  jest.doMock('../../../miniprogram/config', () => ({
    ...jest.requireActual('../../../miniprogram/config'),
    LOCAL_MODE: true,
    LOCAL_EMULATOR_URL: fixture.emu.url,
  }));
  modules = {
    call: require('../../../miniprogram/services/call'),
    profile: require('../../../miniprogram/services/profile'),
    distributor: require('../../../miniprogram/services/distributor'),
    admin: require('../../../miniprogram/services/admin'),
    share: require('../../../miniprogram/utils/share-entry'),
  };
});

afterAll(() => {
  delete (globalThis as any).wx;
});

function as(openid: string): void {
  modules.call.setTestUser(openid);
}

describe('local mode against the emulator', () => {
  it('runs the apply → approve → share → bind journey through the services', async () => {
    expect(modules.call.isLocalMode()).toBe(true);
    fixture.emu.insert('admins', [{ _id: 'oLOCAL_ADMIN', addedBy: 'setup', addedAt: new Date(), note: 'local' }]);

    as('oLOCAL_A');
    const me = await modules.profile.profile.update({ nickname: '阿明' });
    expect(me).toMatchObject({
      ok: true,
      data: { nickname: '阿明', distributor: { status: 'none', isDistributor: false } },
    });
    const shareCode = me.ok ? (me.data.shareCode as string) : '';
    expect(shareCode).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{8}$/);
    const applied = await modules.distributor.distributor.apply({
      form: { realName: '王小明', phone: '138 0013 8000' },
    });
    expect(applied).toMatchObject({
      ok: true,
      data: { distributorStatus: 'pending', application: { form: { phone: '13800138000' } } },
    });

    as('oLOCAL_ADMIN');
    const pending = await modules.admin.admin('listApplications', { status: 'pending' });
    expect(pending.ok && pending.data.items.map((item: { userId: string }) => item.userId)).toEqual(['oLOCAL_A']);
    const applicationId = pending.ok ? pending.data.items[0].id : '';
    await expect(
      modules.admin.admin('reviewApplication', { applicationId, decision: 'approve' }),
    ).resolves.toMatchObject({ ok: true, data: { status: 'reviewed' } });

    as('oLOCAL_B');
    expect(modules.share.captureShareEntry({ scene: encodeURIComponent(`r=${shareCode.toLowerCase()}`) })).toBe(
      shareCode,
    );
    await expect(modules.share.flushPendingBinding()).resolves.toBe('bound');
    await expect(modules.profile.profile.get()).resolves.toMatchObject({
      ok: true,
      data: { referrer: { nickname: '阿明' } },
    });

    as('oLOCAL_A');
    await expect(modules.distributor.distributor.team({})).resolves.toMatchObject({
      ok: true,
      data: { directMembers: 1, members: [{ nickname: '' }] },
    });
  });

  it('answers the functions refusals as they are, and transport failures with stable codes', async () => {
    as('oLOCAL_B');
    await expect(modules.admin.admin('listAdmins', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    await expect(modules.call.call('noSuchFunction', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'NETWORK' },
    });
  });
});
