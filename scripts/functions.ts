/**
 * Discovery and validation of cloud function folders, shared by the build, the emulator and
 * (later) the deploy script, so all three agree on what a function is and how it is configured.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';

/** Platform limits for a function's own config.json (docs/platform.md section 8). */
export const FunctionConfig = z
  .object({
    /** Seconds before the platform kills an invocation: 1-60, platform default 3. */
    timeout: z.number().int().min(1).max(60).default(3),
    /** Instance memory in MB. */
    memorySize: z
      .union([z.literal(128), z.literal(256), z.literal(512), z.literal(1024), z.literal(2048)])
      .default(256),
    permissions: z.object({ openapi: z.array(z.string()).default([]) }).default({ openapi: [] }),
    /** At most one timer trigger per function, 7-field cron in UTC+8. */
    triggers: z
      .array(
        z.object({
          name: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,59}$/),
          type: z.literal('timer'),
          config: z.string().refine((cron) => cron.trim().split(/\s+/).length === 7, 'cron needs 7 fields'),
        }),
      )
      .max(1)
      .default([]),
    /** Names of environment variables the function needs at run time (values come from deploy). */
    envVariables: z.array(z.string()).default([]),
  })
  .strict();
export type FunctionConfig = z.infer<typeof FunctionConfig>;

/** Folders starting with `_` hold code shared between functions, not functions. */
export function listFunctionNames(sourceRoot: string): string[] {
  return readdirSync(sourceRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('_'))
    .map((entry) => entry.name)
    .sort();
}

export function readFunctionConfig(functionDir: string): FunctionConfig {
  const file = join(functionDir, 'config.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: every function declares its timeout and permissions`);
  const parsed = FunctionConfig.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * The configuration of a function as the platform runs it: a folder without config.json gets the
 * platform's defaults (docs/platform.md section 8.2: timeout 3 s, memory 256 MB, no triggers, no
 * open API permissions) and a warning naming the function. The build and the emulator use this so
 * that code written elsewhere runs as it would on the platform; the project's own functions must
 * still declare theirs (readFunctionConfig, which the deploy and its tests use, refuses a missing file).
 */
export function readFunctionConfigOrDefaults(
  functionDir: string,
  warn: (message: string) => void = console.warn,
): FunctionConfig {
  if (existsSync(join(functionDir, 'config.json'))) return readFunctionConfig(functionDir);
  warn(
    `${basename(functionDir)}: no config.json, so the platform's defaults apply ` +
      '(timeout 3 s, memory 256 MB, no triggers, no open API permissions)',
  );
  return FunctionConfig.parse({});
}
