/**
 * The `admin` function: the merchant's back office (商家管理). One generic method over the route
 * table of shared/contracts/admin.ts, so a route added there is typed here at once. Inputs are
 * the contracts' input side (defaults may be left out); outputs their parsed side.
 */
import type { ADMIN_CONTRACTS, AdminRoute } from '@shared/contracts/admin';
import type { RouteInput } from '@shared/routeTable';
import { callRoute } from './call';

export type AdminRouteInput<R extends AdminRoute> = RouteInput<typeof ADMIN_CONTRACTS, R>;

/** `admin(route, input)`: every route but claimAdmin answers FORBIDDEN to non-admins. */
export function admin<R extends AdminRoute>(route: R, input: AdminRouteInput<R>) {
  return callRoute('admin', route, input);
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
export const retryShippingUpload = (input: AdminRouteInput<'retryShippingUpload'>) =>
  admin('retryShippingUpload', input);
export const listAfterSales = (input: AdminRouteInput<'listAfterSales'>) => admin('listAfterSales', input);
export const approveAfterSale = (input: AdminRouteInput<'approveAfterSale'>) => admin('approveAfterSale', input);
export const redriveAfterSaleRefund = (input: AdminRouteInput<'redriveAfterSaleRefund'>) =>
  admin('redriveAfterSaleRefund', input);
export const refuseAfterSale = (input: AdminRouteInput<'refuseAfterSale'>) => admin('refuseAfterSale', input);

// Withdrawal review (its routes are in the same table, from shared/contracts/withdraw.ts).
export const listWithdrawals = (input: AdminRouteInput<'listWithdrawals'>) => admin('listWithdrawals', input);
export const approveWithdrawal = (input: AdminRouteInput<'approveWithdrawal'>) => admin('approveWithdrawal', input);
export const rejectWithdrawal = (input: AdminRouteInput<'rejectWithdrawal'>) => admin('rejectWithdrawal', input);
export const markWithdrawalPaid = (input: AdminRouteInput<'markWithdrawalPaid'>) => admin('markWithdrawalPaid', input);
export const syncWithdrawal = (input: AdminRouteInput<'syncWithdrawal'>) => admin('syncWithdrawal', input);

// Alerts (shared/contracts/alerts.ts): the dashboard lists the open ones; an admin marks one handled.
export const resolveAlert = (input: AdminRouteInput<'resolveAlert'>) => admin('resolveAlert', input);

// The ledger's tamper evidence (shared/contracts/ledgerChain.ts): the 账本校验 page.
export const verifyLedger = (input: AdminRouteInput<'verifyLedger'>) => admin('verifyLedger', input);
export const ledgerStatement = (input: AdminRouteInput<'ledgerStatement'>) => admin('ledgerStatement', input);

// Coupons (shared/contracts/adminCoupons.ts): 优惠券 and its form.
export const listCoupons = (input: AdminRouteInput<'listCoupons'>) => admin('listCoupons', input);
export const saveCoupon = (input: AdminRouteInput<'saveCoupon'>) => admin('saveCoupon', input);
export const setCouponStatus = (input: AdminRouteInput<'setCouponStatus'>) => admin('setCouponStatus', input);
export const couponResults = (input: AdminRouteInput<'couponResults'>) => admin('couponResults', input);

// The balance (shared/contracts/adminBalance.ts): a user's balance, adjustments, top-ups.
export const userBalance = (input: AdminRouteInput<'userBalance'>) => admin('userBalance', input);
export const adjustBalance = (input: AdminRouteInput<'adjustBalance'>) => admin('adjustBalance', input);
export const listTopUps = (input: AdminRouteInput<'listTopUps'>) => admin('listTopUps', input);
export const refundTopUp = (input: AdminRouteInput<'refundTopUp'>) => admin('refundTopUp', input);

// Analytics (shared/contracts/adminAnalytics.ts): the 数据分析 page.
export const analytics = (input: AdminRouteInput<'analytics'>) => admin('analytics', input);
