/**
 * Entry by share (扫码 / 分享进入): a shopper who opens the mini-program from a distributor's
 * share link (`?r=<share code>`) or mini-program code (`scene` = `r=<code>[&p=<productId>]`) is
 * bound to that distributor (推荐人) by the bindReferrer function.
 *
 * The code is kept in storage from the moment it is seen until bindReferrer has answered, so a
 * shopper who arrives offline or closes the mini-program at once is still bound later. The
 * caller's identity is the OPENID WeChat injects into every call and bindReferrer creates the
 * user when needed, so there is nothing else to wait for. One call at a time: onLaunch and
 * onShow both flush at startup, and the second finds the first in flight.
 */
import { decodeScene, SHARE_CODE_PATTERN } from '@shared/shareCode';
import { bindReferrer } from '../services/bindReferrer';
import { isTransportFailure } from '../services/call';

export const PENDING_SHARE_CODE_KEY = 'share.pendingCode';

/**
 * bindReferrer's BIND_CONFLICT means "the binding changed twice under the call; retry", so it
 * waits for the next try like a transport failure. Every other refusal (ALREADY_BOUND,
 * SELF_BINDING, UNKNOWN_CODE, ...) is final for this code and dropped without a word: a shopper
 * who followed a link has nothing to fix.
 */
const RETRY_LATER_CODES = ['BIND_CONFLICT'];

export type BindOutcome = 'none' | 'bound' | 'unchanged' | 'refused' | 'retryLater';

type Query = Record<string, string | undefined>;

/** The share code a launch or show carries, from `scene` (mini-program code) or `r` (link). */
export function shareCodeFromQuery(query: Query | undefined): string | undefined {
  if (!query) return undefined;
  if (query.scene) {
    const scene = decodeScene(query.scene);
    if (scene) return scene.shareCode;
  }
  const code = query.r?.trim().toUpperCase();
  return code && SHARE_CODE_PATTERN.test(code) ? code : undefined;
}

/** Remembers the share code of this entry, if any; a newer share replaces an older pending one. */
export function captureShareEntry(query: Query | undefined): string | undefined {
  const code = shareCodeFromQuery(query);
  if (code) wx.setStorageSync(PENDING_SHARE_CODE_KEY, code);
  return code;
}

let inFlight: Promise<BindOutcome> | undefined;

async function bindPending(code: string): Promise<BindOutcome> {
  const result = await bindReferrer({ shareCode: code });
  if (!result.ok && (isTransportFailure(result) || RETRY_LATER_CODES.includes(result.error.code))) return 'retryLater';
  // Only drop the code that was sent: a newer share that arrived meanwhile is still to be sent.
  if (wx.getStorageSync(PENDING_SHARE_CODE_KEY) === code) wx.removeStorageSync(PENDING_SHARE_CODE_KEY);
  return result.ok ? result.data.status : 'refused';
}

/** Sends the pending share code to bindReferrer, once; answers what happened. */
export function flushPendingBinding(): Promise<BindOutcome> {
  if (inFlight) return inFlight;
  const code: unknown = wx.getStorageSync(PENDING_SHARE_CODE_KEY);
  if (typeof code !== 'string' || code === '') return Promise.resolve('none');
  inFlight = bindPending(code).finally(() => {
    inFlight = undefined;
  });
  return inFlight;
}
