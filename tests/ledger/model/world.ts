/**
 * The model's world: the shop's cast, what the model remembers between steps, and how a step
 * talks to the emulator. Every call goes in-process (the control plane's routes are called
 * directly, not over HTTP), so a step starts its invocations at once and the interleaving gate
 * (emulator/src/interleave.ts) sees them all before it lets any request through.
 */
import type { EmulatorHandle } from '../../../emulator/src/index';
import type { Payment } from '../../../emulator/src/pay/cloudpay-api';
import type { Payout } from '../../../emulator/src/pay/payouts';
import type { Known } from '../../helpers/invariants';

export const SUB_MCH_ID = '1900000109';
export const ADMIN = 'oADMIN';
/** A second merchant admin, so two admins can review one withdrawal at once. */
export const ADMIN2 = 'oADMIN2';
export const DISTRIBUTORS = ['oD1', 'oD2', 'oD3'] as const;
export const SHOPPERS = ['oS1', 'oS2', 'oS3'] as const;
export const PEOPLE = [...DISTRIBUTORS, ...SHOPPERS];
export const SKUS = [
  { _id: 'sku-tea', priceFen: 10_000, stock: 12 },
  { _id: 'sku-cup', priceFen: 3_333, stock: 12 },
] as const;

/** What the model remembers between steps: ids the real system handed out. */
export interface Model {
  orders: Array<{ id: string; buyer: string }>;
  withdrawals: Array<{ id: string; user: string }>;
  keys: number;
}

export interface Real {
  emu: EmulatorHandle;
  known: Known;
  /** Steps run so far, printed with a failure. */
  log: string[];
  /** Operations run: one model command (a group started at once included) is one operation. */
  operations: number;
  /** True while a group of steps runs at once: then no step may move the clock. */
  together: boolean;
}

export type Json = Record<string, any>;

export function initialModel(): Model {
  return { orders: [], withdrawals: [], keys: 0 };
}

export function now(real: Real): Date {
  return new Date(real.emu.emulator.options.clock.now());
}

/** Calls a control-plane route in-process, as `fetch(<url>/_emulator<path>)` would. */
export async function control(real: Real, method: 'GET' | 'POST', path: string, body: object = {}): Promise<Json> {
  for (const route of real.emu.emulator.controlRoutes) {
    const match = route.method === method ? route.pattern.exec(path) : null;
    if (!match) continue;
    const params = match.slice(1).map((part) => decodeURIComponent(part ?? ''));
    const reply = await route.handle({ params, body: body as Json, headers: {}, url: new URL(path, real.emu.url) });
    return reply.body as Json;
  }
  throw new Error(`no control route ${method} ${path}`);
}

/** Invokes a function as a user; undefined when the invocation itself failed (killed, lost). */
export async function call(real: Real, name: string, data: object, openid?: string): Promise<Json | undefined> {
  const { result, error } = await real.emu.call(name, data, openid ? { openid } : {});
  return error ? undefined : (result as Json);
}

/**
 * Waits until nothing runs: no invocation (a settlement started by a payment, a callback), no
 * request at the interleaving gate, and the gate's grace after the last end is over.
 */
export async function settleDown(real: Real): Promise<void> {
  const { emulator } = real.emu;
  // Up to two minutes (a busy machine runs a settlement slowly); a step never compares mid-flight state.
  for (let i = 0; i < 12_100; i += 1) {
    const running = emulator.stats.snapshot().invocations.some((invocation) => invocation.status === 'running');
    if (!running && (!emulator.interleave.on || emulator.interleave.idle())) return;
    await new Promise((resolve) => setTimeout(resolve, i < 100 ? 1 : 10));
  }
  throw new Error('an invocation was still running after two minutes');
}

/** A transaction still open while nothing runs was abandoned by an instance that died in it. */
function abandoned(real: Real): boolean {
  return real.emu.emulator.transactions.openCount() > 0;
}

/**
 * Before a user retries after an error: when the failed call's instance died inside a
 * transaction, its locks stay until the platform ends it (30 s); the user retries after that.
 * The clock moves only when the step runs alone and nothing else runs, so the transaction ends
 * at the same point of every replay (not when a wall-clock timer fires).
 */
export async function beforeRetry(real: Real): Promise<void> {
  if (real.together) return;
  await settleDown(real);
  if (abandoned(real)) await real.emu.advanceClock(31_000);
}

/** After a step: ends the transactions of instances that died in them (see beforeRetry). */
export async function endAbandoned(real: Real): Promise<void> {
  await settleDown(real);
  if (abandoned(real)) await real.emu.advanceClock(31_000);
}

/** The payment sandbox's payments (with their refunds). */
export function sandboxPayments(real: Real): Payment[] {
  const module = real.emu.emulator.moduleList.find((candidate) => candidate.name === 'payments');
  return (module as unknown as { list(): Payment[] }).list();
}

/** The payout sandbox's transfer bills. */
export function sandboxPayouts(real: Real): Payout[] {
  const module = real.emu.emulator.moduleList.find((candidate) => candidate.name === 'payouts');
  return (module as unknown as { list(): Payout[] }).list();
}
