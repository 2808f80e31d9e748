/**
 * Discovery and validation of cloud function folders, shared by the build, the emulator and
 * (later) the deploy script, so all three agree on what a function is and how it is configured.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
