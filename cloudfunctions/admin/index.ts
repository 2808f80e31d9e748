/**
 * admin: the merchant's back office, one cloud function routed by `$url` (the event is
 * `{ $url: 'updateRules', ...input }`). The router (cloudfunctions/_lib/router.ts) parses the
 * input with the route's contract (ADMIN_CONTRACTS), runs the guard below that checks that the
 * caller is an admin (one read; every route but claimAdmin), calls the use case and checks its
 * output. docs/api.md (admin)
 * describes every route.
 */
import { ADMIN_CONTRACTS, type AdminError, type AdminRoute } from '@shared/contracts/admin';
import { fail, type Result } from '@shared/result';
import { serveTable, type Handlers, type RouteContext } from '../_lib/router';
import { addAdmin, claimAdmin, isAdmin, listAdmins, removeAdmin } from './access';
import { approveAfterSale, listAfterSales, redriveRefund, refuseAfterSale } from './afterSales';
import { listAlerts, resolveAlert } from './alerts';
import { deleteCategory, listCategories, reorderCategories, saveCategory, setCategoryHidden } from './categories';
import { dashboard } from './dashboard';
import { listApplications, reviewApplication, setDistributorStatus, setGrade } from './distributors';
import { distributorDetail } from './distributorDetail';
import { listDistributors } from './distributorList';
import { listOrders, orderDetail, retryShippingUpload, shipOrder } from './orders';
import { exportOrders } from './exportOrders';
import { prepareProductUpload } from './productMedia';
import { listProducts, saveProduct } from './products';
import { deleteGrade, saveGrade } from './grades';
import { getRules, rulesHistory, rulesLimits, updateRules } from './rules';
import { adjustStock, setOnSale, setStock } from './stock';
import { RECONCILIATION_HANDLERS } from './reconciliation';
import { WITHDRAWAL_HANDLERS } from './withdrawals';
import { LEDGER_CHAIN_HANDLERS } from './ledgerChain';
import { getActivity, listActivities, saveActivity, setActivityStatus } from './activities';
import { listCoupons, saveCoupon, setCouponStatus } from './coupons';
import { couponResults } from './couponResults';
import { adjustPoints, userPoints } from './points';
import { adjustBalance, listTopUps, userBalance } from './balance';
import { refundTopUp } from './topUpRefund';
import {
  deleteMaterial,
  getMaterial,
  listMaterials,
  prepareMaterialUpload,
  saveMaterial,
  setMaterialEnabled,
} from './materials';
import { analytics } from './analytics';
import { continueHandover, removeDistributor } from './distributorExit';
import { listRiskCases, riskCase } from './risk';
import { approveRiskCase, voidRiskCase } from './riskDecide';

/** Every route's use case; the withdrawal review routes come from withdrawals.ts, reconciliation's from reconciliation.ts, the ledger checks from ledgerChain.ts. */
const HANDLERS: Handlers<typeof ADMIN_CONTRACTS, AdminError> = {
  claimAdmin: (input, context) => claimAdmin(context, input, process.env.ADMIN_SETUP_SECRET),
  addAdmin: (input, context) => addAdmin(context, input),
  removeAdmin: (input, context) => removeAdmin(context, input),
  listAdmins: () => listAdmins(),
  getRules: () => getRules(),
  updateRules: (input, context) => updateRules(context, input),
  rulesHistory: (input) => rulesHistory(input),
  rulesLimits: () => rulesLimits(),
  saveGrade: (input, context) => saveGrade(context, input),
  deleteGrade: (input, context) => deleteGrade(context, input),
  listApplications: (input) => listApplications(input),
  reviewApplication: (input, context) => reviewApplication(context, input),
  setDistributorStatus: (input, context) => setDistributorStatus(context, input),
  setGrade: (input, context) => setGrade(context, input),
  listDistributors: (input) => listDistributors(input),
  distributorDetail: (input) => distributorDetail(input),
  saveCategory: (input, context) => saveCategory(context, input),
  listCategories: () => listCategories(),
  setCategoryHidden: (input) => setCategoryHidden(input),
  reorderCategories: (input) => reorderCategories(input),
  deleteCategory: (input) => deleteCategory(input),
  saveProduct: (input, context) => saveProduct(context, input),
  prepareProductUpload: (input, context) => prepareProductUpload(context, input),
  setStock: (input, context) => setStock(context, input),
  adjustStock: (input, context) => adjustStock(context, input),
  setOnSale: (input, context) => setOnSale(context, input),
  listProducts: (input) => listProducts(input),
  shipOrder: (input, context) => shipOrder(context, input),
  retryShippingUpload: (input, context) => retryShippingUpload(context, input),
  listOrders: (input) => listOrders(input),
  orderDetail: (input) => orderDetail(input),
  exportOrders: (input, context) => exportOrders(context, input),
  listAfterSales: (input) => listAfterSales(input),
  approveAfterSale: (input, context) => approveAfterSale(context, input),
  refuseAfterSale: (input, context) => refuseAfterSale(context, input),
  redriveAfterSaleRefund: (input, context) => redriveRefund(context, input),
  dashboard: (_input, context) => dashboard(context),
  ...WITHDRAWAL_HANDLERS,
  ...RECONCILIATION_HANDLERS,
  listAlerts: (input) => listAlerts(input),
  resolveAlert: (input, context) => resolveAlert(context, input),
  ...LEDGER_CHAIN_HANDLERS,
  listActivities: (input, context) => listActivities(context, input),
  getActivity: (input, context) => getActivity(context, input),
  saveActivity: (input, context) => saveActivity(context, input),
  setActivityStatus: (input, context) => setActivityStatus(context, input),
  listCoupons: (input) => listCoupons(input),
  saveCoupon: (input, context) => saveCoupon(context, input),
  setCouponStatus: (input, context) => setCouponStatus(context, input),
  couponResults: (input) => couponResults(input),
  userPoints: (input) => userPoints(input),
  adjustPoints: (input, context) => adjustPoints(context, input),
  userBalance: (input) => userBalance(input),
  adjustBalance: (input, context) => adjustBalance(context, input),
  listTopUps: (input) => listTopUps(input),
  refundTopUp: (input, context) => refundTopUp(context, input),
  listMaterials: (input) => listMaterials(input),
  getMaterial: (input) => getMaterial(input),
  saveMaterial: (input, context) => saveMaterial(context, input),
  setMaterialEnabled: (input, context) => setMaterialEnabled(context, input),
  deleteMaterial: (input) => deleteMaterial(input),
  prepareMaterialUpload: (input, context) => prepareMaterialUpload(context, input),
  analytics: (input, context) => analytics(context, input),
  removeDistributor: (input, context) => removeDistributor(context, input),
  continueHandover: (input, context) => continueHandover(context, input),
  listRiskCases: (input) => listRiskCases(input),
  riskCase: (input) => riskCase(input),
  approveRiskCase: (input, context) => approveRiskCase(context, input),
  voidRiskCase: (input, context) => voidRiskCase(context, input),
};

/** Every route but claimAdmin (how the first admin comes to be) is for admins only: one read. */
async function adminsOnly(route: AdminRoute, { openid }: RouteContext): Promise<Result<never, 'FORBIDDEN'> | null> {
  if (route === 'claimAdmin' || (await isAdmin(openid))) return null;
  return fail('FORBIDDEN', '仅管理员可用 (admins only)');
}

export const main = serveTable(ADMIN_CONTRACTS, HANDLERS, { name: 'admin', guard: adminsOnly });
