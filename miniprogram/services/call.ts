/**
 * The one door to the cloud functions. Every service module calls `call`; pages call services
 * and never wx.cloud (wx.cloud.callFunction types its answer as `AnyObject | string`, so typing
 * happens here, once).
 *
 * `call` always resolves, with the functions' own Result envelope (shared/result.ts). When the
 * function's answer never arrived, the failure gets a stable transport code:
 * - NETWORK: the request did not get through (offline, timeout, emulator not running);
 * - FUNCTION_FAILED: the platform reports that the function failed (it threw or timed out:
 *   FUNCTIONS_EXECUTE_FAIL), or answered something that is not a Result.
 * Every function may be retried after either (docs/api.md), so callers can treat both alike.
 */
import type { ADDRESS_CONTRACTS } from '@shared/contracts/address';
import type { ADMIN_CONTRACTS } from '@shared/contracts/admin';
import type { AFTER_SALE_CONTRACTS } from '@shared/contracts/afterSale';
import type { BIND_REFERRER_CONTRACT } from '@shared/contracts/bindReferrer';
import type { CART_CONTRACTS } from '@shared/contracts/cart';
import type { CATALOG_CONTRACTS } from '@shared/contracts/catalog';
import type { COUPON_CONTRACTS } from '@shared/contracts/coupon';
import type { DISTRIBUTOR_CONTRACTS } from '@shared/contracts/distributor';
import type { ORDER_CONTRACTS } from '@shared/contracts/order';
import type { POSTER_CONTRACT } from '@shared/contracts/poster';
import type { PROFILE_CONTRACTS } from '@shared/contracts/profile';
import type { PLACE_ORDER_CONTRACTS } from '@shared/contracts/quote';
import type { WALLET_CONTRACTS } from '@shared/contracts/wallet';
import type { WITHDRAW_CONTRACTS } from '@shared/contracts/withdraw';
import type { Result } from '@shared/result';
import type { OperationContract, RouteInput, RouteOutput, RouteTable } from '@shared/routeTable';
import type { z } from 'zod';
import { CLOUD_ENV_ID, LOCAL_EMULATOR_URL, LOCAL_MODE, LOCAL_TEST_USERS } from '../config';

/**
 * The route table of every routed function the mini-program calls. Type-only imports: the
 * contracts are zod schemas, and zod must not be bundled into the mini-program (its size), so
 * only their types come here.
 */
interface RoutedFunctions {
  address: typeof ADDRESS_CONTRACTS;
  admin: typeof ADMIN_CONTRACTS;
  afterSale: typeof AFTER_SALE_CONTRACTS;
  cart: typeof CART_CONTRACTS;
  catalog: typeof CATALOG_CONTRACTS;
  coupon: typeof COUPON_CONTRACTS;
  distributor: typeof DISTRIBUTOR_CONTRACTS;
  order: typeof ORDER_CONTRACTS;
  placeOrder: typeof PLACE_ORDER_CONTRACTS;
  profile: typeof PROFILE_CONTRACTS;
  wallet: typeof WALLET_CONTRACTS;
  withdraw: typeof WITHDRAW_CONTRACTS;
}

/**
 * Functions called with the input as the whole event: the single-operation functions, and
 * placeOrder's default route (an event without `$url` places the order).
 */
interface SingleFunctions {
  bindReferrer: typeof BIND_REFERRER_CONTRACT;
  placeOrder: (typeof PLACE_ORDER_CONTRACTS)['place'];
  poster: typeof POSTER_CONTRACT;
}

/** The cloud functions the mini-program calls; one service module each. */
export type FunctionName = keyof RoutedFunctions | keyof SingleFunctions;

type TableOf<F extends keyof RoutedFunctions> = RoutedFunctions[F] extends RouteTable ? RoutedFunctions[F] : never;
type ContractOf<F extends keyof SingleFunctions> = SingleFunctions[F] extends OperationContract
  ? SingleFunctions[F]
  : never;

export const NETWORK = 'NETWORK';
export const FUNCTION_FAILED = 'FUNCTION_FAILED';
/** Codes that mean "no answer from the function": safe and sensible to retry later. */
export const TRANSPORT_CODES: ReadonlyArray<string> = [NETWORK, FUNCTION_FAILED];

const MESSAGES: Record<string, string> = {
  [NETWORK]: '网络不给力，请稍后重试',
  [FUNCTION_FAILED]: '服务暂时不可用，请稍后重试',
};

