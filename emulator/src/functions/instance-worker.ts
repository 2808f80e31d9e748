/**
 * One function instance. Like a platform instance it serves one invocation at a time, loads the
 * function's module on its first invocation (the cold start) and keeps module state between
 * warm invocations. It reports when the handler is called, because loading the module has a
 * limit of its own, apart from the execution timeout. Identity reaches the function through
 * process.env, as on the platform; each worker has its own copy of process.env, so parallel
 * instances never see each other's.
 */
import { format } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import type {
  ClockMessage,
  DoneMessage,
  EndPauseMessage,
  InstanceData,
  InvokeMessage,
  LogLine,
  LogMessage,
  PauseMessage,
  StartedMessage,
} from './protocol';
import { trackActivity } from './activity';
import { installVirtualDate } from './virtual-date';

type Handler = (event: unknown, context: unknown) => unknown;

const data = workerData as InstanceData;
// Before the function's code loads, so every `Date` it ever sees follows the emulator's clock.
const virtualDate = installVirtualDate(data.clockOffsetMs);
let handler: Handler | undefined;
let current: string | undefined;
let gated = false;
// Also before the function's code loads: the SDK's requests and the code's pauses are counted.
const activity = trackActivity(new Int32Array(data.activity), {
  current: () => current,
  gated: () => gated,
  paused: (requestId, id, seq) => parentPort?.postMessage({ type: 'pause', requestId, id, seq } satisfies PauseMessage),
});

/** Console lines kept per invocation and characters per line: a chatty loop must not flood the emulator. */
const MAX_LOG_LINES = 200;
const MAX_LOG_LINE_CHARS = 4_000;
let logLines = 0;
let invocationStartedAt = 0;

/**
 * Copies every console line of the invocation in flight to the emulator (the console's invocation
 * log), and still prints it as before. Lines written between invocations belong to none and are
 * only printed.
 */
function captureConsole(): void {
  for (const level of ['log', 'info', 'debug', 'warn', 'error'] as const) {
    const print = console[level].bind(console);
    console[level] = (...args: unknown[]): void => {
      if (current) sendLog(current, level, args);
      print(...args);
    };
  }
}

function sendLog(requestId: string, level: LogLine['level'], args: unknown[]): void {
  logLines += 1;
  if (logLines > MAX_LOG_LINES + 1) return;
  const text =
    logLines > MAX_LOG_LINES
      ? `[emulator] further console output of this invocation is not kept (${MAX_LOG_LINES} lines at most)`
      : format(...args).slice(0, MAX_LOG_LINE_CHARS);
  const atMs = Math.round(performance.now() - invocationStartedAt);
  const message: LogMessage = { type: 'log', requestId, line: { level, text, atMs } };
  parentPort?.postMessage(message);
}

captureConsole();

function reply(message: DoneMessage): void {
  current = undefined;
  parentPort?.postMessage(message);
}

/** Errors are reported as the platform shows them to callers: the stack text, "Error: ..." first. */
function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return `Error: ${typeof error === 'string' ? error : JSON.stringify(error)}`;
}

function fail(error: unknown): void {
  if (current) reply({ type: 'done', requestId: current, ok: false, message: describe(error) });
}

process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

function loadHandler(): Handler {
  if (!handler) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle's path is known at run time
    const mod = require(data.entry) as { main?: Handler };
    if (typeof mod.main !== 'function') throw new Error(`${data.functionName}: index.js does not export main`);
    handler = mod.main;
  }
  return handler;
}

function makeContext(requestId: string, startedAt: number): Record<string, unknown> {
  const environ = Object.entries(process.env)
    .map(([key, value]) => `${key}=${value}`)
    .join(';');
  return {
    callbackWaitsForEmptyEventLoop: false,
    memory_limit_in_mb: data.memoryLimitMb,
    time_limit_in_ms: data.timeoutMs,
    request_id: requestId,
    environ,
    environment: JSON.stringify(process.env),
    function_version: '$LATEST',
    function_name: data.functionName,
    namespace: process.env.SCF_NAMESPACE,
    // Wall time, not the virtual clock: the platform's limit is real time, however far tests move the clock.
    getRemainingTimeInMillis: () => Math.max(0, data.timeoutMs - (performance.now() - startedAt)),
  };
}

async function invoke(message: InvokeMessage): Promise<void> {
  activity.invocationStarted();
  gated = message.gated;
  current = message.requestId;
  logLines = 0;
  invocationStartedAt = performance.now();
  virtualDate.setOffset(message.clockOffsetMs);
  for (const [key, value] of Object.entries(message.env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    const cold = handler === undefined;
    const main = loadHandler();
    // Only a cold start reports the handler call: a warm instance calls it at once, so the runtime
    // starts the execution timeout when it sends the invocation, and one message per call is saved.
    if (cold) parentPort?.postMessage({ type: 'started', requestId: message.requestId } satisfies StartedMessage);
    const startedAt = performance.now();
    const result = await main(JSON.parse(message.eventJson), makeContext(message.requestId, startedAt));
    // The platform serializes the return value as JSON; undefined becomes null.
    reply({ type: 'done', requestId: message.requestId, ok: true, resultJson: JSON.stringify(result ?? null) });
  } catch (error) {
    fail(error);
  }
}

parentPort?.on('message', (message: InvokeMessage | ClockMessage | EndPauseMessage) => {
  if (message.type === 'invoke') void invoke(message);
  else if (message.type === 'clock') virtualDate.setOffset(message.clockOffsetMs);
  else if (message.type === 'endPause') activity.endPause(message.id);
});
