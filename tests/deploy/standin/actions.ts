/**
 * The API actions the stand-in answers, with the request and response fields manager-node
 * sends and reads (tcb 2018-06-08 for environments, tables, rules and the function list;
 * scf 2018-04-16 for functions and triggers). Unknown actions answer InvalidAction, so a
 * deploy that starts using a new action fails here until the stand-in learns it.
 */
import { unzip } from './zip';

export interface StandinIndex {
  Name: string;
  Keys: Array<{ Name: string; Direction: string }>;
  Unique: boolean;
}

export interface StandinTable {
  indexes: StandinIndex[];
  aclTag: string;
  rule: string | null;
}

export interface StandinFunction {
  Runtime: string;
  Handler: string;
  Timeout: number;
  MemorySize: number;
  InstallDependency: string;
  Variables: Array<{ Key: string; Value: string }>;
  Triggers: Array<{ TriggerName: string; Type: string; TriggerDesc: string }>;
  files: Map<string, Buffer>;
}

export interface StandinState {
  envIds: string[];
  tables: Map<string, StandinTable>;
  functions: Map<string, StandinFunction>;
}

type Params = Record<string, unknown>;
export type Answer = { data: Record<string, unknown> } | { error: { code: string; message: string } };

const fail = (code: string, message: string): Answer => ({ error: { code, message } });
const ok = (data: Record<string, unknown> = {}): Answer => ({ data });

export function handleAction(state: StandinState, service: string, action: string, params: Params): Answer {
  const handler = (service === 'tcb' ? TCB : service === 'scf' ? SCF : {})[action];
  if (!handler) return fail('InvalidAction', `${service} has no action ${action} in the stand-in`);
  const envId = String(params.EnvId ?? params.Namespace ?? '');
  if (action !== 'DescribeEnvs' && !state.envIds.includes(envId))
    return fail('ResourceNotFound.Env', `environment ${envId} does not exist`);
  return handler(state, params);
}

const TCB: Record<string, (state: StandinState, params: Params) => Answer> = {
  DescribeEnvs: (state) =>
    ok({ EnvList: state.envIds.map((EnvId) => ({ EnvId, Alias: EnvId, Status: 'NORMAL', Source: 'miniapp' })) }),
  DescribeEnvInfo: (_state, params) =>
    ok({
      EnvInfo: {
        EnvBaseInfo: {
          EnvId: params.EnvId,
          Alias: params.EnvId,
          Status: 'NORMAL',
          Region: 'ap-shanghai',
          Databases: [{ InstanceId: 'tnt-standin', Status: 'RUNNING' }],
          Functions: [{ Namespace: params.EnvId }],
          Storages: [],
          LogServices: [],
        },
        UserInfo: { AppId: '1250000000' },
      },
    }),
  ListTables: (state, params) => {
    const names = [...state.tables.keys()];
    const offset = Number(params.MgoOffset ?? 0);
    const limit = Number(params.MgoLimit ?? 100);
    const Tables = names
      .slice(offset, offset + limit)
      .map((TableName) => ({ TableName, Count: 0, Size: 0, IndexCount: 1, IndexSize: 0 }));
    return ok({ Tables, Pager: { Offset: offset, Limit: limit, Total: names.length } });
  },
  DescribeTable: (state, params) =>
    withTable(state, params.TableName, (table) => ok({ Indexes: table.indexes, IndexNum: table.indexes.length })),
  CreateTable: (state, params) => {
    const name = String(params.TableName);
    if (state.tables.has(name)) return fail('ResourceInUse', `table ${name} exists`);
    state.tables.set(name, {
      indexes: [{ Name: '_id_', Keys: [{ Name: '_id', Direction: '1' }], Unique: true }],
      aclTag: 'ADMINONLY',
      rule: null,
    });
    return ok();
  },
  UpdateTable: (state, params) => withTable(state, params.TableName, (table) => updateTable(table, params)),
  DescribeSafeRule: (state, params) =>
    withTable(state, params.CollectionName, (table) => ok({ AclTag: table.aclTag, Rule: table.rule })),
  ModifySafeRule: (state, params) =>
    withTable(state, params.CollectionName, (table) => {
      const aclTag = String(params.AclTag);
      if (aclTag === 'CUSTOM' && typeof params.Rule !== 'string')
        return fail('InvalidParameter', 'Rule is required for CUSTOM');
      if (aclTag === 'CUSTOM') JSON.parse(params.Rule as string);
      // The real service stores rules formatted for its console editor.
      table.aclTag = aclTag;
      table.rule = aclTag === 'CUSTOM' ? JSON.stringify(JSON.parse(params.Rule as string), null, 2) : null;
      return ok();
    }),
  ListFunctions: (state, params) => {
    const names = [...state.functions.keys()];
    const offset = Number(params.Offset ?? 0);
    const Functions = names.slice(offset, offset + Number(params.Limit ?? 20)).map((FunctionName) => ({
      FunctionName,
      Runtime: state.functions.get(FunctionName)?.Runtime,
      Status: 'Active',
    }));
    return ok({ Functions, TotalCount: names.length });
  },
};

