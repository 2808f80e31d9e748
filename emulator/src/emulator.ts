/**
 * The composition root of the emulator: database, transactions, durability, function runtime
 * and statistics, and the two ways in — the SDK's wire protocol (`handleWire`) and the control
 * plane used by tests, tools and the mini-program's local mode (`invoke`, `collections`, ...).
 */
import { randomBytes } from 'node:crypto';
import type { CollectionSpec } from '@shared/collections';
import { VirtualClock } from './clock';
import { DatabaseService, type WireBody } from './db/database';
import type { UnindexedScan } from './db/scanCheck';
import { Journal } from './db/journal';
import { keyOf, Store } from './db/store';
import { TransactionManager } from './db/transactions';
import { cloneDoc, type Doc } from './ejson';
import { errors, TcbApiError } from './errors';
import { FunctionRuntime, type Identity } from './functions/runtime';
import { consoleModule } from './console/module';
import { FaultInjector, faultModule } from './faults';
import { Interleaver, interleaveModule } from './interleave';
import { json, type ControlRoute, type EmulatorModule, type WireReply } from './module';
import { Scheduler } from './scheduler';
import { registerServices } from './services';
import { stateModule } from './state';
import { Stats, type InvocationOutcome, type InvocationStats } from './stats';
import { clockModule, schedulerModule } from './time';
import { TimerModule } from './timers';

export interface EmulatorOptions {
  envName: string;
  functionsDir: string;
  workerScript: string;
  /** Durable mode when set: the folder of the snapshot and journal. In-memory when undefined. */
  dataDir?: string;
  /** Added to every database request, to approximate the real network in benchmarks. */
  latencyMs: number;
  maxInstancesPerFunction: number;
  functionEnv: Record<string, string>;
  schema: ReadonlyArray<CollectionSpec>;
  clock: VirtualClock;
  /** Fire timers and scheduled jobs when the wall clock reaches them (off: only on clock moves). */
  runScheduler: boolean;
  /**
   * Which functions' timer triggers run: 'all' (as on the platform) or a list of function names.
   * Tests that move the clock by days name only the timers they are about, so an every-minute
   * timer of another feature does not run thousands of times in between.
   */
  timers: 'all' | readonly string[];
}

export interface InvokeRequest {
  openid?: string;
  appid?: string;
  unionid?: string;
  clientIp?: string;
  source?: string;
}

export interface InvokeResponse {
  result?: unknown;
  error?: { code: string; message: string };
  invocation: InvocationStats;
}

export const DEFAULT_APPID = 'wxemulatorappid';

/** Wire actions that change nothing: a timer run that sends only these is quiet (scheduler.ts, coalescing). */
const READ_ONLY_ACTIONS = new Set([
  'database.getDocument',
  'database.calculateDocument',
  'database.aggregateDocuments',
  'database.startTransaction',
  'database.abortTransaction',
  'storage.batchGetDownloadUrl',
]);

export class Emulator {
  readonly store: Store;
  readonly transactions: TransactionManager;
  readonly database: DatabaseService;
  readonly runtime: FunctionRuntime;
  readonly stats = new Stats();
  readonly scheduler: Scheduler;
  readonly timers: TimerModule;
  private readonly journal: Journal | undefined;
  private readonly identities = new Map<string, Identity>();
  private readonly modules: EmulatorModule[] = [];
  readonly faults = new FaultInjector();
  /** Off unless a test turns it on: lets wire requests through one at a time, in a seeded order. */
  readonly interleave = new Interleaver(
    () => this.transactions.waitingWriters(),
    (token) => this.runtime.activity(token),
  );
  private requestCounter = 0;
  /** Counts changes outside the database (service calls, control-plane actions), for `worldVersion`. */
  private serviceChanges = 0;
  private opened = false;
  private routes: ControlRoute[] | undefined;
  adminUrl = '';

