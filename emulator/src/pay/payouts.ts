/**
 * The payout sandbox: WeChat Pay's merchant transfer API (商家转账, user-confirmation mode, 2025),
 * served on the emulator's HTTP server under `/_emulator/wxpay`, mimicking
 * `https://api.mch.weixin.qq.com`. A transfer bill waits for the user to confirm it in the
 * mini-program (`wx.requestMerchantTransfer` with `package_info`); the control plane plays the
 * user and the bank: `/_emulator/payouts/<outBillNo>/confirm` and `.../decline`.
 *
 * The `Authorization: WECHATPAY2-SHA256-RSA2048 ...` header is required and parsed, but its
 * signature is not verified (the sandbox has no merchant certificate to verify it with).
 *
 * Like WeChat Pay, the sandbox holds a key pair for sensitive fields (./platformKey.ts; the
 * functions get its public half from `payoutPlatformKey`): a transfer of 2,000 yuan or more must carry the
 * payee's real name `user_name` encrypted with its public key (RSAES-OAEP, SHA-1) and name the
 * key in the `Wechatpay-Serial` header. The sandbox decrypts it and keeps the name on the bill
 * (`userName`), so tests can check what WeChat Pay would have received.
 */
import { randomBytes } from 'node:crypto';
import type { Emulator } from '../emulator';
import type { ControlReply, ControlRequest, ControlRoute, EmulatorModule, ModuleState } from '../module';
import { PlatformKey } from './platformKey';
import { compactTime, randomDigits, rfc3339 } from './wxpay';

export type PayoutState =
  'ACCEPTED' | 'WAIT_USER_CONFIRM' | 'TRANSFERING' | 'SUCCESS' | 'FAIL' | 'CANCELING' | 'CANCELLED';

export interface Payout {
  outBillNo: string;
  transferBillNo: string;
  mchId: string;
  appid: string;
  transferSceneId: string;
  openid: string;
  /** The payee's real name as decrypted from `user_name`. */
  userName?: string;
  /** `user_name` as received (encrypted), answered again by the query. */
  userNameCiphertext?: string;
  transferAmount: number;
  transferRemark: string;
  userRecvPerception?: string;
  transferSceneReportInfos: Array<{ info_type: string; info_content: string }>;
  notifyUrl?: string;
  packageInfo: string;
  state: PayoutState;
  failReason?: string;
  createdAt: number;
  updatedAt: number;
  history: Array<{ state: PayoutState; at: string }>;
}

/** A merchant cancellation is accepted (CANCELING) and completes this much later (virtual time). */
export const CANCEL_COMPLETION_MS = 1_000;
/** The scheduled job that completes a cancellation; its payload is `{ outBillNo }`. */
const CANCEL_JOB = 'payouts.cancel';
const PAYOUT_KEY = 'payout:';
/** From 2,000 yuan on, the payee's name is required. */
const USER_NAME_REQUIRED_FROM_FEN = 200_000;
const API = '/wxpay/v3/fund-app/mch-transfer/transfer-bills';
const AUTH_SCHEME = 'WECHATPAY2-SHA256-RSA2048';
const AUTH_PARAMS = ['mchid', 'nonce_str', 'timestamp', 'serial_no', 'signature'];

/** A WeChat Pay v3 error: HTTP 4xx with `{ code, message }`. */
function v3Error(status: number, code: string, message: string): ControlReply {
  return { status, body: { code, message } };
}

function controlError(status: number, code: string, message: string): ControlReply {
  return { status, body: { error: { code, message } } };
}

/** The merchant id from a well-formed Authorization header, or the 401 reply. */
function authorize(request: ControlRequest): string | ControlReply {
  const header = request.headers.authorization;
  if (!header) return v3Error(401, 'SIGN_ERROR', '缺少 Authorization 请求头 (WECHATPAY2-SHA256-RSA2048 ...)');
  if (!header.startsWith(`${AUTH_SCHEME} `))
    return v3Error(401, 'SIGN_ERROR', `Authorization 认证类型须为 ${AUTH_SCHEME}`);
  const params = Object.fromEntries(
    [...header.slice(AUTH_SCHEME.length).matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1], match[2]]),
  );
  const missing = AUTH_PARAMS.find((name) => !params[name]);
  if (missing) return v3Error(401, 'SIGN_ERROR', `Authorization 缺少 ${missing}`);
  return String(params.mchid);
}

