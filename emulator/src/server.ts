/**
 * The emulator's HTTP server: POST /admin speaks the SDK's wire protocol (always HTTP 200 with
 * a JSON body, errors as `{ code, message }`), and /_emulator/* is the control plane for tests,
 * tools and the mini-program's local mode (plain REST with JSON bodies).
 */
import { EJSON } from 'bson';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { materialize, type Doc } from './ejson';
import { boundaryOf, parseMultipart } from './wire/multipart';
import type { Emulator } from './emulator';
import { TcbApiError } from './errors';
import { SEQ_HEADER } from './functions/activity';

/** Bodies above this size are refused: wire requests are far smaller (6 MB on the platform); uploads may be larger. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson(buffer: Buffer): Record<string, unknown> {
  if (buffer.length === 0) return {};
  try {
    const value = JSON.parse(buffer.toString('utf8')) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // Fall through to the 400 below.
  }
  throw new HttpError(400, 'body must be a JSON object');
}

function send(response: ServerResponse, status: number, body: unknown, ejson = false): void {
  const text = ejson ? EJSON.stringify(body as Doc, { relaxed: true }) : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(text);
}

export function createEmulatorServer(emulator: Emulator): Server {
  return createServer((request, response) => {
    handle(emulator, request, response).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      // Platform errors raised by control-plane calls (missing collection, duplicate key) keep their code.
      const [status, code] =
        error instanceof HttpError
          ? [error.status, 'BAD_REQUEST']
          : error instanceof TcbApiError
            ? [error.code.endsWith('NOT_EXIST') ? 404 : 400, error.code]
            : [500, 'EMULATOR_ERROR'];
      if (!response.headersSent) send(response, status, { error: { code, message } });
      else response.end();
    });
  });
}

async function handle(emulator: Emulator, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://emulator');
  const method = request.method ?? 'GET';
  if (url.pathname === '/admin' && method === 'POST') {
    const type = request.headers['content-type'] ?? '';
    const raw = await readBody(request);
    const boundary = boundaryOf(type);
    const fields = type.startsWith('multipart/form-data') && boundary ? parseMultipart(raw, boundary) : parseJson(raw);
    // The request's number within its invocation (functions/activity.ts), for the interleaving gate.
    const seq = Number(request.headers[SEQ_HEADER]);
    const reply = await emulator.handleWire(fields, Number.isInteger(seq) && seq > 0 ? seq : undefined);
    if (reply.kind === 'drop') return void request.socket.destroy();
    if (reply.kind === 'json') return send(response, 200, reply.body);
    response.writeHead(200, { 'content-type': reply.contentType });
    response.end(reply.body);
    return;
  }
  if (url.pathname.startsWith('/_emulator/')) {
    await control(emulator, method, url, request, response);
    return;
  }
  throw new HttpError(404, `no route for ${method} ${url.pathname}`);
}

/**
 * The control plane (`/_emulator/...`): routes the modules register (pay, payouts, storage,
 * timers, faults, ...) first, then the emulator's own (health, functions, collections, reset,
 * stats).
 */
async function control(
  emulator: Emulator,
  method: string,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const raw = method === 'GET' || method === 'DELETE' ? undefined : await readBody(request);
  if (await moduleRoute(emulator, method, url, request, raw, response)) return;
  await emulatorRoute(emulator, method, url, raw ? parseJson(raw) : {}, response);
}

