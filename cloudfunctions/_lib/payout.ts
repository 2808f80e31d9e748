/**
 * The payout adapter: WeChat Pay's merchant transfer API v3 (商家转账, user-confirmation mode).
 * A transfer bill is created by the merchant and waits for the distributor to confirm it in the
 * mini-program (`wx.requestMerchantTransfer` with the bill's `package_info`); its state is then
 * queried by our bill number. Cloud functions reach the API over HTTPS with the merchant's API
 * key (`cloud.cloudPay` has no transfer API), so this is the one file that speaks it.
 *
 * Configuration (function variables, see scripts/deploy/variables.ts):
 *   WXPAY_MCH_ID           the merchant id that pays transfers;
 *   WXPAY_MCH_SERIAL_NO    the serial number of the merchant's API certificate;
 *   WXPAY_MCH_PRIVATE_KEY  the certificate's private key (PEM; `\n` escapes are accepted);
 *   WXPAY_API_BASE         optional, default https://api.mch.weixin.qq.com (the emulator's
 *                          sandbox is http://<emulator>/_emulator/wxpay);
 *   WXPAY_PLATFORM_PUBLIC_KEY  WeChat Pay's public key (PEM), or its platform certificate, that
 *                          encrypts the payee's real name (`user_name`, required from 2,000 yuan);
 *   WXPAY_PLATFORM_SERIAL  that key's id (PUB_KEY_ID_...) or the certificate's serial number, sent
 *                          as the `Wechatpay-Serial` header so WeChat Pay knows which key was used.
 * Without the last two, transfers below 2,000 yuan still work; larger ones cannot be approved.
 *
 * The bill number is derived from the withdrawal id, and WeChat Pay answers a repeated creation
 * with the same parameters with the same bill, so creating again is always safe.
 *
 * Requests go through `node:https` (or `node:http` for a plain-http base such as the emulator's
 * sandbox) rather than the global `fetch`: the functions are built for Node 16, the oldest runtime
 * CloudBase offers, which has no `fetch` and no `AbortSignal.timeout`. A merchant who picks Node 16
 * in the console or uploads from DevTools keeps working payouts this way, without a newer minimum.
 */
import { constants, createHash, publicEncrypt, randomBytes, sign, X509Certificate } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface PayoutConfig {
  mchId: string;
  serialNo: string;
  privateKey: string;
  apiBase: string;
  /** WeChat Pay's key for sensitive fields; null or absent when not configured. */
  platformKey?: { publicKey: string; serial: string } | null;
}

/** The deploy gives a declared variable without a value this text (scripts/deploy/desired.ts NOT_SET). */
const NOT_SET = '<not set>';

function setting(name: string): string | null {
  const value = process.env[name];
  return value && value !== NOT_SET ? value : null;
}

/** The configuration, or null when the function was deployed without the transfer variables. */
export function payoutConfig(): PayoutConfig | null {
  const [mchId, serialNo, key, base] = [
    'WXPAY_MCH_ID',
    'WXPAY_MCH_SERIAL_NO',
    'WXPAY_MCH_PRIVATE_KEY',
    'WXPAY_API_BASE',
  ].map(setting);
  if (!mchId || !serialNo || !key) return null;
  const [platformPublicKey, platformSerial] = ['WXPAY_PLATFORM_PUBLIC_KEY', 'WXPAY_PLATFORM_SERIAL'].map(setting);
  return {
    mchId,
    serialNo,
    privateKey: key.replace(/\\n/g, '\n'),
    apiBase: (base || 'https://api.mch.weixin.qq.com').replace(/\/+$/, ''),
    platformKey:
      platformPublicKey && platformSerial
        ? { publicKey: platformPublicKey.replace(/\\n/g, '\n'), serial: platformSerial }
        : null,
  };
}

/**
 * A sensitive field encrypted as WeChat Pay v3 requires: RSAES-OAEP (SHA-1 and MGF1, the
 * padding its documentation names for every language) with WeChat Pay's public key, base64.
 * A platform certificate is accepted in place of the bare key.
 */
