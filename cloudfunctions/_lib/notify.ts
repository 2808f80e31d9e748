/**
 * Subscribe messages to distributors (a new commission, a withdrawal's outcome) through the
 * open API `subscribeMessage.send`. A message is a courtesy, never part of the money flow: it is
 * sent after the change committed, a user without a subscription (43101) is the normal case,
 * and any other failure is logged and swallowed. A function that calls this must list
 * `subscribeMessage.send` under `permissions.openapi` in its config.json.
 */
import { chinaDateTime } from '@shared/chinaTime';
import type { SubscribeTemplate } from '@shared/rules';
import { cloud } from './cloud';

export type NotifyOutcome = 'sent' | 'off' | 'notSubscribed' | 'failed';

export interface Notice {
  /** The distributor's OPENID. */
  touser: string;
  /** The template chosen in the rules; null when the merchant has this message off. */
  template: SubscribeTemplate | null;
  /** The mini-program page the message opens, e.g. `pages/distributor/center/index`. */
  page: string;
  /** Shown in the template's amount keyword, e.g. "¥12.34". */
  amount: string;
  /** Shown in the time keyword. */
  time: Date;
  /** Shown in the note keyword (a thing: at most 20 characters, cut here). */
  note: string;
}

/** The user has not accepted (or has used up) this template's subscription. */
const NOT_SUBSCRIBED = 43101;

type SubscribeApi = { subscribeMessage: { send(params: object): Promise<{ errCode?: number; errMsg?: string }> } };

/** `YYYY-MM-DD HH:mm` in China time, the format of a template `time` keyword. */
export function chinaTimeText(at: Date): string {
  return chinaDateTime(at);
}

function miniprogramState(): 'developer' | 'trial' | 'formal' {
  const version = process.env.MINIPROGRAM_ENV_VERSION;
  return version === 'develop' ? 'developer' : version === 'trial' ? 'trial' : 'formal';
}

/** Sends one notice; never throws. */
export async function notify(notice: Notice): Promise<NotifyOutcome> {
  if (!notice.template) return 'off';
  const { keywords, templateId } = notice.template;
  const data = {
    [keywords.amount]: { value: notice.amount },
    [keywords.time]: { value: chinaTimeText(notice.time) },
    [keywords.note]: { value: [...notice.note].slice(0, 20).join('') },
  };
  try {
    await (cloud.openapi as SubscribeApi).subscribeMessage.send({
      touser: notice.touser,
      templateId,
      page: notice.page,
      data,
      miniprogramState: miniprogramState(),
      lang: 'zh_CN',
    });
    return 'sent';
  } catch (error) {
    if ((error as { errCode?: number }).errCode === NOT_SUBSCRIBED) return 'notSubscribed';
    console.error(`subscribe message to ${notice.touser} failed:`, error);
    return 'failed';
  }
}