/** Answers a route a module registered; false when none matches. */
async function moduleRoute(
  emulator: Emulator,
  method: string,
  url: URL,
  request: IncomingMessage,
  raw: Buffer | undefined,
  response: ServerResponse,
): Promise<boolean> {
  const subPath = url.pathname.slice('/_emulator'.length);
  for (const candidate of emulator.controlRoutes) {
    const match = candidate.method === method ? candidate.pattern.exec(subPath) : null;
    if (!match) continue;
    const params = match.slice(1).map((part) => decodeURIComponent(part ?? ''));
    const headers = request.headers;
    const reply = await candidate.handle(
      candidate.rawBody
        ? { params, body: {}, raw, url, headers }
        : { params, body: raw ? parseJson(raw) : {}, url, headers },
    );
    if (reply.contentType) {
      response.writeHead(reply.status, { 'content-type': reply.contentType });
      response.end(reply.body as string | Buffer);
    } else {
      send(response, reply.status, reply.body);
    }
    return true;
  }
  return false;
}

/** The emulator's own control routes. */
async function emulatorRoute(
  emulator: Emulator,
  method: string,
  url: URL,
  body: Record<string, unknown>,
  response: ServerResponse,
): Promise<void> {
  const parts = url.pathname.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
  const route = `${method} ${parts[0] ?? ''}`;
  switch (route) {
    case 'GET health':
      return send(response, 200, { ok: true, envName: emulator.options.envName, functions: emulator.runtime.names() });
    case 'POST functions': {
      const name = parts[1] ?? '';
      const identity = body as {
        openid?: string;
        appid?: string;
        unionid?: string;
        clientIp?: string;
        source?: string;
      };
      const outcome = await emulator.invoke(name, body.data ?? {}, identity);
      const status = outcome.error ? (emulator.runtime.has(name) ? 502 : 404) : 200;
      return send(response, status, outcome);
    }
    case 'GET collections':
      return parts[1]
        ? listDocuments(emulator, parts[1], url, response)
        : send(response, 200, { collections: collectionSummaries(emulator) });
    case 'POST collections': {
      const docs = body.documents;
      if (!Array.isArray(docs)) throw new HttpError(400, 'documents must be an array');
      const ids = emulator.insert(
        parts[1] ?? '',
        docs.map((doc) => fromEjson(emulator, doc)),
      );
      return send(response, 200, { insertedIds: ids });
    }
    case 'PUT collections':
      emulator.put(parts[1] ?? '', requirePart(parts, 3), fromEjson(emulator, body.document));
      return send(response, 200, { ok: true });
    case 'DELETE collections':
      emulator.put(parts[1] ?? '', requirePart(parts, 3), null);
      return send(response, 200, { ok: true });
    case 'POST reset':
      emulator.reset();
      return send(response, 200, { ok: true });
    case 'GET stats': {
      if (!parts[1]) return send(response, 200, emulator.stats.snapshot());
      const invocation = emulator.stats.invocation(requirePart(parts, 2));
      if (!invocation) throw new HttpError(404, 'unknown invocation');
      return send(response, 200, invocation);
    }
    case 'POST stats':
      emulator.stats.reset();
      return send(response, 200, { ok: true });
    default:
      throw new HttpError(404, `no route for ${method} ${url.pathname}`);
  }
}

function requirePart(parts: string[], index: number): string {
  const part = parts[index];
  if (!part) throw new HttpError(400, 'a document id is required');
  return part;
}

function fromEjson(emulator: Emulator, value: unknown): Doc {
  if (!value || typeof value !== 'object') throw new HttpError(400, 'document must be an object');
  return materialize(EJSON.deserialize(value as Doc, { relaxed: true }), emulator.options.clock.now()) as Doc;
}

function collectionSummaries(emulator: Emulator): Array<{ name: string; count: number; indexes: unknown }> {
  return emulator.store
    .collectionNames()
    .map((name) => ({ name, count: emulator.store.count(name), indexes: emulator.store.indexesOf(name) }));
}

function listDocuments(emulator: Emulator, name: string, url: URL, response: ServerResponse): void {
  const all = emulator.store.scan(name);
  const offset = Number(url.searchParams.get('offset') ?? 0);
  const limit = Number(url.searchParams.get('limit') ?? 100);
  send(response, 200, { total: all.length, documents: all.slice(offset, offset + limit) }, true);
}
