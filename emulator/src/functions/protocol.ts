/** Messages between the emulator and a function instance (a worker thread). */

export interface InstanceData {
  functionName: string;
  /** Absolute path of the built function's index.js. */
  entry: string;
  memoryLimitMb: number;
  timeoutMs: number;
  clockOffsetMs: number;
  /** What the instance is doing for its invocation, read by the interleaving gate (functions/activity.ts). */
  activity: SharedArrayBuffer;
}

export interface InvokeMessage {
  type: 'invoke';
  requestId: string;
  /** JSON text of the event, as the platform delivers events serialized. */
  eventJson: string;
  /** Per-invocation variables; undefined entries are removed from process.env. */
  env: Record<string, string | undefined>;
  /** Virtual minus wall time: `Date` inside the instance follows the emulator's clock. */
  clockOffsetMs: number;
  /** The interleaving gate orders this invocation: its short pauses end when the gate says (functions/activity.ts). */
  gated: boolean;
}

/** The gate's word on a pause: end it now (`id`), or end every pending one (the gate was turned off). */
export interface EndPauseMessage {
  type: 'endPause';
  id?: number;
}

/** A gated invocation paused: the pause ends when the gate lets it (functions/activity.ts). */
export interface PauseMessage {
  type: 'pause';
  requestId: string;
  id: number;
  /** Its place among the invocation's requests and pauses. */
  seq: number;
}

/** Sent to every instance when the emulator's clock moves. */
export interface ClockMessage {
  type: 'clock';
  clockOffsetMs: number;
}

/**
 * Sent on a cold start, when the function's module is loaded and its handler is about to be
 * called: the execution timeout runs from here, loading counts against the initialization limit
 * (docs/platform.md section 8.1). A warm instance sends none (its handler is called at once).
 */
export interface StartedMessage {
  type: 'started';
  requestId: string;
}

/** One line a function wrote with console.log/info/debug/warn/error during an invocation. */
export interface LogLine {
  level: 'log' | 'info' | 'debug' | 'warn' | 'error';
  /** The text as the console prints it (util.format), cut to a few KB. */
  text: string;
  /** Milliseconds since the instance received the invocation. */
  atMs: number;
}

/** Sent for each console line of the invocation in flight, so a timed-out invocation keeps its output. */
export interface LogMessage {
  type: 'log';
  requestId: string;
  line: LogLine;
}

export type DoneMessage =
  | { type: 'done'; requestId: string; ok: true; resultJson: string }
  | { type: 'done'; requestId: string; ok: false; message: string };
