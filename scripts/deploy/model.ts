/**
 * The shapes the deploy works with: what the repository wants (desired), what the environment
 * has (current), and the narrow interface to the CloudBase management API. Only
 * `manager.ts` implements that interface against the real SDK; tests implement it with a fake.
 */
import type { IndexSpec } from '@shared/collections';

/** Database security rule for mini-program clients; functions are never bound by it. */
export interface ClientRule {
  read: boolean;
  write: false;
}

export interface DesiredCollection {
  name: string;
  indexes: ReadonlyArray<IndexSpec>;
  rule: ClientRule;
}

export interface DesiredTrigger {
  name: string;
  /** 7-field cron, UTC+8. */
  cron: string;
}

export interface DesiredFunction {
  name: string;
  /** The built folder uploaded as the function's code. */
  dir: string;
  /** Files of `dir` that are uploaded (and hashed), relative, sorted. */
  files: string[];
  runtime: string;
  handler: string;
  timeout: number;
  memorySize: number;
  /** Open APIs the function may call; the platform reads them from the uploaded config.json. */
  openapi: string[];
  trigger: DesiredTrigger | null;
  /** Every environment variable the function gets, including DEPLOY_CODE_HASH. */
  env: Record<string, string>;
  /** Names whose values must never be printed. */
  secretNames: string[];
  codeHash: string;
}

export interface DesiredState {
  envId: string;
  collections: DesiredCollection[];
  functions: DesiredFunction[];
}

export interface IndexState {
  name: string;
  /** 1 or -1, or the platform's text for other kinds (e.g. '2dsphere'), which never match the schema. */
  keys: Array<{ field: string; direction: 1 | -1 | string }>;
  unique: boolean;
}

/** A collection's rule as the platform reports it: a preset tag, or CUSTOM with its JSON. */
export interface RuleState {
  aclTag: string;
  rule: unknown;
}

export interface CollectionState {
  name: string;
  indexes: IndexState[];
  rule: RuleState;
}

export interface TriggerState {
  name: string;
  type: string;
  /** The cron for timer triggers; the raw description otherwise. */
  cron: string;
}

export interface FunctionState {
  name: string;
  runtime: string;
  handler: string;
  timeout: number;
  memorySize: number;
  env: Record<string, string>;
  triggers: TriggerState[];
}

/** What the environment has, read before anything is changed. Only desired names are described. */
export interface CurrentState {
  collections: CollectionState[];
  functions: FunctionState[];
  /** Names present in the environment but not in the repository: reported, never touched. */
  otherCollections: string[];
  otherFunctions: string[];
}

/**
 * The management operations the deploy needs, bound to one environment. Reads never change
 * anything; every other method changes exactly one thing.
 */
export interface CloudBaseApi {
  /** Environments visible to the credentials: the first call of a deploy, and a read. */
  listEnvIds(): Promise<string[]>;
  listCollections(): Promise<string[]>;
  describeIndexes(collection: string): Promise<IndexState[]>;
  describeRule(collection: string): Promise<RuleState>;
  listFunctions(): Promise<string[]>;
  getFunction(name: string): Promise<FunctionState>;

  createCollection(name: string): Promise<void>;
  createIndex(collection: string, index: IndexSpec): Promise<void>;
  dropIndex(collection: string, indexName: string): Promise<void>;
  setRule(collection: string, rule: ClientRule): Promise<void>;
  /** Creates the function with its code, configuration and variables, but no trigger. */
  createFunction(fn: DesiredFunction): Promise<void>;
  updateFunctionCode(fn: DesiredFunction): Promise<void>;
  /** Sets timeout, memory and the complete set of environment variables. */
  updateFunctionConfig(fn: DesiredFunction): Promise<void>;
  createTrigger(functionName: string, trigger: DesiredTrigger): Promise<void>;
  deleteTrigger(functionName: string, triggerName: string): Promise<void>;
}

/** Stable codes of the failures a deploy reports (exit code 1, nothing or little changed). */
export type DeployErrorCode =
  | 'USAGE'
  | 'BUILD_FAILED'
  | 'INVALID_PROJECT'
  | 'MISSING_VARIABLE'
  | 'INVALID_VARIABLE'
  | 'MISSING_CREDENTIALS'
  | 'CREDENTIALS_REJECTED'
  | 'PERMISSION_DENIED'
  | 'ENV_NOT_FOUND'
  | 'NETWORK'
  | 'API_ERROR';

export interface DeployFailure {
  code: DeployErrorCode;
  message: string;
}

/**
 * What the adapter throws when the API refuses: the deploy turns it into a failure value.
 * Anything else thrown is a bug and propagates as is.
 */
export class ApiError extends Error {
  constructor(
    readonly code: DeployErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
