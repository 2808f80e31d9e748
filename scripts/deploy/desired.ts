/**
 * What the repository wants deployed: every collection of the shared schema with its indexes
 * and client rule, and every built function with its configuration, variables and code hash.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { COLLECTIONS, type CollectionSpec } from '@shared/collections';
import { listFunctionNames, readFunctionConfig, type FunctionConfig } from '../functions';
import type { ClientRule, DeployFailure, DesiredCollection, DesiredFunction, DesiredState } from './model';
import { CODE_HASH_VARIABLE, inspectVariables, isSecret, type ResolvedVariables } from './variables';

/** CloudBase's recommended Node runtime; the build targets node16 so any offered runtime works. */
export const RUNTIME = 'Nodejs18.15';
export const HANDLER = 'index.main';
/** Every built function folder holds these; the platform needs all three. */
export const REQUIRED_FILES = ['config.json', 'index.js', 'package.json'];
/**
 * Source maps stay local: the platform does not start Node with --enable-source-maps, and
 * leaving them out keeps packages small enough for the direct (non-COS) upload.
 */
const NOT_UPLOADED = /\.map$/;
/** Shown instead of a value the deployer has not set, in the dry run only. */
export const NOT_SET = '<not set>';

/** Clients never write; `read` collections are public catalog data (see shared/collections.ts). */
export function clientRule(spec: CollectionSpec): ClientRule {
  return { read: spec.clientAccess === 'read', write: false };
}

export function desiredCollections(specs: readonly CollectionSpec[] = COLLECTIONS): DesiredCollection[] {
  return specs.map((spec) => ({ name: spec.name, indexes: spec.indexes, rule: clientRule(spec) }));
}

/** Files of a built folder, relative and sorted, recursively. */
export function listFiles(dir: string, root = dir): string[] {
  return readdirSync(dir)
    .flatMap((entry) => {
      const path = join(dir, entry);
      return statSync(path).isDirectory() ? listFiles(path, root) : [relative(root, path).split('\\').join('/')];
    })
    .sort();
}

/**
 * The identity of the uploaded code: sha256 over each uploaded file's path and content hash.
 * It is stored in the function's DEPLOY_CODE_HASH variable because the platform offers no
 * readable hash of the code it holds; comparing it tells whether the code must be uploaded.
 */
export function hashFiles(dir: string, files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    const content = createHash('sha256')
      .update(readFileSync(join(dir, file)))
      .digest('hex');
    hash.update(`${file}\0${content}\n`);
  }
  return hash.digest('hex');
}

interface DesiredInput {
  envId: string;
  /** Folder of function sources (cloudfunctions/): decides which functions exist. */
  sourceRoot: string;
  /** Folder of built functions (dist/cloudfunctions/): what is uploaded. */
  buildRoot: string;
  /** Where variable values come from: the deployer's process environment. */
  environment: NodeJS.ProcessEnv;
  collections?: readonly CollectionSpec[];
}

export type DesiredResult =
  { ok: true; desired: DesiredState; variables: ResolvedVariables } | { ok: false; failure: DeployFailure };

/** Reads every function's built folder and config; variable problems are reported, not fatal. */
export function loadDesired(input: DesiredInput): DesiredResult {
  const built: Array<{ name: string; dir: string; config: FunctionConfig }> = [];
  const problems: string[] = [];
  for (const name of listFunctionNames(input.sourceRoot)) {
    const dir = join(input.buildRoot, name);
    const absent = REQUIRED_FILES.filter((file) => !existsSync(join(dir, file)));
    if (absent.length > 0) {
      problems.push(`${name}: built folder ${dir} lacks ${absent.join(', ')} (run the deploy without --skip-build)`);
      continue;
    }
    try {
      // The built copy of config.json is the one uploaded, so it is the one that counts.
      built.push({ name, dir, config: readFunctionConfig(dir) });
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) {
    return {
      ok: false,
      failure: {
        code: 'INVALID_PROJECT',
        message: ['Cannot deploy these functions:', ...problems.map((p) => `  - ${p}`)].join('\n'),
      },
    };
  }
  const variables = inspectVariables(
    built.flatMap((fn) => fn.config.envVariables),
    input.environment,
  );
  const functions = built.map((fn) => desiredFunction(fn.name, fn.dir, fn.config, variables));
  return {
    ok: true,
    desired: { envId: input.envId, collections: desiredCollections(input.collections), functions },
    variables,
  };
}

function desiredFunction(
  name: string,
  dir: string,
  config: FunctionConfig,
  variables: ResolvedVariables,
): DesiredFunction {
  const files = listFiles(dir).filter((file) => !NOT_UPLOADED.test(file));
  const codeHash = hashFiles(dir, files);
  const env: Record<string, string> = {};
  for (const variable of config.envVariables) env[variable] = variables.values[variable] ?? NOT_SET;
  env[CODE_HASH_VARIABLE] = codeHash;
  const trigger = config.triggers[0];
  return {
    name,
    dir,
    files,
    runtime: RUNTIME,
    handler: HANDLER,
    timeout: config.timeout,
    memorySize: config.memorySize,
    openapi: [...config.permissions.openapi].sort(),
    trigger: trigger ? { name: trigger.name, cron: normalizeCron(trigger.config) } : null,
    env,
    secretNames: config.envVariables.filter(isSecret).sort(),
    codeHash,
  };
}

export function normalizeCron(cron: string): string {
  return cron.trim().split(/\s+/).join(' ');
}
