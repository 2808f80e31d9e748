/**
 * `subscribeMessage.send`: validates the request as the platform does, records each message
 * (the control plane lists them) and answers `{ errcode: 0, errmsg: 'ok', msgid }`.
 *
 * The platform only delivers to users who accepted the template in the mini-program; the
 * emulator delivers to everyone except users marked as refusing on the control plane, who get
 * 43101 as on the platform. A template id the control plane marks as deleted (the merchant
 * removed the template from the mini-program) gets 40037, as on the platform.
 */
import { keywordRefusal, keywordTypeOf } from './keywords';
import { wxJson, type OpenApiResult } from './protocol';

export interface SentMessage {
  /** Decimal text: real msgids exceed 2^53 (the SDK hands them to functions as BigNumbers). */
  msgid: string;
  touser: string;
  templateId: string;
  page: string | null;
  data: Record<string, { value: string }>;
  miniprogramState: string;
  lang: string;
  /** The function that sent it, its invocation and its user, when sent from a function. */
  function: string | null;
  invocationId: string | null;
  callerOpenid: string | null;
  /** ISO time by the emulator's clock. */
  sentAt: string;
}

export interface Sender {
  function: string | null;
  invocationId: string | null;
  callerOpenid: string | null;
  now: number;
}

const STATES = ['developer', 'trial', 'formal'];
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'];

const argumentInvalid = (detail: string): OpenApiResult => wxJson(47003, `argument invalid! ${detail}`);

type Checked = { ok: true; data: Record<string, { value: string }> } | { ok: false; refusal: OpenApiResult };
const refuse = (refusal: OpenApiResult): Checked => ({ ok: false, refusal });

/**
 * The template data, or why it is refused. Keys reach the server in snake case
 * (`characterString1` → `character_string1`), because the SDK converts them; each value is
 * checked against its keyword type's limits (./keywords.ts).
 */
function checkData(data: unknown): Checked {
  if (!data || typeof data !== 'object' || Array.isArray(data) || Object.keys(data).length === 0)
    return refuse(argumentInvalid('data is empty'));
  const checked: Record<string, { value: string }> = {};
  for (const [key, entry] of Object.entries(data as Record<string, unknown>)) {
    const type = keywordTypeOf(key);
    if (!type) return refuse(argumentInvalid(`data.${key} is not a template keyword`));
    const raw = entry && typeof entry === 'object' ? (entry as { value?: unknown }).value : undefined;
    if ((typeof raw !== 'string' && typeof raw !== 'number') || String(raw).length === 0)
      return refuse(argumentInvalid(`data.${key}.value is empty`));
    const value = String(raw);
    const refusal = keywordRefusal(type, value);
    if (refusal) return refuse(argumentInvalid(`data.${key}.value invalid: ${type} ${refusal}`));
    checked[key] = { value };
  }
  return { ok: true, data: checked };
}

export class SubscribeMessages {
  private sent: SentMessage[] = [];
  private readonly refusing = new Set<string>();
  /** Template ids the merchant deleted from the mini-program (40037 from then on). */
  private readonly revoked = new Set<string>();
  private counter = 0;

  send(params: Record<string, unknown>, sender: Sender): OpenApiResult {
    const { touser, template_id: templateId, page } = params;
    if (typeof touser !== 'string' || touser.length === 0) return wxJson(40003, 'invalid openid');
    if (typeof templateId !== 'string' || templateId.length === 0 || this.revoked.has(templateId))
      return wxJson(40037, 'invalid template id');
    if (page !== undefined && typeof page !== 'string') return argumentInvalid('page');
    const state = params.miniprogram_state ?? 'formal';
    if (typeof state !== 'string' || !STATES.includes(state)) return argumentInvalid('miniprogram_state');
    const lang = params.lang ?? 'zh_CN';
    if (typeof lang !== 'string' || !LANGS.includes(lang)) return argumentInvalid('lang');
    const data = checkData(params.data);
    if (!data.ok) return data.refusal;
    if (this.refusing.has(touser)) return wxJson(43101, 'user refuse to accept the msg');
    const msgid = this.nextMsgid(sender.now);
    this.sent.push({
      msgid,
      touser,
      templateId,
      page: page ?? null,
      data: data.data,
      miniprogramState: state,
      lang,
      function: sender.function,
      invocationId: sender.invocationId,
      callerOpenid: sender.callerOpenid,
      sentAt: new Date(sender.now).toISOString(),
    });
    return wxJson(0, 'ok', `,"msgid":${msgid}`);
  }

  /** 19 digits like the platform's: the send time in ms and a counter, so ids are unique. */
  private nextMsgid(now: number): string {
    this.counter = (this.counter + 1) % 1_000_000;
    return (BigInt(Math.floor(now)) * 1_000_000n + BigInt(this.counter)).toString();
  }

  list(touser?: string): SentMessage[] {
    return this.sent.filter((message) => touser === undefined || message.touser === touser);
  }

  /** Marks a user as refusing (or accepting again) every template. */
  setRefusing(touser: string, refusing: boolean): void {
    if (refusing) this.refusing.add(touser);
    else this.refusing.delete(touser);
  }

  refusingUsers(): string[] {
    return [...this.refusing];
  }

  /** Makes a template id unknown (the merchant deleted the template), or known again. */
  setRevoked(templateId: string, revoked: boolean): void {
    if (revoked) this.revoked.add(templateId);
    else this.revoked.delete(templateId);
  }

  revokedTemplates(): string[] {
    return [...this.revoked];
  }

  reset(): void {
    this.sent = [];
    this.refusing.clear();
    this.revoked.clear();
  }
}
