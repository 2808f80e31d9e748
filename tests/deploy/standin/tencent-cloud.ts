/**
 * A local stand-in of the Tencent Cloud API (tcb and scf services) that the real
 * @cloudbase/manager-node talks to. The SDK has fixed https://*.tencentcloudapi.com endpoints
 * but honours `http_proxy`, so the deploy runs with http_proxy pointing here: CONNECT requests
 * for the two API hosts are answered by an in-process HTTPS server whose certificate the deploy
 * trusts through NODE_EXTRA_CA_CERTS; any other host is refused. Nothing leaves 127.0.0.1.
 *
 * It checks each request's TC3-HMAC-SHA256 signature against its one account, records every
 * call and keeps the state the deploy reads back: tables with indexes and security rules,
 * functions with configuration, variables, triggers and the files of the uploaded zip.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { makeCertificates } from './certs';
import { handleAction, type StandinState } from './actions';

const API_HOSTS = ['tcb.tencentcloudapi.com', 'scf.tencentcloudapi.com'];

export interface RecordedCall {
  service: string;
  action: string;
  params: Record<string, unknown>;
  /** The error code answered, if any (authentication failures included). */
  error?: string;
}

/** Actions that only read: a re-run with nothing changed makes no other kind. */
export function isRead(action: string): boolean {
  return /^(Describe|List|Get)/.test(action);
}

export class TencentCloudStandin {
  readonly calls: RecordedCall[] = [];
  /** CONNECT requests for hosts other than the API: should stay empty. */
  readonly refusedHosts: string[] = [];
  connections = 0;
  readonly secretId = 'AKIDstandin1234567890';
  readonly secretKey = 'standin-secret-key-1234567890';
  readonly state: StandinState = { envIds: ['shop-1'], tables: new Map(), functions: new Map() };
  private proxy!: Server;
  private api!: HttpsServer;
  proxyUrl = '';
  caFile = '';

  static async start(certificateDir: string): Promise<TencentCloudStandin> {
    const standin = new TencentCloudStandin();
    const certificates = makeCertificates(certificateDir, API_HOSTS);
    standin.caFile = certificates.caFile;
    standin.api = createHttpsServer({ key: certificates.key, cert: certificates.cert }, (req, res) =>
      standin.serve(req, res),
    );
    standin.proxy = createServer((_req, res) => res.writeHead(403).end('this proxy only tunnels to the API stand-in'));
    standin.proxy.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) =>
      standin.tunnel(req, socket, head),
    );
    await new Promise<void>((resolve) => standin.proxy.listen(0, '127.0.0.1', resolve));
    standin.proxyUrl = `http://127.0.0.1:${(standin.proxy.address() as AddressInfo).port}`;
    return standin;
  }

  async stop(): Promise<void> {
    this.proxy.closeAllConnections();
    this.api.closeAllConnections();
    await new Promise<void>((resolve) => this.proxy.close(() => resolve()));
  }

  actions(): string[] {
    return this.calls.map((call) => call.action);
  }

  /** Successful changing calls, e.g. "CreateTable users". */
  changes(): string[] {
    return this.calls
      .filter((call) => !isRead(call.action) && !call.error)
      .map((call) => `${call.action} ${describeTarget(call.params)}`.trim());
  }

  reset(): void {
    this.calls.length = 0;
    this.refusedHosts.length = 0;
    this.connections = 0;
  }

  private tunnel(req: IncomingMessage, socket: Socket, head: Buffer): void {
    this.connections += 1;
    const host = (req.url ?? '').replace(/:443$/, '');
    if (!API_HOSTS.includes(host)) {
      this.refusedHosts.push(req.url ?? '');
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    this.api.emit('connection', socket);
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const service = (req.headers.host ?? '').split('.')[0] ?? '';
      const action = String(req.headers['x-tc-action'] ?? '');
      const params = body ? (JSON.parse(body) as Record<string, unknown>) : {};
      const call: RecordedCall = { service, action, params };
      this.calls.push(call);
      const authError = this.authenticate(req, body, service);
      const answer = authError ? { error: authError } : handleAction(this.state, service, action, params);
      const requestId = `standin-${this.calls.length}`;
      if ('error' in answer) {
        call.error = answer.error.code;
        respond(res, { Error: { Code: answer.error.code, Message: answer.error.message }, RequestId: requestId });
      } else respond(res, { ...answer.data, RequestId: requestId });
    });
  }

  /** Verifies Tencent Cloud API 3.0 signing (TC3-HMAC-SHA256) as the real service does. */
  private authenticate(req: IncomingMessage, body: string, service: string): { code: string; message: string } | null {
    const match =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
        String(req.headers.authorization ?? ''),
      );
    if (!match) return { code: 'AuthFailure.InvalidAuthorization', message: 'Authorization header is malformed.' };
    const [, secretId, date, signedService, , signature] = match as unknown as string[];
    if (secretId !== this.secretId)
      return { code: 'AuthFailure.SecretIdNotFound', message: 'The SecretId is not found.' };
    const canonical = [
      'POST',
      req.url ?? '/',
      '',
      `content-type:${req.headers['content-type']}`,
      `host:${req.headers.host}`,
      '',
      'content-type;host',
      sha256(body),
    ].join('\n');
    const toSign = [
      'TC3-HMAC-SHA256',
      String(req.headers['x-tc-timestamp']),
      `${date}/${signedService}/tc3_request`,
      sha256(canonical),
    ].join('\n');
    const signingKey = hmac(hmac(hmac(`TC3${this.secretKey}`, date ?? ''), service), 'tc3_request');
    const expected = hmac(signingKey, toSign);
    const given = Buffer.from(signature ?? '', 'hex');
    if (signedService !== service || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      return { code: 'AuthFailure.SignatureFailure', message: 'The provided credentials could not be validated.' };
    }
    return null;
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function hmac(key: string | Buffer, text: string): Buffer {
  return createHmac('sha256', key).update(text).digest();
}

function respond(res: ServerResponse, response: object): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ Response: response }));
}

function describeTarget(params: Record<string, unknown>): string {
  const name = params.TableName ?? params.CollectionName ?? params.FunctionName ?? '';
  return String(name);
}
