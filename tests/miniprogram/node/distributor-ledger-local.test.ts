/**
 * 提现 in local mode end to end: the mini-program's own withdraw and distributor services, under
 * Node with a `wx` whose wx.request is real HTTP, against the emulator with the built functions
 * and its payout sandbox (what WeChat DevTools does against `npm start`). A distributor asks for
 * a withdrawal, a lost answer is retried with the same request id, the merchant approves, the
 * history shows 确认收款, and confirmTransfer confirms the bill in the sandbox and syncs it.
 */
import type { Result } from '@shared/result';
import { seedRules, seedUsers } from '../../helpers/referrals';
import { account, checkLedger, seedBalance, useWithdrawEmulator, withdrawRules } from '../../ledger/withdraw-fixture';

type Service = (...args: any[]) => Promise<any>;
interface Modules {
  call: { setTestUser(openid: string): void };
  withdraw: { requestWithdrawal: Service; confirmTransfer: Service };
  distributor: { distributor: { withdrawals: Service; center: Service } };
}

const f = useWithdrawEmulator();
const store = new Map<string, unknown>();
let modules: Modules;

function installWx(): void {
  (globalThis as any).wx = {
    getAccountInfoSync: () => ({ miniProgram: { appId: 'touristappid', envVersion: 'develop', version: '' } }),
    getStorageSync: (key: string) => (store.has(key) ? store.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void store.set(key, value),
    removeStorageSync: (key: string) => void store.delete(key),
    // The sandbox dialog of local mode: the distributor confirms.
    showModal: async () => ({ confirm: true, cancel: false }),
    request: (options: {
      url: string;
      method: string;
      header: Record<string, string>;
      data: unknown;
      success(r: unknown): void;
      fail(e: unknown): void;
    }) => {
      const body = options.method === 'GET' ? {} : { body: JSON.stringify(options.data) };
      fetch(options.url, { method: options.method, headers: options.header, ...body })
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
    LOCAL_EMULATOR_URL: f.emu.url,
  }));
  modules = {
    call: require('../../../miniprogram/services/call'),
    withdraw: require('../../../miniprogram/services/withdraw'),
    distributor: require('../../../miniprogram/services/distributor'),
  };
});

afterAll(() => {
  delete (globalThis as any).wx;
});

beforeEach(() => {
  f.emu.reset();
  seedRules(f.emu, withdrawRules({ feeBp: 60 }));
  seedUsers(f.emu, [
    { id: 'oLOCAL_DIST', status: 'approved', nickname: '小王' },
    { id: 'oLOCAL_ADMIN', status: 'none', nickname: '店长' },
  ]);
  f.emu.insert('admins', [{ _id: 'oLOCAL_ADMIN', addedBy: 'setup', addedAt: new Date(), note: '' }]);
  seedBalance(f, 'oLOCAL_DIST', 10_000);
});

describe('withdrawal and 确认收款 in local mode', () => {
  it('requests once across a retry, then confirms the approved transfer through the payout sandbox', async () => {
    modules.call.setTestUser('oLOCAL_DIST');
    const first: Result<any> = await modules.withdraw.requestWithdrawal({
      requestId: 'local-req-0001',
      amountFen: 5_000,
      channel: 'wechatTransfer',
    });
    expect(first).toMatchObject({
      ok: true,
      data: { status: 'created', withdrawal: { status: 'reviewing', feeFen: 30, payoutFen: 4_970 } },
    });
    // The retry a lost answer would cause: the same withdrawal, nothing new.
    const retried: Result<any> = await modules.withdraw.requestWithdrawal({
      requestId: 'local-req-0001',
      amountFen: 5_000,
      channel: 'wechatTransfer',
    });
    expect(retried).toMatchObject({ ok: true, data: { status: 'replayed' } });
    expect(account(f, 'oLOCAL_DIST')).toMatchObject({ availableFen: 5_000, withdrawingFen: 5_000 });
    const id = first.ok ? (first.data.withdrawal.id as string) : '';

    await expect(f.admin('oLOCAL_ADMIN', 'approveWithdrawal', { withdrawalId: id })).resolves.toMatchObject({
      ok: true,
      data: { withdrawal: { status: 'paying' } },
    });
    const history: Result<any> = await modules.distributor.distributor.withdrawals({});
    expect(history).toMatchObject({
      ok: true,
      data: { withdrawals: [{ id, status: 'paying', packageInfo: expect.any(String) }] },
    });

    const outcome = await modules.withdraw.confirmTransfer(id);
    expect(outcome).toMatchObject({
      status: 'synced',
      withdrawal: { id, status: 'withdrawn', transferState: 'SUCCESS' },
    });
    expect(account(f, 'oLOCAL_DIST')).toMatchObject({ availableFen: 5_000, withdrawingFen: 0, withdrawnFen: 5_000 });
    checkLedger(f);

    // Once withdrawn there is nothing left to confirm.
    await expect(modules.withdraw.confirmTransfer(id)).resolves.toMatchObject({
      status: 'failed',
      code: 'NOT_AWAITING_CONFIRMATION',
    });
  });
});