const TEST_USER_KEY = 'dev.testUser';

class TransportError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** True in local mode: the flag is on AND this is the develop version, never trial or release. */
export function isLocalMode(): boolean {
  if (!LOCAL_MODE) return false;
  try {
    return wx.getAccountInfoSync().miniProgram.envVersion === 'develop';
  } catch {
    return false;
  }
}

/** The OPENID local-mode calls are made as (chosen on the 我的 page). */
export function currentTestUser(): string {
  const stored: unknown = wx.getStorageSync(TEST_USER_KEY);
  return typeof stored === 'string' && stored !== '' ? stored : (LOCAL_TEST_USERS[0]?.openid ?? 'oDEV_SHOPPER');
}

export function setTestUser(openid: string): void {
  wx.setStorageSync(TEST_USER_KEY, openid);
}

/** Initialises wx.cloud once at launch; local mode needs no cloud at all. */
export function initCloud(): void {
  if (isLocalMode() || !wx.cloud) return;
  wx.cloud.init({ env: CLOUD_ENV_ID || undefined, traceUser: true });
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { ok?: unknown; error?: { code?: unknown } };
  if (candidate.ok === true) return 'data' in candidate;
  return candidate.ok === false && typeof candidate.error?.code === 'string';
}

function transportFailure<T>(code: string): Result<T> {
  return { ok: false, error: { code, message: MESSAGES[code] ?? code } };
}

async function callCloud(name: FunctionName, data: object): Promise<unknown> {
  try {
    const answer = await wx.cloud.callFunction({ name, data });
    return answer.result;
  } catch (error) {
    // The SDK reports a failed function as errCode -504002 ("functions execute fail"); anything
    // else (request:fail, timeouts) means the call did not get through.
    const text = String((error as { errMsg?: string }).errMsg ?? error);
    const code = /-504002|execute fail/i.test(text) ? FUNCTION_FAILED : NETWORK;
    throw new TransportError(code, text);
  }
}

/** The emulator's control plane: 200 `{ result }`, 502 `{ error }` when the function failed. */
function callLocal(name: FunctionName, data: object): Promise<unknown> {
  return new Promise((resolve, reject) => {
    wx.request({
      url: `${LOCAL_EMULATOR_URL}/_emulator/functions/${name}`,
      method: 'POST',
      header: { 'content-type': 'application/json' },
      data: { data, openid: currentTestUser() },
      success: (response) => {
        const body = response.data as { result?: unknown; error?: { code?: string; message?: string } } | undefined;
        if (response.statusCode === 200) resolve(body?.result);
        else if (response.statusCode === 502)
          reject(new TransportError(FUNCTION_FAILED, body?.error?.code ?? 'FUNCTIONS_EXECUTE_FAIL'));
        else reject(new TransportError(NETWORK, `HTTP ${response.statusCode}`));
      },
      fail: (error) => reject(new TransportError(NETWORK, error.errMsg)),
    });
  });
}

/** Calls a cloud function and answers its Result; never throws. */
async function invoke<TOutput>(name: FunctionName, data: object): Promise<Result<TOutput>> {
  let answer: unknown;
  try {
    answer = isLocalMode() ? await callLocal(name, data) : await callCloud(name, data);
  } catch (error) {
    if (error instanceof TransportError) return transportFailure(error.code);
    return transportFailure(NETWORK);
  }
  return isResult(answer) ? (answer as Result<TOutput>) : transportFailure(FUNCTION_FAILED);
}

/**
 * Calls one route of a routed function: the event is `{ $url: route, ...input }`. Input and
 * output types come from the function's route table: `callRoute('order', 'list', { status })`.
 */
export function callRoute<F extends keyof RoutedFunctions, R extends keyof TableOf<F> & string>(
  name: F,
  route: R,
  input: RouteInput<TableOf<F>, R>,
): Promise<Result<RouteOutput<TableOf<F>, R>>> {
  return invoke(name, { $url: route, ...(input as object) });
}

/** Calls a function with the input as the event (bindReferrer, poster, placing an order): typed from its contract. */
export function call<F extends keyof SingleFunctions>(
  name: F,
  input: z.input<ContractOf<F>['input']>,
): Promise<Result<z.output<ContractOf<F>['output']>>> {
  return invoke(name, input as object);
}

/** True when a failure means "no answer" rather than a refusal by the function. */
export function isTransportFailure(result: Result<unknown>): boolean {
  return !result.ok && TRANSPORT_CODES.includes(result.error.code);
}
