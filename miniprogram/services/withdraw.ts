/**
 * The `withdraw` function (提现): `request` a withdrawal, and for an approved WeChat transfer
 * (商家转账到零钱) the distributor's confirmation: `transfer` answers what
 * `wx.requestMerchantTransfer` needs, the WeChat confirmation page pays the money, and `sync`
 * applies the bill's outcome. Typed by shared/contracts/withdraw.ts; see docs/api.md (withdraw).
 *
 * `confirmTransfer` runs that whole confirmation so pages see one outcome. In local mode there is
 * no WeChat confirmation page: after a confirmation dialog the bill is confirmed in the
 * emulator's payout sandbox (`POST /_emulator/payouts/<outBillNo>/confirm`, the control plane
 * playing the user), found by its package among `GET /_emulator/payouts`, because the
 * distributor's view of a withdrawal does not carry our bill number.
 */
import type { TransferOutput, WITHDRAW_CONTRACTS, WithdrawalView } from '@shared/contracts/withdraw';
import type { RouteInput } from '@shared/routeTable';
import { LOCAL_EMULATOR_URL } from '../config';
import { callRoute, isLocalMode, NETWORK } from './call';

/** `requestId` is made once per withdrawal (utils/request-id.ts) and sent again on every retry of it. */
export const requestWithdrawal = (input: RouteInput<typeof WITHDRAW_CONTRACTS, 'request'>) =>
  callRoute('withdraw', 'request', input);
export const transfer = (withdrawalId: string) => callRoute('withdraw', 'transfer', { withdrawalId });
export const syncWithdrawal = (withdrawalId: string) => callRoute('withdraw', 'sync', { withdrawalId });

/**
 * - synced: the distributor confirmed and `sync` answered the withdrawal as it now stands;
 * - unsynced: confirmed, but `sync` got no answer; the withdrawal catches up later (the timer
 *   syncs paying transfers, and the history page syncs again on 确认收款);
 * - cancelled: the distributor closed the confirmation page; the transfer still waits;
 * - failed: nothing was confirmed, with the reason.
 */
export type ConfirmOutcome =
  | { status: 'synced'; withdrawal: WithdrawalView }
  | { status: 'unsynced'; message: string }
  | { status: 'cancelled' }
  | { status: 'failed'; code: string; message: string };

type Confirmation =
  { status: 'confirmed' } | { status: 'cancelled' } | { status: 'failed'; code: string; message: string };

/** Codes of confirmations that failed on the device (the function answers its own codes). */
export const TRANSFER_UNSUPPORTED = 'TRANSFER_UNSUPPORTED';
export const CONFIRM_FAILED = 'CONFIRM_FAILED';

function requestMerchantTransfer(info: TransferOutput): Promise<Confirmation> {
  if (typeof wx.requestMerchantTransfer !== 'function') {
    return Promise.resolve({
      status: 'failed',
      code: TRANSFER_UNSUPPORTED,
      message: '当前微信版本过低，请升级后再确认收款',
    });
  }
  return new Promise((resolve) => {
    wx.requestMerchantTransfer({
      mchId: info.mchId,
      appId: info.appId,
      package: info.packageInfo,
      success: () => resolve({ status: 'confirmed' }),
      fail: (error: WechatMiniprogram.GeneralCallbackResult) =>
        resolve(
          /cancel/i.test(error.errMsg)
            ? { status: 'cancelled' }
            : { status: 'failed', code: CONFIRM_FAILED, message: '确认收款失败，请稍后重试' },
        ),
    });
  });
}

function controlPlane<T>(
  method: 'GET' | 'POST',
  path: string,
): Promise<{ statusCode: number; body: T | undefined } | null> {
  return new Promise((resolve) => {
    wx.request({
      url: `${LOCAL_EMULATOR_URL}/_emulator${path}`,
      method,
      header: { 'content-type': 'application/json' },
      data: method === 'POST' ? {} : undefined,
      success: (response) => resolve({ statusCode: response.statusCode, body: response.data as T | undefined }),
      fail: () => resolve(null),
    });
  });
}

/** Plays the user on the emulator's payout sandbox: confirms the bill with this package. */
async function sandboxConfirm(packageInfo: string): Promise<Confirmation> {
  const listed = await controlPlane<{ payouts?: Array<{ outBillNo: string; packageInfo: string }> }>('GET', '/payouts');
  if (!listed) return { status: 'failed', code: NETWORK, message: '网络不给力，请稍后重试' };
  const bill = listed.body?.payouts?.find((payout) => payout.packageInfo === packageInfo);
  if (!bill) return { status: 'failed', code: CONFIRM_FAILED, message: '模拟器中找不到这笔转账' };
  const confirmed = await controlPlane<unknown>('POST', `/payouts/${encodeURIComponent(bill.outBillNo)}/confirm`);
  if (!confirmed) return { status: 'failed', code: NETWORK, message: '网络不给力，请稍后重试' };
  if (confirmed.statusCode === 200) return { status: 'confirmed' };
  return { status: 'failed', code: CONFIRM_FAILED, message: `模拟确认收款失败（HTTP ${confirmed.statusCode}）` };
}

async function localConfirm(info: TransferOutput): Promise<Confirmation> {
  const answer = await wx.showModal({
    title: '本地模式',
    content: '使用模拟器的转账沙箱确认收款？',
    confirmText: '确认收款',
    cancelText: '取消',
  });
  return answer.confirm ? sandboxConfirm(info.packageInfo) : { status: 'cancelled' };
}

/** 确认收款: transfer → the WeChat confirmation page (or the sandbox) → sync; never throws. */
export async function confirmTransfer(withdrawalId: string): Promise<ConfirmOutcome> {
  const info = await transfer(withdrawalId);
  if (!info.ok) return { status: 'failed', ...info.error };
  const confirmation = isLocalMode() ? await localConfirm(info.data) : await requestMerchantTransfer(info.data);
  if (confirmation.status !== 'confirmed') return confirmation;
  const synced = await syncWithdrawal(withdrawalId);
  if (!synced.ok) return { status: 'unsynced', message: '已确认收款，到账状态稍后更新' };
  return { status: 'synced', withdrawal: synced.data.withdrawal };
}
