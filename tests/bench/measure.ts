/**
 * What the bench reads from one invocation (the emulator's statistics, emulator/README.md), and
 * small helpers to call a function and summarise many calls.
 */
import type { EmulatorHandle, InvokeResponse } from '../../emulator/src/index';

export interface CallFigures {
  /** Every wire request the invocation sent (database, payment, open API, function calls). */
  roundTrips: number;
  /** Of roundTrips, the database requests. */
  databaseRoundTrips: number;
  /** Time inside database requests, ms. */
  databaseMs: number;
  /** Wall time of the invocation, waiting for an instance included, ms. */
  durationMs: number;
  /** Of durationMs, the time spent waiting for a free instance, ms. */
  queuedMs: number;
  /** Queries on collections of over 1,000 documents that no declared index serves. */
  unindexedScans: number;
}

export function figuresOf(invocation: InvokeResponse['invocation']): CallFigures {
  return {
    roundTrips: invocation.roundTrips.total,
    databaseRoundTrips: invocation.roundTrips.database,
    databaseMs: invocation.databaseMs,
    durationMs: invocation.durationMs ?? 0,
    queuedMs: invocation.queuedMs,
    unindexedScans: invocation.unindexedScans.length,
  };
}

/** Calls a function as `openid` and answers its result and figures; a platform error throws. */
export async function measured(
  emu: EmulatorHandle,
  name: string,
  data: object,
  openid?: string,
): Promise<{ result: { ok: boolean; data?: any; error?: { code: string } }; figures: CallFigures }> {
  const response = await emu.call(name, data, openid ? { openid } : {});
  if (response.error) throw new Error(`${name}: ${response.error.code} ${response.error.message}`);
  return { result: response.result as never, figures: figuresOf(response.invocation) };
}

/** Like `measured`, but a refusal (`ok: false`) throws too: the scenario expects success. */
export async function succeeds(
  emu: EmulatorHandle,
  name: string,
  data: object,
  openid?: string,
): Promise<{ data: any; figures: CallFigures }> {
  const { result, figures } = await measured(emu, name, data, openid);
  if (!result.ok) throw new Error(`${name} ${JSON.stringify(data)} refused: ${JSON.stringify(result.error)}`);
  return { data: result.data, figures };
}

/** The most recent invocation of `name` (e.g. the payment callback the sandbox just ran). */
export function lastInvocationOf(emu: EmulatorHandle, name: string): InvokeResponse['invocation'] {
  const invocations = emu.emulator.stats.snapshot().invocations.filter((entry) => entry.function === name);
  const last = invocations[invocations.length - 1];
  if (!last) throw new Error(`no invocation of ${name}`);
  return last;
}

/** Resolves once no invocation is running (work a callback started in the background has ended). */
export async function quiesce(emu: EmulatorHandle): Promise<void> {
  while (emu.emulator.stats.snapshot().invocations.some((entry) => entry.status === 'running'))
    await new Promise((resolve) => setTimeout(resolve, 50));
}

/** The p-th percentile (0-100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/** A figure in ms rounded to one decimal, for the tables. */
export const ms = (value: number): number => Math.round(value * 10) / 10;

/** Inserts in slices: the store checks a batch's unique keys against each other (quadratic in its size). */
export function insertMany(emu: EmulatorHandle, collection: string, docs: object[]): void {
  const SLICE = 500;
  for (let i = 0; i < docs.length; i += SLICE) emu.insert(collection, docs.slice(i, i + SLICE) as never);
}