export function encryptSensitive(publicKeyOrCertificate: string, plain: string): string {
  const key = publicKeyOrCertificate.includes('CERTIFICATE')
    ? new X509Certificate(publicKeyOrCertificate).publicKey
    : publicKeyOrCertificate;
  return publicEncrypt(
    { key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
    Buffer.from(plain, 'utf8'),
  ).toString('base64');
}

/** Our bill number: letters and digits only, at most 32, the same for every attempt of a withdrawal. */
export function outBillNoOf(withdrawalId: string): string {
  return `W${createHash('sha256').update(withdrawalId).digest('hex').slice(0, 31)}`;
}

/** What WeChat Pay says about one transfer bill. */
export interface TransferBill {
  /** ACCEPTED, PROCESSING, WAIT_USER_CONFIRM, TRANSFERING, SUCCESS, FAIL, CANCELING or CANCELLED. */
  state: string;
  transferBillNo: string;
  /** Only while the bill waits for the user's confirmation (and only in the creation's answer). */
  packageInfo: string | null;
  failReason: string | null;
  /** What the bill pays, fen: only a query's answer has it (reconciliation compares it). */
  amountFen?: number;
}

/** Final bill states: SUCCESS paid the distributor; FAIL and CANCELLED never will. */
export function billOutcome(state: string): 'paid' | 'failed' | 'pending' {
  if (state === 'SUCCESS') return 'paid';
  return state === 'FAIL' || state === 'CANCELLED' ? 'failed' : 'pending';
}

export interface TransferRequest {
  outBillNo: string;
  appId: string;
  openid: string;
  amountFen: number;
  /** The payee's real name in plain text; sent encrypted (config.platformKey must be set). */
  realName?: string;
}

/** A refusal by WeChat Pay (HTTP 4xx with `{ code, message }`): nothing was created by this call. */
export type CreateOutcome =
  { kind: 'accepted'; bill: TransferBill } | { kind: 'refused'; code: string; message: string };

const TRANSFERS = '/v3/fund-app/mch-transfer/transfer-bills';
/** 佣金报酬: the transfer scene of commissions; its report fields are the two below. */
const SCENE_ID = '1005';
const TIMEOUT_MS = 8_000;

/** `Authorization: WECHATPAY2-SHA256-RSA2048 ...` of one request, as WeChat Pay v3 signs them. */
function authorization(config: PayoutConfig, method: string, path: string, body: string): string {
  const timestamp = Math.floor(Date.now() / 1000).toString();
  const nonce = randomBytes(16).toString('hex').toUpperCase();
  const signature = sign(
    'RSA-SHA256',
    Buffer.from(`${method}\n${path}\n${timestamp}\n${nonce}\n${body}\n`),
    config.privateKey,
  ).toString('base64');
  return `WECHATPAY2-SHA256-RSA2048 mchid="${config.mchId}",nonce_str="${nonce}",signature="${signature}",timestamp="${timestamp}",serial_no="${config.serialNo}"`;
}

/** One HTTP(S) exchange: the status and the whole answer as text; a transport failure or the timeout rejects. */
function exchange(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; text: string }> {
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    // Every callback below runs after this function returns, when `timer` is set.
    const fail = (error: Error): void => {
      clearTimeout(timer);
      reject(error);
    };
    const request = send(url, { method, headers }, (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', fail);
      // A connection cut mid-answer ends the response without completing it; that is a transport failure.
      response.on('close', () => {
        if (!response.complete) fail(new Error(`WeChat Pay ${method} ${url.pathname}: the answer was cut off`));
      });
      response.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    // The whole exchange, not only an idle socket, is bounded: a slow trickle must not hold the function.
    const timer = setTimeout(
      () => request.destroy(new Error(`WeChat Pay ${method} ${url.pathname}: no answer in ${TIMEOUT_MS} ms`)),
      TIMEOUT_MS,
    );
    request.on('error', fail);
    request.end(body || undefined);
  });
}

async function call(
  config: PayoutConfig,
  method: 'GET' | 'POST',
  path: string,
  payload?: object,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = payload ? JSON.stringify(payload) : '';
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: authorization(config, method, path, body),
    ...extraHeaders,
  };
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(body).toString();
  }
  const response = await exchange(new URL(`${config.apiBase}${path}`), method, headers, body);
  const text = response.text;
  const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  // A server error or a refused signature says nothing about the bill: the caller tries again later.
  if (response.status >= 500 || response.status === 401)
    throw new Error(`WeChat Pay ${method} ${path}: HTTP ${response.status} ${text.slice(0, 200)}`);
  return { status: response.status, body: parsed };
}

function billOf(body: Record<string, unknown>): TransferBill {
  const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
  return {
    state: String(body.state ?? ''),
    transferBillNo: String(body.transfer_bill_no ?? ''),
    packageInfo: text(body.package_info),
    failReason: text(body.fail_reason),
    ...(typeof body.transfer_amount === 'number' ? { amountFen: body.transfer_amount } : {}),
  };
}

/** Creates (or finds again) the bill. A transport or server failure throws: the bill may exist. */
export async function createTransferBill(config: PayoutConfig, request: TransferRequest): Promise<CreateOutcome> {
  const platform = config.platformKey;
  if (request.realName && !platform) throw new Error('WXPAY_PLATFORM_PUBLIC_KEY is not set: user_name cannot be sent');
  // The serial header tells WeChat Pay which of its keys encrypted the name.
  const sealed =
    request.realName && platform
      ? {
          userName: encryptSensitive(platform.publicKey, request.realName),
          headers: { 'Wechatpay-Serial': platform.serial },
        }
      : null;
  const reply = await call(
    config,
    'POST',
    TRANSFERS,
    {
      appid: request.appId,
      out_bill_no: request.outBillNo,
      transfer_scene_id: SCENE_ID,
      openid: request.openid,
      transfer_amount: request.amountFen,
      ...(sealed ? { user_name: sealed.userName } : {}),
      transfer_remark: '佣金提现',
      user_recv_perception: '劳务报酬',
      transfer_scene_report_infos: [
        { info_type: '岗位类型', info_content: '分销员' },
        { info_type: '报酬说明', info_content: '分销佣金提现' },
      ],
    },
    sealed?.headers,
  );
  if (reply.status === 200) return { kind: 'accepted', bill: billOf(reply.body) };
  return { kind: 'refused', code: String(reply.body.code ?? reply.status), message: String(reply.body.message ?? '') };
}

/** The bill with our number, or null when WeChat Pay has none. Other failures throw. */
export async function queryTransferBill(config: PayoutConfig, outBillNo: string): Promise<TransferBill | null> {
  const reply = await call(config, 'GET', `${TRANSFERS}/out-bill-no/${outBillNo}`);
  if (reply.status === 404) return null;
  if (reply.status !== 200)
    throw new Error(
      `WeChat Pay refused the query of ${outBillNo}: ${String(reply.body.code)} ${String(reply.body.message)}`,
    );
  return billOf(reply.body);
}
