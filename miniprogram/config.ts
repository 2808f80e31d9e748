/**
 * Build-time configuration of the mini-program. Everything here is read by services/call.ts.
 *
 * LOCAL_MODE is a development switch: when true (and only in the develop version, see
 * isLocalMode), every cloud function call goes with wx.request to the emulator's control plane
 * of `npm start` instead of wx.cloud, as the test user chosen on the 我的 page. It must be false
 * in what is committed and uploaded: tests/miniprogram/config.test.ts fails otherwise.
 */

/** Development only: send cloud function calls to the local emulator. Keep false in commits. */
export const LOCAL_MODE = false;

/** The emulator started by `npm start` (DevTools needs 不校验合法域名 to reach it). */
export const LOCAL_EMULATOR_URL = 'http://127.0.0.1:8787';

/** Test users offered in local mode: any OPENID works, the emulator creates users on first use. */
export const LOCAL_TEST_USERS: ReadonlyArray<{ openid: string; label: string }> = [
  { openid: 'oDEV_SHOPPER', label: '顾客' },
  { openid: 'oDEV_DISTRIBUTOR', label: '分销员' },
  { openid: 'oDEV_ADMIN', label: '管理员' },
];

/** The CloudBase environment id; empty means the default environment of the mini-program. */
export const CLOUD_ENV_ID = '';