const SCF: Record<string, (state: StandinState, params: Params) => Answer> = {
  GetFunction: (state, params) =>
    withFunction(state, params.FunctionName, (fn) =>
      ok({
        FunctionName: params.FunctionName,
        Namespace: params.Namespace,
        Runtime: fn.Runtime,
        Handler: fn.Handler,
        Timeout: fn.Timeout,
        MemorySize: fn.MemorySize,
        InstallDependency: fn.InstallDependency,
        Environment: { Variables: fn.Variables },
        Triggers: fn.Triggers,
        VpcConfig: { VpcId: '', SubnetId: '' },
        Status: 'Active',
      }),
    ),
  CreateFunction: (state, params) => {
    const name = String(params.FunctionName);
    if (state.functions.has(name)) return fail('ResourceInUse.Function', `function ${name} exists`);
    const files = unzipCode(params.Code);
    if (!files) return fail('InvalidParameterValue.Code', 'Code.ZipFile is required');
    state.functions.set(name, {
      Runtime: String(params.Runtime),
      Handler: String(params.Handler),
      Timeout: Number(params.Timeout ?? 3),
      MemorySize: Number(params.MemorySize ?? 128),
      InstallDependency: String(params.InstallDependency ?? 'FALSE'),
      Variables: variablesOf(params),
      Triggers: [],
      files,
    });
    return ok();
  },
  UpdateFunctionCode: (state, params) =>
    withFunction(state, params.FunctionName, (fn) => {
      const files = unzipCode(params.Code);
      if (!files) return fail('InvalidParameterValue.Code', 'Code.ZipFile is required');
      Object.assign(fn, {
        files,
        Handler: String(params.Handler ?? fn.Handler),
        InstallDependency: String(params.InstallDependency ?? fn.InstallDependency),
      });
      return ok();
    }),
  UpdateFunctionConfiguration: (state, params) =>
    withFunction(state, params.FunctionName, (fn) => {
      if (params.Timeout !== undefined) fn.Timeout = Number(params.Timeout);
      if (params.MemorySize !== undefined) fn.MemorySize = Number(params.MemorySize);
      if (params.Environment !== undefined) fn.Variables = variablesOf(params);
      return ok();
    }),
  BatchCreateTrigger: (state, params) =>
    withFunction(state, params.FunctionName, (fn) => {
      const triggers = JSON.parse(String(params.Triggers)) as Array<{
        TriggerName: string;
        Type: string;
        TriggerDesc: string;
      }>;
      for (const trigger of triggers) {
        if (fn.Triggers.some((existing) => existing.TriggerName === trigger.TriggerName))
          return fail('ResourceInUse.Trigger', `trigger ${trigger.TriggerName} exists`);
        fn.Triggers.push({
          TriggerName: trigger.TriggerName,
          Type: trigger.Type,
          TriggerDesc: JSON.stringify({ cron: trigger.TriggerDesc }),
        });
      }
      return ok();
    }),
  DeleteTrigger: (state, params) =>
    withFunction(state, params.FunctionName, (fn) => {
      fn.Triggers = fn.Triggers.filter((trigger) => trigger.TriggerName !== params.TriggerName);
      return ok();
    }),
};

function updateTable(table: StandinTable, params: Params): Answer {
  const drops = (params.DropIndexes ?? []) as Array<{ IndexName: string }>;
  table.indexes = table.indexes.filter((index) => !drops.some((drop) => drop.IndexName === index.Name));
  const creates = (params.CreateIndexes ?? []) as Array<{
    IndexName: string;
    MgoKeySchema: { MgoIsUnique: boolean; MgoIndexKeys: Array<{ Name: string; Direction: string }> };
  }>;
  for (const create of creates) {
    if (table.indexes.some((index) => index.Name === create.IndexName))
      return fail('InvalidParameter', `index ${create.IndexName} exists`);
    table.indexes.push({
      Name: create.IndexName,
      Keys: create.MgoKeySchema.MgoIndexKeys,
      Unique: create.MgoKeySchema.MgoIsUnique,
    });
  }
  return ok();
}

function withTable(state: StandinState, name: unknown, run: (table: StandinTable) => Answer): Answer {
  const table = state.tables.get(String(name));
  return table ? run(table) : fail('ResourceNotFound.TableNotExist', `table ${String(name)} does not exist`);
}

function withFunction(state: StandinState, name: unknown, run: (fn: StandinFunction) => Answer): Answer {
  const fn = state.functions.get(String(name));
  return fn ? run(fn) : fail('ResourceNotFound.Function', `function ${String(name)} does not exist`);
}

function unzipCode(code: unknown): Map<string, Buffer> | null {
  const zip = (code as { ZipFile?: unknown } | undefined)?.ZipFile;
  return typeof zip === 'string' ? unzip(Buffer.from(zip, 'base64')) : null;
}

function variablesOf(params: Params): Array<{ Key: string; Value: string }> {
  return (
    (params.Environment as { Variables?: Array<{ Key: string; Value: unknown }> } | undefined)?.Variables ?? []
  ).map((v) => ({ Key: v.Key, Value: String(v.Value) }));
}
