/**
 * The `admin` function: the merchant's back office (商家管理). One generic method over the route
 * table of shared/contracts/admin.ts, so a route added there is typed here at once. Inputs are
 * the contracts' input side (defaults may be left out); outputs their parsed side.
 */
import type { ADMIN_CONTRACTS, AdminRoute } from '@shared/contracts/admin';
import type { Result } from '@shared/result';
import type { z } from 'zod';
import { callRoute } from './call';

export type AdminRouteInput<R extends AdminRoute> = z.input<(typeof ADMIN_CONTRACTS)[R]['input']>;
export type AdminRouteOutput<R extends AdminRoute> = z.output<(typeof ADMIN_CONTRACTS)[R]['output']>;

/** `admin(route, input)`: every route but claimAdmin answers FORBIDDEN to non-admins. */
export function admin<R extends AdminRoute>(route: R, input: AdminRouteInput<R>): Promise<Result<AdminRouteOutput<R>>> {
  return callRoute<AdminRouteInput<R> & object, AdminRouteOutput<R>>('admin', route, input as AdminRouteInput<R> & object);
}