  constructor(readonly options: EmulatorOptions) {
    this.store = new Store(options.envName);
    this.transactions = new TransactionManager(this.store, options.clock);
    this.database = new DatabaseService(this.store, this.transactions, options.clock);
    this.runtime = new FunctionRuntime({
      functionsDir: options.functionsDir,
      workerScript: options.workerScript,
      envName: options.envName,
      adminUrl: () => this.adminUrl,
      maxInstancesPerFunction: options.maxInstancesPerFunction,
      functionEnv: options.functionEnv,
      clock: options.clock,
      gate: this.interleave,
    });
    this.scheduler = new Scheduler(options.clock, {
      worldVersion: () => this.store.seq + this.serviceChanges,
      // Payment and payout jobs are kept durably at once; timer slots without an fsync each (Journal.writeRecords).
      afterJobs: (oneShots) => (oneShots ? this.persist() : this.persist(['scheduler'], false)),
    });
    options.clock.onChange(() => {
      this.runtime.broadcastClock();
      this.persist(['clock']);
    });
    this.timers = new TimerModule(this, this.scheduler);
    this.use(this.timers);
    // The clock's state is restored before the scheduler's, which counts missed slots by it.
    this.use(clockModule(options.clock, this.scheduler));
    this.use(schedulerModule(this.scheduler));
    this.use(stateModule(this));
    this.use(faultModule(this.faults));
    this.use(interleaveModule(this.interleave));
    this.use(consoleModule(this));
    registerServices(this);
    this.journal = options.dataDir ? new Journal(options.dataDir) : undefined;
  }

  /** Opens storage and creates the schema's collections. Returns true when the data was empty. */
  open(): boolean {
    const empty = this.journal ? this.journal.isEmpty() : true;
    const journal = this.journal;
    journal?.open(this.store, () => {
      for (const module of this.journaledModules()) {
        if (journal.hasRecords(module.name)) module.importState?.(journal.recordsOf(module.name));
        journal.replaceRecords(module.name, module.exportState?.() ?? {});
      }
    });
    this.opened = true;
    this.createSchema();
    this.persist();
    for (const [label, count] of this.scheduler.missedWhileStopped)
      console.warn(
        `[emulator] ${label}: ${count} slots came due while the emulator was stopped; the latest of them fires now`,
      );
    if (this.options.runScheduler) this.scheduler.start();
    return empty;
  }

  /** Modules whose state the journal keeps (storage keeps its files on disk by itself). */
  private journaledModules(): EmulatorModule[] {
    return this.modules.filter((module) => module.exportState && module.importState && !module.durableByItself);
  }

  /**
   * Durable mode: journals the module states that changed (all modules, or those named), with an
   * fsync unless `sync` is false. Called before an action is acknowledged (a wire reply, a
   * control-plane answer, a clock move) and by modules before they notify a function of a change.
   */
  persist(names?: readonly string[], sync = true): void {
    if (!this.journal || !this.opened) return;
    for (const module of this.journaledModules()) {
      if (names && !names.includes(module.name)) continue;
      this.journal.writeRecords(module.name, module.exportState?.() ?? {}, sync);
    }
  }

  /** The registered modules, in registration order (the state file walks them). */
  get moduleList(): readonly EmulatorModule[] {
    return this.modules;
  }

  /** Creates the schema's collections that do not exist (after a reset or a state import). */
  createSchema(): void {
    for (const spec of this.options.schema) {
      if (!this.store.hasCollection(spec.name)) this.store.createCollection(spec.name, spec.indexes);
    }
  }

  /** Durable mode: writes the whole state as a new snapshot (after the state was replaced). */
  compactJournal(): void {
    this.journal?.compact(this.store);
  }

  nextRequestId(): string {
    this.requestCounter += 1;
    return `emu-${this.requestCounter.toString(16).padStart(8, '0')}`;
  }

  /** Registers a platform service (payments, open API, ...): its wire actions and control routes. */
  use(module: EmulatorModule): void {
    this.modules.push(module);
    this.routes = undefined;
  }

  /** The modules' control routes; an answer to anything but a GET comes after its changes are durable. */
  get controlRoutes(): ControlRoute[] {
    this.routes ??= this.modules.flatMap((module) =>
      (module.routes ?? []).map((route) =>
        route.method === 'GET'
          ? route
          : {
              ...route,
              handle: async (request) => {
                this.serviceChanges += 1;
                const reply = await route.handle(request);
                this.persist();
                return reply;
              },
            },
      ),
    );
    return this.routes;
  }

  /** The running invocation that sent a wire token, and the identity it runs as. */
  caller(token: string | undefined): { invocation?: InvocationStats; identity?: Identity } {
    return { invocation: this.stats.invocationOf(token), identity: token ? this.identities.get(token) : undefined };
  }

