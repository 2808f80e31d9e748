/**
 * The only code that touches @cloudbase/manager-node: a thin translation between the deploy's
 * CloudBaseApi and the official management SDK, which signs and sends Tencent Cloud API 3.0
 * requests (tcb and scf services). Errors come back as ApiError with a stable code.
 */
import CloudBase from '@cloudbase/manager-node';
import { statSync } from 'node:fs';
import { join } from 'node:path';
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
} from './model';

export interface ManagerOptions {
  secretId: string;
  secretKey: string;
  /** Session token of temporary credentials, if any. */
  token?: string;
  envId: string;
  /** Tencent Cloud region of the environment; the SDK defaults to ap-shanghai. */
  region?: string;
  /** The mini-program AppID: the security-rule API wants it for WeChat environments. */
  wxAppId?: string;
}

/** The direct upload takes zips up to 1.5 MB; bigger packages go through the SDK's COS upload. */
const DIRECT_UPLOAD_LIMIT = 1_400_000;
const UPLOAD_IGNORE = ['**/*.map'];

export function connectManager(options: ManagerOptions): CloudBaseApi {
  // Not CloudBase.init: that caches one instance per process, which would pin the first env.
  const app = new CloudBase({
    secretId: options.secretId,
    secretKey: options.secretKey,
    token: options.token,
    envId: options.envId,
    region: options.region,
  });
  return new ManagerApi(app, options.envId, options.wxAppId);
}

class ManagerApi implements CloudBaseApi {
  constructor(
    private readonly app: CloudBase,
    private readonly envId: string,
    private readonly wxAppId: string | undefined,
  ) {}

  listEnvIds(): Promise<string[]> {
    return call('DescribeEnvs', async () => {
      const { EnvList } = await this.app.env.listEnvs();
      return (EnvList ?? []).map((env) => env.EnvId ?? '').filter((id) => id !== '');
    });
  }

  listCollections(): Promise<string[]> {
    return call('ListTables', async () => {
      const names: string[] = [];
      for (let offset = 0; ; offset += 100) {
        const page = await this.app.database.listCollections({ MgoLimit: 100, MgoOffset: offset });
        names.push(...page.Collections.map((table) => table.CollectionName));
        if (page.Collections.length < 100 || names.length >= page.Pager.Total) return names;
      }
    });
  }

  describeIndexes(collection: string): Promise<IndexState[]> {
    return call('DescribeTable', async () => {
      const { Indexes = [] } = await this.app.database.describeCollection(collection);
      return Indexes.map((index) => ({
        name: index.Name,
        keys: index.Keys.map((key) => ({ field: key.Name ?? '', direction: parseDirection(key.Direction) })),
        unique: index.Unique === true,
      }));
    });
  }

  async describeRule(collection: string): Promise<RuleState> {
    const Param: Record<string, string> = { EnvId: this.envId, CollectionName: collection };
    if (this.wxAppId) Param.WxAppId = this.wxAppId;
    try {
      const response = (await this.app.commonService().call({ Action: 'DescribeSafeRule', Param })) as {
        AclTag?: string;
        Rule?: string | null;
      };
      return { aclTag: response.AclTag ?? '', rule: response.Rule ?? null };
    } catch (error) {
      const failure = translate('DescribeSafeRule', error);
      // The API documents WxAppId as required for WeChat environments: say how to give it.
      if (failure.code !== 'API_ERROR' || this.wxAppId) throw failure;
      throw new ApiError(
        'API_ERROR',
        `${failure.message} If this is a WeChat mini-program environment, give its AppID: "appid" in project.config.json or --appid.`,
      );
    }
  }

  listFunctions(): Promise<string[]> {
    return call('ListFunctions', async () => {
      const functions = await this.app.functions.listAllFunctions({ envId: this.envId });
      return functions.map((fn) => fn.FunctionName ?? '').filter((name) => name !== '');
    });
  }

  getFunction(name: string): Promise<FunctionState> {
    return call('GetFunction', async () => {
      const detail = await this.app.functions.getFunctionDetail(name);
      const env: Record<string, string> = {};
      for (const variable of detail.Environment?.Variables ?? []) env[variable.Key] = variable.Value;
      return {
        name,
        runtime: detail.Runtime,
        handler: detail.Handler,
        timeout: detail.Timeout,
        memorySize: detail.MemorySize,
        env,
        triggers: (detail.Triggers ?? []).map((trigger) => ({
          name: trigger.TriggerName,
          type: trigger.Type,
          cron: parseTimerDescription(trigger.TriggerDesc),
        })),
      };
    });
  }

  createCollection(name: string): Promise<void> {
    return call('CreateTable', async () => {
      await this.app.database.createCollection(name);
    });
  }

  createIndex(collection: string, index: IndexSpec): Promise<void> {
    const MgoIndexKeys = index.keys.map((key) => ({ Name: key.field, Direction: String(key.direction) }));
    return call('UpdateTable', async () => {
      await this.app.database.updateCollection(collection, {
        CreateIndexes: [{ IndexName: index.name, MgoKeySchema: { MgoIsUnique: index.unique, MgoIndexKeys } }],
      });
    });
  }

