/**
 * Control routes the web console reads beyond the core ones: a collection filtered by a query
 * (evaluated by the same engine as the SDK's `where()`), and the invocation log filtered by
 * function, user and origin, with timer firings counted per function.
 */
import { EJSON } from 'bson';
import { z } from 'zod';
import { compileQuery, find } from '../db/engine';
import { materialize, type Doc } from '../ejson';
import type { Emulator } from '../emulator';
import type { ControlReply, ControlRoute } from '../module';

const QueryBody = z.object({
  /** A MongoDB-style filter in relaxed EJSON (dates as `{"$date": ...}`); {} matches every document. */
  filter: z.record(z.string(), z.unknown()).default({}),
  sort: z.record(z.string(), z.union([z.literal(1), z.literal(-1)])).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(50),
});

const InvocationQuery = z.object({
  function: z.string().min(1).optional(),
  openid: z.string().min(1).optional(),
  status: z.enum(['running', 'ok', 'error']).optional(),
  origin: z.enum(['calls', 'timers', 'all']).default('all'),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});

function badRequest(error: z.ZodError): ControlReply {
  const message = error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
  return { status: 400, body: { error: { code: 'BAD_REQUEST', message } } };
}

/** `POST /collections/<name>/query`: one page of the matching documents, sorted, and how many match. */
function queryCollection(emulator: Emulator, name: string, body: unknown): ControlReply {
  const parsed = QueryBody.safeParse(body);
  if (!parsed.success) return badRequest(parsed.error);
  const { filter, sort, offset, limit } = parsed.data;
  const condition = materialize(EJSON.deserialize(filter, { relaxed: true }), emulator.options.clock.now()) as Doc;
  const test = compileQuery(condition);
  const matching = emulator.store.scan(name).filter((doc) => test(doc));
  const documents = find(matching, {}, { order: sort, offset, limit });
  // Relaxed EJSON, as GET .../documents answers: dates stay dates through an edit.
  return {
    status: 200,
    body: EJSON.stringify({ total: matching.length, documents }, { relaxed: true }),
    contentType: 'application/json',
  };
}

/** `GET /stats/invocations?function=&openid=&status=&origin=calls|timers|all&offset=&limit=`. */
function listInvocations(emulator: Emulator, url: URL): ControlReply {
  const parsed = InvocationQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return badRequest(parsed.error);
  const page = emulator.stats.list(parsed.data);
  return { status: 200, body: { ...page, timerGroups: emulator.stats.timerGroups() } };
}

export function consoleRoutes(emulator: Emulator): ControlRoute[] {
  return [
    {
      method: 'POST',
      pattern: /^\/collections\/([^/]+)\/query$/,
      handle: ({ params, body }) => queryCollection(emulator, params[0] ?? '', body),
    },
    { method: 'GET', pattern: /^\/stats\/invocations$/, handle: ({ url }) => listInvocations(emulator, url) },
  ];
}
