/**
 * An in-process stand-in of the deploy's CloudBaseApi: holds an environment's collections,
 * indexes, rules and functions (configuration, variables, uploaded code hash, triggers) and
 * records every call, so tests can assert exactly which calls a deploy makes.
 */
import type { IndexSpec } from '@shared/collections';
import {
  ApiError,
  type ClientRule,
  type CloudBaseApi,
  type DesiredFunction,
  type DesiredTrigger,
  type FunctionState,
  type IndexState,
  type RuleState,
} from '../../scripts/deploy/model';

export interface Call {
  method: keyof CloudBaseApi;
  /** Short human-readable arguments, e.g. "catalog uniq_slug". */
  target: string;
}

const READS: ReadonlyArray<keyof CloudBaseApi> = [
  'listEnvIds',
  'listCollections',
  'describeIndexes',
  'describeRule',
  'listFunctions',
  'getFunction',
];

export interface FakeFunction extends FunctionState {
  /** Hash of the code last uploaded, to check uploads happened (the platform does not show it). */
  uploadedCode: string;
  openapi: string[];
}

export class FakeCloudBase implements CloudBaseApi {
  readonly calls: Call[] = [];
  envIds = ['shop-1'];
  readonly collections = new Map<string, { indexes: IndexState[]; rule: RuleState }>();
  readonly functions = new Map<string, FakeFunction>();
  /** When set, the named method throws this error instead of running. */
  failures = new Map<keyof CloudBaseApi, ApiError>();

  changingCalls(): string[] {
    return this.calls.filter((call) => !READS.includes(call.method)).map((call) => `${call.method} ${call.target}`);
  }

  readCalls(): string[] {
    return this.calls
      .filter((call) => READS.includes(call.method))
      .map((call) => `${call.method} ${call.target}`.trim());
  }

  private record(method: keyof CloudBaseApi, target = ''): void {
    this.calls.push({ method, target });
    const failure = this.failures.get(method);
    if (failure) throw failure;
  }

  async listEnvIds(): Promise<string[]> {
    this.record('listEnvIds');
    return [...this.envIds];
  }

  async listCollections(): Promise<string[]> {
    this.record('listCollections');
    return [...this.collections.keys()];
  }

  async describeIndexes(collection: string): Promise<IndexState[]> {
    this.record('describeIndexes', collection);
    return structuredClone(this.collection(collection).indexes);
  }

  async describeRule(collection: string): Promise<RuleState> {
    this.record('describeRule', collection);
    return structuredClone(this.collection(collection).rule);
  }

  async listFunctions(): Promise<string[]> {
    this.record('listFunctions');
    return [...this.functions.keys()];
  }

  async getFunction(name: string): Promise<FunctionState> {
    this.record('getFunction', name);
    const { uploadedCode: _code, openapi: _openapi, ...state } = this.fn(name);
    return structuredClone(state);
  }

  async createCollection(name: string): Promise<void> {
    this.record('createCollection', name);
    if (this.collections.has(name)) throw new ApiError('API_ERROR', `collection ${name} exists`);
    // New collections on the platform only let admins (functions) in.
    this.collections.set(name, {
      indexes: [{ name: '_id_', keys: [{ field: '_id', direction: 1 }], unique: true }],
      rule: { aclTag: 'ADMINONLY', rule: null },
    });
  }

  async createIndex(collection: string, index: IndexSpec): Promise<void> {
    this.record('createIndex', `${collection} ${index.name}`);
    const state = this.collection(collection);
    if (state.indexes.some((existing) => existing.name === index.name))
      throw new ApiError('API_ERROR', `index ${index.name} exists`);
    state.indexes.push({ name: index.name, keys: index.keys.map((key) => ({ ...key })), unique: index.unique });
  }

  async dropIndex(collection: string, indexName: string): Promise<void> {
    this.record('dropIndex', `${collection} ${indexName}`);
    const state = this.collection(collection);
    state.indexes = state.indexes.filter((index) => index.name !== indexName);
  }

  async setRule(collection: string, rule: ClientRule): Promise<void> {
    this.record('setRule', `${collection} ${JSON.stringify(rule)}`);
    this.collection(collection).rule = { aclTag: 'CUSTOM', rule: JSON.stringify(rule) };
  }

  async createFunction(fn: DesiredFunction): Promise<void> {
    this.record('createFunction', fn.name);
    if (this.functions.has(fn.name)) throw new ApiError('API_ERROR', `function ${fn.name} exists`);
    this.functions.set(fn.name, {
      name: fn.name,
      runtime: fn.runtime,
      handler: fn.handler,
      timeout: fn.timeout,
      memorySize: fn.memorySize,
      env: { ...fn.env },
      triggers: [],
      uploadedCode: fn.codeHash,
      openapi: [...fn.openapi],
    });
  }

  async updateFunctionCode(fn: DesiredFunction): Promise<void> {
    this.record('updateFunctionCode', fn.name);
    const state = this.fn(fn.name);
    state.uploadedCode = fn.codeHash;
    state.handler = fn.handler;
    state.openapi = [...fn.openapi];
  }

  async updateFunctionConfig(fn: DesiredFunction): Promise<void> {
    this.record('updateFunctionConfig', fn.name);
    Object.assign(this.fn(fn.name), { timeout: fn.timeout, memorySize: fn.memorySize, env: { ...fn.env } });
  }

  async createTrigger(functionName: string, trigger: DesiredTrigger): Promise<void> {
    this.record('createTrigger', `${functionName} ${trigger.name}`);
    const state = this.fn(functionName);
    if (state.triggers.some((existing) => existing.name === trigger.name))
      throw new ApiError('API_ERROR', `trigger ${trigger.name} exists`);
    state.triggers.push({ name: trigger.name, type: 'timer', cron: trigger.cron });
  }

  async deleteTrigger(functionName: string, triggerName: string): Promise<void> {
    this.record('deleteTrigger', `${functionName} ${triggerName}`);
    const state = this.fn(functionName);
    state.triggers = state.triggers.filter((trigger) => trigger.name !== triggerName);
  }

  collection(name: string): { indexes: IndexState[]; rule: RuleState } {
    const state = this.collections.get(name);
    if (!state) throw new ApiError('API_ERROR', `no collection ${name}`);
    return state;
  }

  fn(name: string): FakeFunction {
    const state = this.functions.get(name);
    if (!state) throw new ApiError('API_ERROR', `no function ${name}`);
    return state;
  }
}
