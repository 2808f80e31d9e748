/**
 * The platform's privacy prompt, answered by our own popup (components/privacy-popup). Before a
 * user has agreed to the mini-program's 用户隐私保护指引, WeChat holds every privacy API (avatar,
 * nickname, album, clipboard, files) and raises onNeedPrivacyAuthorization; the API goes on when
 * the listener answers `agree` (after the user tapped the agreePrivacyAuthorization button) and
 * fails when it answers `disagree`. Only the popup of the page in front answers: each popup makes
 * itself the front one when its page shows and steps back when the page hides or unloads.
 */

/** What the listener answers the platform (the resolve function it is handed). */
export type PrivacyResolve = (answer: {
  event: 'agree' | 'disagree' | 'exposureAuthorization';
  buttonId?: string;
}) => void;

/** A popup that can ask the user; `referrer` is the API or component that asked (e.g. "setClipboardData"). */
export interface PrivacyAsker {
  ask(resolve: PrivacyResolve, referrer: string): void;
}

type PrivacyWx = {
  onNeedPrivacyAuthorization?: (listener: (resolve: PrivacyResolve, info?: { referrer?: string }) => void) => void;
};

let front: PrivacyAsker | null = null;
let listening = false;

/** Makes `asker` the popup that answers the next privacy prompt, listening once for the app. */
export function takePrivacyFront(asker: PrivacyAsker): void {
  front = asker;
  const platform = wx as unknown as PrivacyWx;
  // Base libraries before 2.32.3 have no privacy prompt: their privacy APIs run without one.
  if (listening || typeof platform.onNeedPrivacyAuthorization !== 'function') return;
  listening = true;
  platform.onNeedPrivacyAuthorization((resolve, info) => {
    // A page without the popup cannot ask: the API fails as if the user had said no.
    if (front) front.ask(resolve, info?.referrer ?? '');
    else resolve({ event: 'disagree' });
  });
}

/** `asker`'s page is no longer in front. */
export function leavePrivacyFront(asker: PrivacyAsker): void {
  if (front === asker) front = null;
}

/** What the popup names as the reason, from the API or component that asked. */
export function privacyPurpose(referrer: string): string {
  if (/avatar/i.test(referrer)) return '设置头像';
  if (/nickname/i.test(referrer)) return '填写昵称';
  if (/album|saveImage/i.test(referrer)) return '保存图片到相册';
  if (/clipboard/i.test(referrer)) return '复制内容';
  if (/choose|upload|file|media/i.test(referrer)) return '选择图片或文件';
  return '使用该功能';
}
