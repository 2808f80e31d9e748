/**
 * Subscribe messages through the open API `subscribeMessage.send`: to distributors (a new
 * commission, a withdrawal's outcome) and to admins (an alert, docs/alerts.md). A message is a
 * courtesy, never part of the money flow: it is sent after the change committed, and this never
 * throws. Every value is fitted to the type of the keyword the merchant mapped it to
 * (shared/subscribeData.ts), so the platform accepts it whatever the template. A user without a
 * subscription (43101) is the normal case; any other refusal is recorded in `messageFailures`,
 * where the merchant sees it, and a failure to record it is only logged. A function that calls
 * this must list `subscribeMessage.send` under `permissions.openapi` in its config.json.
 */
import { randomBytes } from 'node:crypto';
import { chinaFormat } from '@shared/chinaTime';
import type { MessageFailureDocument, MessagePurpose } from '@shared/messageFailures';
import type { SubscribeTemplate } from '@shared/rules';
import { fitData } from '@shared/subscribeData';
import { cloud } from './cloud';
import { insertDoc } from './db';

export type NotifyOutcome = 'sent' | 'off' | 'notSubscribed' | 'failed';

export interface Notice {
  /** Which message this is, for the failure record. */
  purpose: MessagePurpose;
  /** The recipient's OPENID. */
  touser: string;
  /** The template chosen in the rules; null when the merchant has this message off. */
  template: SubscribeTemplate | null;
  /** The mini-program page the message opens, e.g. `distributor/center/center`. */
  page: string;
  /** The amount keyword's value, in fen. */
  amountFen: number;
  /** The time keyword's value. */
  time: Date;
  /** The note keyword's value; fitted (cut) to the keyword's type. */
  note: string;
}

/** The user has not accepted (or has used up) this template's subscription. */
const NOT_SUBSCRIBED = 43101;
const ERR_MSG_MAX = 500;

type SubscribeApi = { subscribeMessage: { send(params: object): Promise<{ errCode?: number; errMsg?: string }> } };

function miniprogramState(): 'developer' | 'trial' | 'formal' {
  const version = process.env.MINIPROGRAM_ENV_VERSION;
  return version === 'develop' ? 'developer' : version === 'trial' ? 'trial' : 'formal';
}

/** The keyword data of a notice, each value fitted to its keyword's type. */
function dataOf(notice: Notice, template: SubscribeTemplate, sentAt: Date): Record<string, { value: string }> {
  const { keywords } = template;
  return fitData(
    [
      { keyword: keywords.amount, value: { kind: 'money', fen: notice.amountFen } },
      { keyword: keywords.time, value: { kind: 'time', at: notice.time } },
      { keyword: keywords.note, value: { kind: 'text', text: notice.note } },
    ],
    sentAt,
  );
}

/** Records a refused send; a failure here is logged only, never passed on to the flow that sent. */
async function recordFailure(failure: Omit<MessageFailureDocument, '_id'>): Promise<void> {
  const _id = `${chinaFormat(failure.at, 'YYYYMMDDHHmmss')}-${randomBytes(6).toString('hex')}`;
  try {
    await insertDoc('messageFailures', { _id, ...failure });
  } catch (error) {
    console.error(`recording the failed message to ${failure.touser} failed:`, error);
  }
}

/** Sends one notice; never throws. A refusal other than 43101 is recorded in `messageFailures`. */
export async function notify(notice: Notice): Promise<NotifyOutcome> {
  const { template } = notice;
  if (!template) return 'off';
  const at = new Date();
  const data = dataOf(notice, template, at);
  try {
    await (cloud.openapi as SubscribeApi).subscribeMessage.send({
      touser: notice.touser,
      templateId: template.templateId,
      page: notice.page,
      data,
      miniprogramState: miniprogramState(),
      lang: 'zh_CN',
    });
    return 'sent';
  } catch (error) {
    const { errCode, errMsg, message } = (error ?? {}) as { errCode?: unknown; errMsg?: unknown; message?: unknown };
    if (errCode === NOT_SUBSCRIBED) return 'notSubscribed';
    console.error(`subscribe message to ${notice.touser} failed:`, error);
    await recordFailure({
      purpose: notice.purpose,
      templateId: template.templateId,
      touser: notice.touser,
      page: notice.page,
      data,
      errCode: typeof errCode === 'number' ? errCode : null,
      errMsg: String(errMsg ?? message ?? error).slice(0, ERR_MSG_MAX),
      at,
    });
    return 'failed';
  }
}