function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.length > 0 && [...value].length <= max;
}

/** The first rule the transfer request breaks, as a PARAM_ERROR message. */
function invalidTransfer(body: Record<string, unknown>): string | undefined {
  if (!isText(body.appid, 32)) return 'appid 必填';
  if (typeof body.out_bill_no !== 'string' || !/^[0-9A-Za-z]{1,32}$/.test(body.out_bill_no))
    return 'out_bill_no 必填，只能由数字、大小写字母组成，最长 32 个字符';
  if (!isText(body.transfer_scene_id, 36)) return 'transfer_scene_id 必填';
  if (!isText(body.openid, 64)) return 'openid 必填';
  const amount = body.transfer_amount;
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount <= 0) return 'transfer_amount 须为正整数（分）';
  if (!isText(body.transfer_remark, 32)) return 'transfer_remark 必填，最多 32 个字符';
  if (body.user_recv_perception !== undefined && !isText(body.user_recv_perception, 32))
    return 'user_recv_perception 须为字符串';
  if (body.notify_url !== undefined && (typeof body.notify_url !== 'string' || !body.notify_url.startsWith('https://')))
    return 'notify_url 须为 https 地址';
  if (body.user_name !== undefined && !isText(body.user_name, 1024)) return 'user_name 须为加密后的字符串';
  if (amount >= USER_NAME_REQUIRED_FROM_FEN && body.user_name === undefined)
    return '转账金额 >= 2000 元时 user_name 必填';
  const infos = body.transfer_scene_report_infos;
  const valid =
    Array.isArray(infos) &&
    infos.length > 0 &&
    infos.every(
      (info: { info_type?: unknown; info_content?: unknown }) =>
        isText(info?.info_type, 15) && isText(info?.info_content, 32),
    );
  return valid ? undefined : 'transfer_scene_report_infos 必填: [{ info_type, info_content }]';
}

export class PayoutModule implements EmulatorModule {
  readonly name = 'payouts';
  private readonly payouts = new Map<string, Payout>();

  constructor(private readonly emulator: Emulator) {
    emulator.scheduler.handle(CANCEL_JOB, async (payload) => {
      const payout = this.payouts.get((payload as { outBillNo: string }).outBillNo);
      // A reset or a state import may have dropped or replaced the bill meanwhile.
      if (payout?.state === 'CANCELING') this.move(payout, 'CANCELLED');
    });
  }

  /** Every transfer bill with its history, as records. */
  exportState(): ModuleState {
    const state: ModuleState = {};
    for (const [outBillNo, payout] of this.payouts) state[`${PAYOUT_KEY}${outBillNo}`] = payout;
    return state;
  }

  importState(state: ModuleState): void {
    this.payouts.clear();
    for (const [key, value] of Object.entries(state)) {
      if (key.startsWith(PAYOUT_KEY))
        this.payouts.set(key.slice(PAYOUT_KEY.length), JSON.parse(JSON.stringify(value)) as Payout);
    }
  }

  private now(): number {
    return this.emulator.options.clock.now();
  }

  private move(payout: Payout, state: PayoutState, failReason?: string): void {
    payout.state = state;
    payout.updatedAt = this.now();
    if (failReason !== undefined) payout.failReason = failReason;
    payout.history.push({ state, at: new Date(payout.updatedAt).toISOString() });
  }