  dropIndex(collection: string, indexName: string): Promise<void> {
    return call('UpdateTable', async () => {
      await this.app.database.updateCollection(collection, { DropIndexes: [{ IndexName: indexName }] });
    });
  }

  setRule(collection: string, rule: ClientRule): Promise<void> {
    const Param = { EnvId: this.envId, CollectionName: collection, AclTag: 'CUSTOM', Rule: JSON.stringify(rule) };
    return call('ModifySafeRule', async () => {
      await this.app.commonService().call({ Action: 'ModifySafeRule', Param });
    });
  }

  createFunction(fn: DesiredFunction): Promise<void> {
    return call('CreateFunction', async () => {
      await this.app.functions.createFunction({
        func: { ...codeConfig(fn), timeout: fn.timeout, memorySize: fn.memorySize, envVariables: fn.env },
        functionPath: fn.dir,
        deployMode: uploadMode(fn),
      });
    });
  }

  updateFunctionCode(fn: DesiredFunction): Promise<void> {
    return call('UpdateFunctionCode', async () => {
      await this.app.functions.updateFunctionCode({
        func: codeConfig(fn),
        functionPath: fn.dir,
        deployMode: uploadMode(fn),
      });
      // The configuration update that follows is refused while the function is still updating.
      await this.app.functions.waitFunctionActive(fn.name);
    });
  }

  updateFunctionConfig(fn: DesiredFunction): Promise<void> {
    return call('UpdateFunctionConfiguration', async () => {
      // No `triggers` here: the SDK would create them and swallow failures; triggers are steps of their own.
      await this.app.functions.updateFunctionConfig({
        name: fn.name,
        timeout: fn.timeout,
        memorySize: fn.memorySize,
        envVariables: fn.env,
      });
      await this.app.functions.waitFunctionActive(fn.name);
    });
  }

  createTrigger(functionName: string, trigger: DesiredTrigger): Promise<void> {
    return call('BatchCreateTrigger', async () => {
      await this.app.functions.createFunctionTriggers(functionName, [
        { name: trigger.name, type: 'timer', config: trigger.cron },
      ]);
    });
  }

  deleteTrigger(functionName: string, triggerName: string): Promise<void> {
    return call('DeleteTrigger', async () => {
      await this.app.functions.deleteFunctionTrigger(functionName, triggerName);
    });
  }
}

/** What both creation and code updates send about the code; the platform installs wx-server-sdk. */
function codeConfig(fn: DesiredFunction): {
  name: string;
  runtime: string;
  handler: string;
  installDependency: true;
  ignore: string[];
} {
  return { name: fn.name, runtime: fn.runtime, handler: fn.handler, installDependency: true, ignore: UPLOAD_IGNORE };
}

function uploadMode(fn: DesiredFunction): 'zip' | 'cos' {
  const bytes = fn.files.reduce((total, file) => total + statSync(join(fn.dir, file)).size, 0);
  return bytes <= DIRECT_UPLOAD_LIMIT ? 'zip' : 'cos';
}

function parseDirection(direction: string | undefined): 1 | -1 | string {
  if (direction === '1') return 1;
  if (direction === '-1') return -1;
  return direction ?? '';
}

/** Timer triggers describe themselves as {"cron": "..."}; anything else is kept as is. */
function parseTimerDescription(description: string | undefined): string {
  if (!description) return '';
  try {
    const parsed = JSON.parse(description) as { cron?: unknown };
    return typeof parsed.cron === 'string' ? parsed.cron : description;
  } catch {
    return description;
  }
}

async function call<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw translate(action, error);
  }
}

/** Maps SDK errors (CloudBaseError with a Tencent Cloud error code) to the deploy's codes. */
export function translate(action: string, error: unknown): ApiError {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  const codeText = typeof code === 'string' ? code : '';
  if (codeText === 'AuthFailure.UnauthorizedOperation' || codeText.startsWith('UnauthorizedOperation')) {
    return new ApiError(
      'PERMISSION_DENIED',
      `${action}: the credentials may not do this (${codeText}: ${text}). Grant the API key's user the QcloudTCBFullAccess and QcloudSCFFullAccess policies.`,
    );
  }
  if (codeText.startsWith('AuthFailure')) {
    return new ApiError(
      'CREDENTIALS_REJECTED',
      `${action}: Tencent Cloud rejected the credentials (${codeText}: ${text}). Check TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY.`,
    );
  }
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|ECONNRESET|socket hang up|network timeout/i.test(text)) {
    return new ApiError('NETWORK', `${action}: cannot reach the Tencent Cloud API (${text}).`);
  }
  return new ApiError('API_ERROR', `${action} failed${codeText ? ` (${codeText})` : ''}: ${text}`);
}
