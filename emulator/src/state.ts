/**
 * The whole local state as one JSON file: `GET /_emulator/state` answers it, `PUT /_emulator/state`
 * with that file's content replaces the whole local state (durable mode writes it at once). The
 * file holds every collection (indexes, and documents as canonical EJSON, so dates and the
 * int/double distinction survive) and every module's state: payments, payouts, scheduled jobs,
 * timer slots, the clock's offset and stored files (base64).
 */
import { z } from 'zod';
import type { IndexSpec } from '@shared/collections';
import type { Emulator } from './emulator';
import { cloneDoc, parseEjson, stringifyEjson, type Doc } from './ejson';
import { keyOf, Store } from './db/store';
import type { ControlReply, EmulatorModule, ModuleState } from './module';

export const STATE_FORMAT = 'cloudbase-emulator-state';
const STATE_VERSION = 1;

const IndexSpecShape = z.object({
  name: z.string().min(1),
  keys: z.array(z.object({ field: z.string().min(1), direction: z.union([z.literal(1), z.literal(-1)]) })),
  unique: z.boolean(),
});

const StateFileShape = z.object({
  format: z.literal(STATE_FORMAT),
  version: z.literal(STATE_VERSION),
  envName: z.string().optional(),
  exportedAt: z.string().optional(),
  collections: z.array(
    z.object({
      name: z.string().min(1),
      indexes: z.array(IndexSpecShape),
      documents: z.array(z.record(z.string(), z.unknown())),
    }),
  ),
  modules: z.record(z.string(), z.record(z.string(), z.unknown())),
});

export type StateFile = z.output<typeof StateFileShape>;

/** The whole local state, as the file `GET /_emulator/state` answers. */
export function exportState(emulator: Emulator): StateFile {
  const modules: Record<string, ModuleState> = {};
  for (const module of emulator.moduleList) if (module.exportState) modules[module.name] = module.exportState();
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    envName: emulator.options.envName,
    exportedAt: new Date(emulator.options.clock.now()).toISOString(),
    collections: [...emulator.store.entries()].map(({ collection, indexes, docs }) => ({
      name: collection,
      indexes: indexes.map((index) => ({ ...index, keys: [...index.keys] })),
      documents: docs.map((doc) => JSON.parse(stringifyEjson(doc)) as Record<string, unknown>),
    })),
    modules,
  };
}

/**
 * Replaces the whole local state with a state file: the collections, then every module's state
 * (a module the file does not mention is emptied). Open transactions end; statistics are kept.
 * The schema's collections missing from the file are created empty. Durable mode writes a new
 * snapshot before this returns.
 */
export function importState(emulator: Emulator, input: unknown): { ok: true } | { ok: false; message: string } {
  const parsed = StateFileShape.safeParse(input);
  if (!parsed.success) return { ok: false, message: `not a state file: ${parsed.error.message}` };
  const file = parsed.data;
  const collections = file.collections.map((collection) => ({
    name: collection.name,
    indexes: collection.indexes as IndexSpec[],
    documents: collection.documents.map((doc) => parseEjson(JSON.stringify(doc), 0) as Doc),
  }));
  // Loaded into a scratch store first: a file that breaks a unique index is refused before anything changes.
  load(new Store(emulator.options.envName), collections);
  emulator.transactions.endAll();
  emulator.store.clear();
  load(emulator.store, collections);
  emulator.createSchema();
  emulator.scheduler.clear();
  // Module order matters: the clock comes back before the scheduler counts slots by it.
  for (const module of emulator.moduleList) {
    if (!module.importState) continue;
    const state = file.modules[module.name];
    if (state) module.importState(state);
    else module.reset?.();
  }
  emulator.persist();
  emulator.compactJournal();
  return { ok: true };
}

function load(
  store: Store,
  collections: ReadonlyArray<{ name: string; indexes: IndexSpec[]; documents: Doc[] }>,
): void {
  for (const { name, indexes, documents } of collections) {
    store.createCollection(name, indexes);
    store.apply(documents.map((doc) => ({ collection: name, key: keyOf(doc._id), doc: cloneDoc(doc) })));
  }
}

function badRequest(message: string): ControlReply {
  return { status: 400, body: { error: { code: 'BAD_STATE_FILE', message } } };
}

export function stateModule(emulator: Emulator): EmulatorModule {
  return {
    name: 'state',
    routes: [
      {
        method: 'GET',
        pattern: /^\/state$/,
        handle: () => ({
          status: 200,
          body: JSON.stringify(exportState(emulator)),
          contentType: 'application/json',
        }),
      },
      {
        method: 'PUT',
        pattern: /^\/state$/,
        handle: ({ body }) => {
          try {
            const outcome = importState(emulator, body);
            return outcome.ok ? { status: 200, body: { ok: true } } : badRequest(outcome.message);
          } catch (error) {
            // A file that breaks the platform's rules (a duplicate key) is refused the same way.
            return badRequest(error instanceof Error ? error.message : String(error));
          }
        },
      },
    ],
  };
}
