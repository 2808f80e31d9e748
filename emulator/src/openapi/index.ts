/**
 * Open API (`cloud.openapi.*` → wire action `wx.openApi`, docs/platform.md section 7): decodes the
 * protobuf request, refuses APIs the calling function's config.json does not list under
 * `permissions.openapi` (-604101, as the platform does), and answers the APIs the mall uses.
 * Every call is logged for the control plane.
 */
import type { Emulator } from '../emulator';
import { errors } from '../errors';
import type { ControlReply, ControlRoute, EmulatorModule, WireReply, WireRequest } from '../module';
import { decodeRequest, encodeResponse, OPENAPI_ERROR, type OpenApiRequest, type OpenApiResult } from './protocol';
import { ShippingInfo } from './shipping';
import { SubscribeMessages } from './subscribe';
import { APP_JSON_PATH, getUnlimited } from './wxacode';

export interface OpenApiCall {
  api: string;
  function: string | null;
  invocationId: string | null;
  /** Set by `cloud.openapi({ appid })` (calls on behalf of another mini-program). */
  appid: string | null;
  /** 0, the envelope errorCode (-604101, ...) or the API's errcode. */
  code: number;
  at: string;
}

/** Kept for inspection; older calls are dropped. */
const KEEP_CALLS = 1_000;

export class OpenApiModule implements EmulatorModule {
  readonly name = 'openapi';
  readonly messages = new SubscribeMessages();
  /** Shipping uploads (发货信息管理); services.ts connects it to the payment sandbox. */
  readonly shipping = new ShippingInfo();
  private calls: OpenApiCall[] = [];

  constructor(
    private readonly emulator: Emulator,
    private readonly appJsonPath = APP_JSON_PATH,
  ) {}

  readonly actions = {
    'wx.openApi': (request: WireRequest): Promise<WireReply> => this.handle(request),
  };

  private async handle(request: WireRequest): Promise<WireReply> {
    const api = typeof request.fields.apiName === 'string' ? request.fields.apiName : '';
    const data = request.fields.requestData;
    if (!Buffer.isBuffer(data)) throw errors.invalidParam('requestData must be a protobuf CommApiData file part');
    let decoded: OpenApiRequest;
    try {
      decoded = decodeRequest(data);
    } catch (error) {
      throw errors.invalidParam(
        `requestData is not a CommApiData: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const result = await this.answer(api, decoded, request);
    this.record(api, decoded, request, result);
    return { kind: 'raw', body: encodeResponse(result), contentType: 'application/octet-stream' };
  }

  private async answer(api: string, decoded: OpenApiRequest, request: WireRequest): Promise<OpenApiResult> {
    // Open APIs exist only for cloud functions: a call from outside any invocation has no permissions.
    const caller = request.invocation?.function;
    if (!caller || !this.permits(caller, api)) return { kind: 'error', errorCode: OPENAPI_ERROR.noPermission };
    switch (api) {
      case 'wxacode.getUnlimited':
        return getUnlimited(decoded.params, this.appJsonPath);
      case 'subscribeMessage.send':
        return this.messages.send(decoded.params, {
          function: caller,
          invocationId: request.invocation?.id ?? null,
          callerOpenid: request.identity?.openid ?? null,
          now: this.emulator.options.clock.now(),
        });
      case 'wxa.sec.order.uploadShippingInfo':
        return this.shipping.upload(decoded.params, caller, this.emulator.options.clock.now());
      case 'wxa.sec.order.getOrder':
        return this.shipping.getOrder(decoded.params);
      default:
        return { kind: 'error', errorCode: OPENAPI_ERROR.apiNotFound };
    }
  }

  private permits(functionName: string, api: string): boolean {
    if (!this.emulator.runtime.has(functionName)) return false;
    return this.emulator.runtime.config(functionName).permissions.openapi.includes(api);
  }

  private record(api: string, decoded: OpenApiRequest, request: WireRequest, result: OpenApiResult): void {
    const code =
      result.kind === 'error'
        ? result.errorCode
        : result.kind === 'json'
          ? Number((JSON.parse(result.text) as { errcode?: number }).errcode ?? 0)
          : 0;
    this.calls.push({
      api,
      function: request.invocation?.function ?? null,
      invocationId: request.invocation?.id ?? null,
      appid: decoded.appid ?? null,
      code,
      at: new Date(this.emulator.options.clock.now()).toISOString(),
    });
    if (this.calls.length > KEEP_CALLS) this.calls.splice(0, this.calls.length - KEEP_CALLS);
  }

  history(): OpenApiCall[] {
    return [...this.calls];
  }

  reset(): void {
    this.calls = [];
    this.messages.reset();
    this.shipping.reset();
  }

  private setRefusing(body: Record<string, unknown>, refusing: boolean): ControlReply {
    if (typeof body.touser !== 'string' || body.touser.length === 0) {
      return { status: 400, body: { error: { code: 'BAD_REQUEST', message: 'touser (an openid) is required' } } };
    }
    this.messages.setRefusing(body.touser, refusing);
    return { status: 200, body: { ok: true, refusing: this.messages.refusingUsers() } };
  }

  private confirmReceipt(body: Record<string, unknown>): ControlReply {
    const transactionId = typeof body.transactionId === 'string' ? body.transactionId : '';
    if (!this.shipping.confirm(transactionId, this.emulator.options.clock.now()))
      return {
        status: 404,
        body: { error: { code: 'NOT_FOUND', message: `no shipping uploaded for ${transactionId}` } },
      };
    return { status: 200, body: { ok: true } };
  }

  private setRevoked(body: Record<string, unknown>, revoked: boolean): ControlReply {
    if (typeof body.templateId !== 'string' || body.templateId.length === 0) {
      return { status: 400, body: { error: { code: 'BAD_REQUEST', message: 'templateId is required' } } };
    }
    this.messages.setRevoked(body.templateId, revoked);
    return { status: 200, body: { ok: true, revoked: this.messages.revokedTemplates() } };
  }

  readonly routes: ControlRoute[] = [
    {
      method: 'GET',
      pattern: /^\/messages$/,
      handle: ({ url }) => ({
        status: 200,
        body: {
          messages: this.messages.list(url.searchParams.get('touser') ?? undefined),
          refusing: this.messages.refusingUsers(),
        },
      }),
    },
    { method: 'POST', pattern: /^\/messages\/refuse$/, handle: ({ body }) => this.setRefusing(body, true) },
    { method: 'POST', pattern: /^\/messages\/accept$/, handle: ({ body }) => this.setRefusing(body, false) },
    { method: 'POST', pattern: /^\/messages\/templates\/revoke$/, handle: ({ body }) => this.setRevoked(body, true) },
    { method: 'POST', pattern: /^\/messages\/templates\/restore$/, handle: ({ body }) => this.setRevoked(body, false) },
    {
      method: 'GET',
      pattern: /^\/shipping$/,
      handle: () => ({ status: 200, body: { uploads: this.shipping.list() } }),
    },
    { method: 'POST', pattern: /^\/shipping\/confirm$/, handle: ({ body }) => this.confirmReceipt(body) },
    { method: 'GET', pattern: /^\/openapi\/calls$/, handle: () => ({ status: 200, body: { calls: this.history() } }) },
  ];
}