  list(): Payout[] {
    return [...this.payouts.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  reset(): void {
    this.payouts.clear();
  }

  private readonly key = new PlatformKey();

  /** The sandbox's key for sensitive fields: its id (the `Wechatpay-Serial`) and public key. */
  platformKey(): { serial: string; publicKey: string } {
    return this.key.publicInfo();
  }

  /** The real name in `user_name`, or the PARAM_ERROR WeChat Pay answers when it cannot read it. */
  private realName(ciphertext: string, serial: unknown): string | ControlReply {
    const read = this.key.decrypt(ciphertext, serial);
    return 'plain' in read ? read.plain : v3Error(400, 'PARAM_ERROR', `user_name: ${read.problem}`);
  }

  private create(request: ControlRequest, mchId: string): ControlReply {
    const body = request.body;
    const invalid = invalidTransfer(body);
    if (invalid) return v3Error(400, 'PARAM_ERROR', invalid);
    const userName =
      typeof body.user_name === 'string'
        ? this.realName(body.user_name, request.headers['wechatpay-serial'])
        : undefined;
    if (typeof userName === 'object') return userName;
    const outBillNo = String(body.out_bill_no);
    const existing = this.payouts.get(outBillNo);
    if (existing) {
      // The ciphertext differs on every encryption (OAEP is randomized): the names are compared.
      const same =
        existing.openid === body.openid &&
        existing.transferAmount === body.transfer_amount &&
        existing.appid === body.appid &&
        existing.userName === userName;
      // Retrying a create with the same out_bill_no is how a merchant recovers from a timeout.
      return same
        ? { status: 200, body: this.createReply(existing) }
        : v3Error(400, 'INVALID_REQUEST', `out_bill_no ${outBillNo} 已存在，且请求参数与原单不一致`);
    }
    const now = this.now();
    const payout: Payout = {
      outBillNo,
      transferBillNo: `1330000${compactTime(now).slice(0, 8)}${randomDigits(25)}`,
      mchId,
      appid: String(body.appid),
      transferSceneId: String(body.transfer_scene_id),
      openid: String(body.openid),
      ...(userName !== undefined ? { userName, userNameCiphertext: String(body.user_name) } : {}),
      transferAmount: body.transfer_amount as number,
      transferRemark: String(body.transfer_remark),
      userRecvPerception: body.user_recv_perception as string | undefined,
      transferSceneReportInfos: body.transfer_scene_report_infos as Payout['transferSceneReportInfos'],
      notifyUrl: body.notify_url as string | undefined,
      packageInfo: randomBytes(48).toString('base64'),
      state: 'ACCEPTED',
      createdAt: now,
      updatedAt: now,
      history: [{ state: 'ACCEPTED', at: new Date(now).toISOString() }],
    };
    this.payouts.set(outBillNo, payout);
    this.move(payout, 'WAIT_USER_CONFIRM');
    return { status: 200, body: this.createReply(payout) };
  }

  private createReply(payout: Payout): Record<string, unknown> {
    const waiting = payout.state === 'WAIT_USER_CONFIRM' || payout.state === 'TRANSFERING';
    return {
      out_bill_no: payout.outBillNo,
      transfer_bill_no: payout.transferBillNo,
      create_time: rfc3339(payout.createdAt),
      state: payout.state,
      ...(payout.failReason !== undefined ? { fail_reason: payout.failReason } : {}),
      ...(waiting ? { package_info: payout.packageInfo } : {}),
    };
  }

  private queryReply(payout: Payout): Record<string, unknown> {
    return {
      mch_id: payout.mchId,
      out_bill_no: payout.outBillNo,
      transfer_bill_no: payout.transferBillNo,
      appid: payout.appid,
      state: payout.state,
      transfer_amount: payout.transferAmount,
      transfer_remark: payout.transferRemark,
      ...(payout.failReason !== undefined ? { fail_reason: payout.failReason } : {}),
      openid: payout.openid,
      ...(payout.userNameCiphertext !== undefined ? { user_name: payout.userNameCiphertext } : {}),
      create_time: rfc3339(payout.createdAt),
      update_time: rfc3339(payout.updatedAt),
    };
  }

  /** The merchant revokes a bill the user has not confirmed yet; it is CANCELLED shortly after. */
  private cancel(payout: Payout): ControlReply {
    const reply = (): ControlReply => ({
      status: 200,
      body: {
        out_bill_no: payout.outBillNo,
        transfer_bill_no: payout.transferBillNo,
        state: payout.state,
        update_time: rfc3339(payout.updatedAt),
      },
    });
    if (payout.state === 'CANCELING' || payout.state === 'CANCELLED') return reply();
    if (payout.state === 'SUCCESS' || payout.state === 'FAIL')
      return v3Error(400, 'INVALID_REQUEST', `转账单状态为 ${payout.state}，不能撤销`);
    this.move(payout, 'CANCELING');
    this.emulator.scheduler.at(
      payout.updatedAt + CANCEL_COMPLETION_MS,
      `payout cancel ${payout.outBillNo}`,
      CANCEL_JOB,
      {
        outBillNo: payout.outBillNo,
      },
    );
    return reply();
  }

  /** The user acts on the confirmation page; `outcome: 'fail'` makes the bank refuse the transfer. */
  private confirm(payout: Payout, body: Record<string, unknown>): ControlReply {
    if (payout.state !== 'WAIT_USER_CONFIRM' && payout.state !== 'TRANSFERING')
      return controlError(
        409,
        'INVALID_STATE',
        `payout ${payout.outBillNo} is ${payout.state}: only WAIT_USER_CONFIRM or TRANSFERING can be confirmed`,
      );
    if (body.outcome !== undefined && body.outcome !== 'success' && body.outcome !== 'fail')
      return controlError(400, 'BAD_REQUEST', "outcome must be 'success' or 'fail'");
    this.move(payout, 'TRANSFERING');
    if (body.outcome === 'fail')
      this.move(
        payout,
        'FAIL',
        typeof body.reason === 'string' && body.reason ? body.reason : 'OTHER_FAIL_REASON_TYPE',
      );
    else this.move(payout, 'SUCCESS');
    return { status: 200, body: payout };
  }

  private decline(payout: Payout): ControlReply {
    if (payout.state !== 'WAIT_USER_CONFIRM')
      return controlError(
        409,
        'INVALID_STATE',
        `payout ${payout.outBillNo} is ${payout.state}: only WAIT_USER_CONFIRM can be declined`,
      );
    this.move(payout, 'CANCELLED');
    return { status: 200, body: payout };
  }

  /** A v3 route: authorized first, then the bill named in the path (when there is one). */
  private v3(
    handle: (request: ControlRequest, mchId: string) => ControlReply,
  ): (request: ControlRequest) => ControlReply {
    return (request) => {
      const mchId = authorize(request);
      return typeof mchId === 'string' ? handle(request, mchId) : mchId;
    };
  }

  private withBill(
    outBillNo: string | undefined,
    act: (payout: Payout) => ControlReply,
    notFound: (no: string) => ControlReply,
  ): ControlReply {
    const payout = outBillNo === undefined ? undefined : this.payouts.get(outBillNo);
    return payout ? act(payout) : notFound(outBillNo ?? '');
  }

  private readonly billNotFound = (no: string): ControlReply =>
    v3Error(404, 'NOT_FOUND', `记录不存在: out_bill_no ${no}`);
  private readonly payoutNotFound = (no: string): ControlReply =>
    controlError(404, 'PAYOUT_NOT_FOUND', `no payout with out_bill_no ${no}`);

  readonly routes: ControlRoute[] = [
    {
      method: 'POST',
      pattern: new RegExp(`^${API}$`),
      handle: this.v3((request, mchId) => this.create(request, mchId)),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${API}/out-bill-no/([^/]+)$`),
      handle: this.v3(({ params }) =>
        this.withBill(params[0], (payout) => ({ status: 200, body: this.queryReply(payout) }), this.billNotFound),
      ),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${API}/transfer-bill-no/([^/]+)$`),
      handle: this.v3(({ params }) => {
        const payout = [...this.payouts.values()].find((candidate) => candidate.transferBillNo === params[0]);
        return payout
          ? { status: 200, body: this.queryReply(payout) }
          : v3Error(404, 'NOT_FOUND', `记录不存在: transfer_bill_no ${params[0] ?? ''}`);
      }),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${API}/out-bill-no/([^/]+)/cancel$`),
      handle: this.v3(({ params }) => this.withBill(params[0], (payout) => this.cancel(payout), this.billNotFound)),
    },
    { method: 'GET', pattern: /^\/payouts$/, handle: () => ({ status: 200, body: { payouts: this.list() } }) },
    {
      method: 'GET',
      pattern: /^\/payouts\/([^/]+)$/,
      handle: ({ params }) =>
        this.withBill(params[0], (payout) => ({ status: 200, body: payout }), this.payoutNotFound),
    },
    {
      method: 'POST',
      pattern: /^\/payouts\/([^/]+)\/confirm$/,
      handle: ({ params, body }) =>
        this.withBill(params[0], (payout) => this.confirm(payout, body), this.payoutNotFound),
    },
    {
      method: 'POST',
      pattern: /^\/payouts\/([^/]+)\/decline$/,
      handle: ({ params }) => this.withBill(params[0], (payout) => this.decline(payout), this.payoutNotFound),
    },
  ];
}

/** The payout sandbox's key for sensitive fields, for the functions' WXPAY_PLATFORM_* variables. */
export function payoutPlatformKey(emulator: Emulator): { serial: string; publicKey: string } {
  const module = emulator.moduleList.find((candidate) => candidate instanceof PayoutModule) as PayoutModule;
  return module.platformKey();
}
