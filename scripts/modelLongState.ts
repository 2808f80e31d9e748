/**
 * The long model run's state file (`npm run test:model:long -- --state <file>`), so that a run of
 * a million operations can be done in several sittings on one commit: after every finished run
 * the parent writes what it has (operations, runs, violations, the next seed, the seeds handed
 * out but not finished); started again with the same file, it goes on where it stopped and
 * re-runs the unfinished seeds. A file written on another commit or with other options is
 * refused, so every operation it counts ran on the commit it names.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

export interface LongRunOptions {
  operations: number;
  workers: number;
  seed: number;
  /** Steps per run at most: longer runs spend less of their time on the shop's setup and rest. */
  steps: number;
  /** Where progress is kept between sittings; none: the run starts afresh and keeps nothing. */
  statePath: string | undefined;
}

export interface Violation {
  seed: number;
  path: string;
  message: string;
}

/** One sitting: when it started, how long it ran and how many operations it added. */
interface Segment {
  startedAt: string;
  wallMs: number;
  operations: number;
}

export interface State {
  commit: string;
  seed: number;
  steps: number;
  nextSeed: number;
  /** Seeds handed out to a worker whose run did not finish before the sitting ended. */
  pending: number[];
  operations: number;
  runs: number;
  violations: Violation[];
  segments: Segment[];
}

/** The state to start from: the file's when it exists (same commit and steps), else a fresh one. */
export function loadState(options: LongRunOptions, commit: string): State {
  const fresh: State = {
    commit,
    seed: options.seed,
    steps: options.steps,
    nextSeed: options.seed,
    pending: [],
    operations: 0,
    runs: 0,
    violations: [],
    segments: [],
  };
  if (!options.statePath || !existsSync(options.statePath)) return fresh;
  const state = JSON.parse(readFileSync(options.statePath, 'utf8')) as State;
  if (state.commit !== commit)
    throw new Error(`${options.statePath} was written on commit ${state.commit}, this checkout is ${commit}`);
  if (state.steps !== options.steps)
    throw new Error(`${options.statePath} ran ${state.steps} steps per run, not ${options.steps}`);
  return state;
}

/**
 * Writes the state (through a temporary file and a rename, so a sitting stopped mid-write
 * leaves the previous state whole). `inFlight`: seeds handed out and not finished yet.
 */
export function saveState(statePath: string | undefined, state: State, inFlight: number[], startedAt: number): void {
  if (!statePath) return;
  const segment: Segment = {
    startedAt: new Date(startedAt).toISOString(),
    wallMs: Date.now() - startedAt,
    operations: state.operations - state.segments.reduce((sum, each) => sum + each.operations, 0),
  };
  const saved: State = { ...state, pending: [...state.pending, ...inFlight], segments: [...state.segments, segment] };
  writeFileSync(`${statePath}.tmp`, `${JSON.stringify(saved, null, 1)}\n`);
  renameSync(`${statePath}.tmp`, statePath);
}
