/**
 * admin: the merchant's back office, one cloud function routed by `$url` with tcb-router
 * (the event is `{ $url: 'updateRules', ...input }`). The router stays thin: it parses the
 * input with the route's contract (shared/contracts/admin.ts), checks that the caller is an
 * admin (one read; every route but claimAdmin) and calls the use case. docs/api.md (admin)
 * describes every route.
 */
import { ADMIN_CONTRACTS, type AdminInput, type AdminOutput, type AdminRoute } from '../../shared/contracts/admin';
import { fail, type Result } from '../../shared/result';
import { caller, parseEvent } from '../_lib/cloud';
import { serveRoutes, type RouteHandler } from '../_lib/legacyRouter';
import { addAdmin, claimAdmin, isAdmin, listAdmins, removeAdmin } from './access';
import { approveAfterSale, listAfterSales, refuseAfterSale } from './afterSales';
import { adjustStock, listProducts, saveCategory, saveProduct, setOnSale, setStock } from './catalog';
import type { AdminContext } from './context';
import { dashboard } from './dashboard';
import { listApplications, listDistributors, reviewApplication, setDistributorStatus, setGrade } from './distributors';
import { listOrders, orderDetail, shipOrder } from './orders';
import { getRules, rulesHistory, rulesLimits, updateRules } from './rules';
import { WITHDRAWAL_HANDLERS } from './withdrawals';

interface Route<R extends AdminRoute> {
  /** False only for claimAdmin, which is how the first admin comes to be. */
  adminOnly: boolean;
  run(context: AdminContext, input: AdminInput<R>): Promise<Result<AdminOutput<R>>>;
}

const ROUTES: { [R in AdminRoute]: Route<R> } = {
  claimAdmin: { adminOnly: false, run: (context, input) => claimAdmin(context, input, process.env.ADMIN_SETUP_SECRET) },
  addAdmin: { adminOnly: true, run: addAdmin },
  removeAdmin: { adminOnly: true, run: removeAdmin },
  listAdmins: { adminOnly: true, run: () => listAdmins() },
  getRules: { adminOnly: true, run: () => getRules() },
  updateRules: { adminOnly: true, run: updateRules },
  rulesHistory: { adminOnly: true, run: (_context, input) => rulesHistory(input) },
  rulesLimits: { adminOnly: true, run: () => rulesLimits() },
  listApplications: { adminOnly: true, run: (_context, input) => listApplications(input) },
  reviewApplication: { adminOnly: true, run: reviewApplication },
  setDistributorStatus: { adminOnly: true, run: setDistributorStatus },
  setGrade: { adminOnly: true, run: setGrade },
  listDistributors: { adminOnly: true, run: (_context, input) => listDistributors(input) },
  saveCategory: { adminOnly: true, run: saveCategory },
  saveProduct: { adminOnly: true, run: saveProduct },
  setStock: { adminOnly: true, run: setStock },
  adjustStock: { adminOnly: true, run: adjustStock },
  setOnSale: { adminOnly: true, run: setOnSale },
  listProducts: { adminOnly: true, run: (_context, input) => listProducts(input) },
  shipOrder: { adminOnly: true, run: shipOrder },
  listOrders: { adminOnly: true, run: (_context, input) => listOrders(input) },
  orderDetail: { adminOnly: true, run: (_context, input) => orderDetail(input) },
  listAfterSales: { adminOnly: true, run: (_context, input) => listAfterSales(input) },
  approveAfterSale: { adminOnly: true, run: approveAfterSale },
  refuseAfterSale: { adminOnly: true, run: refuseAfterSale },
  dashboard: { adminOnly: true, run: (context) => dashboard(context) },
};

async function handle<R extends AdminRoute>(name: R, data: Record<string, unknown>): Promise<Result<AdminOutput<R>>> {
  const input = parseEvent(ADMIN_CONTRACTS[name].input, data);
  if (!input.ok) return input;
  const { openid } = caller();
  if (!openid) return fail('UNAUTHENTICATED', 'admin must be called from the mini-program');
  const route = ROUTES[name];
  if (route.adminOnly && !(await isAdmin(openid))) return fail('FORBIDDEN', '仅管理员可用 (admins only)');
  return route.run({ openid, now: new Date() }, input.data as AdminInput<R>);
}

const HANDLERS = {
  ...(Object.fromEntries((Object.keys(ROUTES) as AdminRoute[]).map((name) => [name, (data) => handle(name, data)])) as Record<AdminRoute, RouteHandler>),
  // Withdrawal review: its own contracts and admin check (cloudfunctions/admin/withdrawals.ts).
  ...WITHDRAWAL_HANDLERS,
};

export async function main(event: unknown): Promise<Result<unknown>> {
  return serveRoutes(event, HANDLERS);
}