  /** Handles one POST /admin request (JSON body or multipart fields); errors become values. */
  async handleWire(fields: WireBody, seq?: number): Promise<WireReply> {
    const requestId = this.nextRequestId();
    const action = typeof fields.action === 'string' ? fields.action : '';
    const token = typeof fields.wxCloudApiToken === 'string' ? fields.wxCloudApiToken : undefined;
    // Before the fault rules count it, so an `nth` rule fires on the same request in a replay.
    const handled = await this.interleave.enter(action, token, seq);
    const started = performance.now();
    try {
      const fault = this.faults.forRequest(action, this.stats.invocationOf(token)?.function);
      if (fault?.kind === 'fail') throw new TcbApiError(fault.code ?? 'SYS_ERR', fault.message);
      if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 0);
      if (fault?.kind === 'pause') await this.faults.paused(fault);
      if (action.startsWith('database.') && this.options.latencyMs > 0) await sleep(this.options.latencyMs);
      const reply = await this.dispatch(action, fields, token);
      // The work is done (a write is committed); now the answer is lost or the instance dies.
      if (fault?.kind === 'loseResponse') return { kind: 'drop' };
      if (fault?.kind === 'killInstance' && token) {
        this.runtime.killByToken(token, 'Error: the function instance was killed (fault injected by the emulator)');
        return { kind: 'drop' };
      }
      return reply.kind === 'json' ? { kind: 'json', body: { requestId, ...reply.body } } : reply;
    } catch (error) {
      if (error instanceof TcbApiError)
        return { kind: 'json', body: { code: error.code, message: error.message, requestId } };
      throw error;
    } finally {
      handled();
      this.stats.recordRequest(action, token, performance.now() - started);
    }
  }

  private async dispatch(action: string, body: WireBody, token: string | undefined): Promise<WireReply> {
    if (!READ_ONLY_ACTIONS.has(action)) this.serviceChanges += 1;
    for (const module of this.modules) {
      const handler = module.actions?.[action];
      if (!handler) continue;
      const reply = await handler({ action, fields: body, ...this.caller(token) });
      this.persist();
      return reply;
    }
    return json(await this.databaseAction(action, body, token));
  }

  private async databaseAction(
    action: string,
    body: WireBody,
    token: string | undefined,
  ): Promise<Record<string, unknown>> {
    const db = this.database;
    const report = (scan: UnindexedScan): void => this.stats.recordUnindexedScan(token, scan);
    switch (action) {
      case 'database.getDocument':
        return { data: await db.getDocument(body, report) };
      case 'database.calculateDocument':
        return { data: await db.calculateDocument(body, report) };
      case 'database.insertDocument':
        return { data: await db.insertDocument(body) };
      case 'database.modifyDocument':
        return { data: await db.modifyDocument(body, report) };
      case 'database.removeDocument':
        return { data: await db.removeDocument(body, report) };
      case 'database.aggregateDocuments':
        return { data: await db.aggregateDocuments(body, report) };
      case 'database.addCollection':
        return { data: await db.addCollection(body) };
      case 'database.startTransaction':
        return { transactionId: this.transactions.begin() };
      case 'database.commitTransaction':
        this.transactions.commit(String(body.transactionId));
        return {};
      case 'database.abortTransaction':
        this.transactions.abort(String(body.transactionId));
        return {};
      case 'functions.invokeFunction':
        return { data: await this.invokeFromFunction(body, token) };
      default:
        throw errors.unknownAction(action);
    }
  }

  /** cloud.callFunction inside a function: the callee runs as the caller's user (docs/platform.md section 4). */
  private async invokeFromFunction(body: WireBody, token: string | undefined): Promise<WireBody> {
    const name = String(body.function_name ?? '');
    const caller = token ? this.identities.get(token) : undefined;
    const data = typeof body.request_data === 'string' ? (JSON.parse(body.request_data) as unknown) : {};
    // A call from a server SDK outside any invocation (a script, a test) has no user: source `scf`.
    const identity: Identity = { ...caller, source: caller ? `${caller.source},scf` : 'scf', trigger: 'tcb' };
    const response = await this.invokeAs(name, data, identity);
    if (response.error) throw new TcbApiError(response.error.code, response.error.message);
    return { response_data: JSON.stringify(response.result) };
  }

  /** Invokes a function as a mini-program user (control plane and tests). */
  async invoke(name: string, data: unknown, request: InvokeRequest = {}): Promise<InvokeResponse> {
    const identity: Identity = {
      openid: request.openid,
      appid: request.appid ?? (request.openid ? DEFAULT_APPID : undefined),
      unionid: request.unionid,
      clientIp: request.clientIp ?? (request.openid ? '127.0.0.1' : undefined),
      source: request.source ?? 'wx_client',
      trigger: 'tcb',
    };
    return this.invokeAs(name, data, identity);
  }

  async invokeAs(name: string, data: unknown, identity: Identity): Promise<InvokeResponse> {
    const token = randomBytes(16).toString('hex');
    const invocation = this.stats.startInvocation(
      {
        id: this.nextRequestId(),
        function: name,
        openid: identity.openid ?? null,
        source: identity.source,
        startedAt: this.options.clock.now(),
      },
      token,
    );
    this.interleave.started(token);
    const started = performance.now();
    this.identities.set(token, identity);
    let outcome: InvocationOutcome = {};
    try {
      outcome = await this.run(name, data, identity, token);
    } catch (error) {
      if (!(error instanceof TcbApiError)) throw error;
      outcome = { error: { code: error.code, message: error.message } };
    } finally {
      this.identities.delete(token);
      this.stats.finishInvocation(invocation, token, outcome, performance.now() - started);
      this.interleave.ended(token);
    }
    if (outcome.error) return { error: outcome.error, invocation };
    return { result: JSON.parse(outcome.resultJson ?? 'null') as unknown, invocation };
  }

  /** Runs one invocation, applying any fault injected for the function. */
  private async run(name: string, data: unknown, identity: Identity, token: string): Promise<InvocationOutcome> {
    if (!this.runtime.has(name)) throw errors.functionExecuteFail(`FunctionName parameter could not be found: ${name}`);
    const eventJson = JSON.stringify({
      ...(data as Record<string, unknown>),
      ...(identity.openid ? { userInfo: { appId: identity.appid, openId: identity.openid } } : {}),
    });
    this.stats.recordInput(token, eventJson);
    const fault = this.faults.forInvocation(name);
    if (fault?.kind === 'fail') throw new TcbApiError(fault.code ?? 'FUNCTIONS_EXECUTE_FAIL', fault.message);
    if (fault?.kind === 'delay') await sleep(fault.delayMs ?? 0);
    if (fault?.kind === 'pause') await this.faults.paused(fault);
    const killAfterMs = fault?.kind === 'killInstance' ? (fault.delayMs ?? 0) : undefined;
    const outcome = await this.runtime.invoke(name, eventJson, identity, token, killAfterMs);
    const { queuedMs, logs } = outcome;
    // The function ran to the end, but its caller never hears so.
    if (fault?.kind === 'loseResponse' && outcome.ok) {
      const lost = errors.functionExecuteFail('Error: the response was lost (fault injected by the emulator)');
      return { error: { code: lost.code, message: lost.message }, queuedMs, logs };
    }
    if (outcome.ok) return { resultJson: outcome.resultJson ?? 'null', queuedMs, logs };
    const error = outcome.error ?? errors.functionExecuteFail('unknown failure');
    return { error: { code: error.code, message: error.message }, queuedMs, logs };
  }

  /** Inserts documents directly (seeding and the control plane); ids are generated when absent. */
  insert(collection: string, docs: Doc[]): unknown[] {
    this.store.collection(collection);
    const prepared = docs.map((doc) => ({ _id: doc._id ?? randomBytes(16).toString('hex'), ...cloneDoc(doc) }));
    this.store.apply(prepared.map((doc) => ({ collection, key: keyOf(doc._id), doc })));
    return prepared.map((doc) => doc._id);
  }

  /** Replaces or removes one document directly (control plane). */
  put(collection: string, id: string, doc: Doc | null): void {
    this.store.collection(collection);
    this.store.apply([{ collection, key: keyOf(id), doc: doc ? { ...cloneDoc(doc), _id: id } : null }]);
  }

  /** Drops all data and statistics and recreates the schema's empty collections. */
  reset(): void {
    this.transactions.endAll();
    this.store.clear();
    this.stats.reset();
    for (const module of this.modules) module.reset?.();
    this.options.clock.reset();
    this.scheduler.clear();
    this.createSchema();
    this.persist();
    this.journal?.compact(this.store);
  }

  async stop(): Promise<void> {
    this.scheduler.stop();
    this.transactions.endAll();
    for (const module of this.modules) await module.stop?.();
    await this.runtime.stop();
    this.persist();
    this.opened = false;
    this.journal?.close();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
