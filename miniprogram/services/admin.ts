/**
 * The `admin` function: the merchant's back office (商家管理). One generic method over the route
 * table of shared/contracts/admin.ts, so a route added there is typed here at once. Inputs are
 * the contracts' input side (defaults may be left out); outputs their parsed side.
 */
import type { ADMIN_CONTRACTS, AdminRoute } from '@shared/contracts/admin';
import type { ADMIN_WITHDRAWAL_CONTRACTS, AdminWithdrawalRoute, AdminWithdrawalView, ListWithdrawalsOutput, MoveOutput } from '@shared/contracts/withdraw';
import type { Result } from '@shared/result';
import type { z } from 'zod';
import { legacyCallRoute } from './call';

export type AdminRouteInput<R extends AdminRoute> = z.input<(typeof ADMIN_CONTRACTS)[R]['input']>;
export type AdminRouteOutput<R extends AdminRoute> = z.output<(typeof ADMIN_CONTRACTS)[R]['output']>;

/** `admin(route, input)`: every route but claimAdmin answers FORBIDDEN to non-admins. */
export function admin<R extends AdminRoute>(route: R, input: AdminRouteInput<R>): Promise<Result<AdminRouteOutput<R>>> {
  return legacyCallRoute<AdminRouteInput<R> & object, AdminRouteOutput<R>>('admin', route, input as AdminRouteInput<R> & object);
}

// ---------------------------------------------------------------------------------------------
// One function per operation, named as the route (the pages of the admin subpackage use these).
// ---------------------------------------------------------------------------------------------

export const dashboard = () => admin('dashboard', {});
export const listProducts = (input: AdminRouteInput<'listProducts'>) => admin('listProducts', input);
export const saveProduct = (input: AdminRouteInput<'saveProduct'>) => admin('saveProduct', input);
export const setOnSale = (input: AdminRouteInput<'setOnSale'>) => admin('setOnSale', input);
export const adjustStock = (input: AdminRouteInput<'adjustStock'>) => admin('adjustStock', input);
export const listOrders = (input: AdminRouteInput<'listOrders'>) => admin('listOrders', input);
export const shipOrder = (input: AdminRouteInput<'shipOrder'>) => admin('shipOrder', input);
export const listAfterSales = (input: AdminRouteInput<'listAfterSales'>) => admin('listAfterSales', input);
export const approveAfterSale = (input: AdminRouteInput<'approveAfterSale'>) => admin('approveAfterSale', input);
export const refuseAfterSale = (input: AdminRouteInput<'refuseAfterSale'>) => admin('refuseAfterSale', input);

/**
 * Withdrawal review: routes of the same function with their own contracts
 * (ADMIN_WITHDRAWAL_CONTRACTS in shared/contracts/withdraw.ts), so typed here one by one.
 */
export type WithdrawalRouteInput<R extends AdminWithdrawalRoute> = z.input<(typeof ADMIN_WITHDRAWAL_CONTRACTS)[R]>;
type WithdrawalMove = Promise<Result<MoveOutput<AdminWithdrawalView>>>;

function withdrawalRoute<R extends AdminWithdrawalRoute, T>(route: R, input: WithdrawalRouteInput<R>): Promise<Result<T>> {
  return legacyCallRoute<WithdrawalRouteInput<R> & object, T>('admin', route, input as WithdrawalRouteInput<R> & object);
}

export const listWithdrawals = (input: WithdrawalRouteInput<'listWithdrawals'>): Promise<Result<ListWithdrawalsOutput>> => withdrawalRoute('listWithdrawals', input);
export const approveWithdrawal = (input: WithdrawalRouteInput<'approveWithdrawal'>): WithdrawalMove => withdrawalRoute('approveWithdrawal', input);
export const rejectWithdrawal = (input: WithdrawalRouteInput<'rejectWithdrawal'>): WithdrawalMove => withdrawalRoute('rejectWithdrawal', input);
export const markWithdrawalPaid = (input: WithdrawalRouteInput<'markWithdrawalPaid'>): WithdrawalMove => withdrawalRoute('markWithdrawalPaid', input);
export const syncWithdrawal = (input: WithdrawalRouteInput<'syncWithdrawal'>): WithdrawalMove => withdrawalRoute('syncWithdrawal', input);
