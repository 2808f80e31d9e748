/**
 * The admin function: routing, the admin check of every route, input contracts, claiming the
 * first admin (with the race), adding and removing admins (with the removal race). Rules and
 * distributor administration are in admin-rules.test.ts and admin-distributors.test.ts.
 */
import { COLLECTIONS } from '@shared/collections';
import { ADMIN_CONTRACTS, ADMIN_ROUTES, type AdminRoute } from '@shared/contracts/admin';
import type { Result } from '@shared/result';
import { DEFAULT_RULES } from '@shared/rules';
import { checkSetupSecret, secretsMatch } from '../../cloudfunctions/admin/secret';
import { MIN_SETUP_SECRET_LENGTH } from '@shared/setupSecret';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { seedRules, seedUsers } from '../helpers/referrals';

const SECRET = 'test-setup-secret-0123456789';
const ADMIN = 'oADMIN';

/** Calls one route of the admin function as `openid` (no identity when null). */
function adminApi(f: EmulatorFixture) {
  return async (route: string, input: object = {}, openid: string | null = ADMIN) => {
    const response = await f.emu.call('admin', { $url: route, ...input }, openid === null ? {} : { openid });
    if (response.error) throw new Error(`admin ${route} failed: ${response.error.message}`);
    return { result: response.result as Result<any>, invocation: response.invocation };
  };
}

/** Every document of every collection, to prove a refused call wrote nothing. */
function dump(f: EmulatorFixture): Record<string, unknown[]> {
  return Object.fromEntries(
    COLLECTIONS.map((collection) => [collection.name, f.emu.emulator.store.scan(collection.name)]),
  );
}

function seedAdmins(f: EmulatorFixture, ids: string[]): void {
  f.emu.insert(
    'admins',
    ids.map((id) => ({ _id: id, addedBy: 'test', addedAt: new Date(f.emu.emulator.options.clock.now()), note: '' })),
  );
}

const adminIds = (f: EmulatorFixture): string[] =>
  f.emu.emulator.store
    .scan('admins')
    .map((doc) => doc._id as string)
    .sort();

/** A valid input for every admin-only route (what a non-admin is refused for). */
const VALID_INPUT: Record<Exclude<AdminRoute, 'claimAdmin'>, object> = {
  addAdmin: { openid: 'oNEW' },
  removeAdmin: { openid: ADMIN },
  listAdmins: {},
  getRules: {},
  updateRules: { expectedVersion: 1, rules: { ...DEFAULT_RULES, capBp: 2000 } },
  rulesHistory: { limit: 5 },
  rulesLimits: {},
  saveGrade: {
    expectedVersion: 1,
    mode: 'create',
    grade: { id: 'vip', name: '至尊', rank: 5, ratesBp: [1600, 900] },
  },
  deleteGrade: { expectedVersion: 1, gradeId: 'gold' },
  listApplications: { status: 'pending' },
  reviewApplication: { applicationId: 'app-oU-1', decision: 'approve' },
  setDistributorStatus: { userId: 'oU', action: 'appoint' },
  setGrade: { userId: 'oU', gradeId: 'gold', reason: '年度优秀' },
  listDistributors: { search: 'u' },
  distributorDetail: { userId: 'oU' },
  saveCategory: { mode: 'create', id: 'cat-tea', name: '茶叶' },
  listCategories: {},
  setCategoryHidden: { id: 'cat-tea', hidden: true },
  reorderCategories: { ids: ['cat-tea'] },
  deleteCategory: { id: 'cat-tea' },
  saveProduct: {
    mode: 'create',
    product: { id: 'p1', categoryId: 'cat-tea', name: '龙井', onSale: true },
    skus: [{ id: 'p1-a', spec: '250g', priceFen: 100 }],
  },
  prepareProductUpload: { productId: 'p1', extension: 'png' },
  setStock: { skuId: 'p1-a', expectedStock: 1, stock: 2 },
  adjustStock: { skuId: 'p1-a', delta: 5, requestId: 'adjust-0001' },
  setOnSale: { target: 'product', id: 'p1', onSale: false },
  listProducts: {},
  shipOrder: { orderId: 'oX', carrier: 'EMS', trackingNo: 'E0001' },
  retryShippingUpload: { orderId: 'oX' },
  listOrders: {},
  orderDetail: { orderId: 'oX' },
  exportOrders: { fromDay: '2026-03-01', toDay: '2026-03-31' },
  listAfterSales: { status: 'requested' },
  approveAfterSale: { afterSaleId: `s${'0'.repeat(24)}` },
  refuseAfterSale: { afterSaleId: `s${'0'.repeat(24)}`, reason: '不符合' },
  redriveAfterSaleRefund: { afterSaleId: `s${'0'.repeat(24)}` },
  dashboard: {},
  listWithdrawals: { status: 'reviewing' },
  approveWithdrawal: { withdrawalId: 'w:oU:request-0001' },
  rejectWithdrawal: { withdrawalId: 'w:oU:request-0001', reason: '信息不符' },
  markWithdrawalPaid: { withdrawalId: 'w:oU:request-0001', transferRef: 'ICBC-0001' },
  syncWithdrawal: { withdrawalId: 'w:oU:request-0001' },
  reconciliationDay: { day: '2025-03-01' },
  runReconciliation: { day: '2025-03-01' },
  listAlerts: {},
  resolveAlert: { alertId: 'refund:s0' },
  verifyLedger: {},
  ledgerStatement: { userId: 'oU' },
  listActivities: {},
  getActivity: { id: 'a1' },
  saveActivity: {
    mode: 'create',
    id: 'a1',
    kind: 'fullReduction',
    name: '满减',
    startAt: '2025-03-01T00:00:00Z',
    endAt: '2025-04-01T00:00:00Z',
    commission: true,
    scope: { kind: 'shop' },
    tiers: [{ thresholdFen: 19900, offFen: 2000 }],
  },
  setActivityStatus: { id: 'a1', action: 'pause' },
  listCoupons: {},
  saveCoupon: {
    mode: 'create',
    couponId: 'c1',
    name: '满100减20',
    terms: { kind: 'threshold', thresholdFen: 10000, offFen: 2000 },
    scope: { kind: 'shop' },
    validity: { kind: 'afterClaim', days: 7 },
    totalQuantity: 100,
    perUserLimit: 1,
    exclusiveShareCode: null,
    commission: true,
  },
  setCouponStatus: { couponId: 'c1', action: 'pause' },
  couponResults: { couponId: 'c1' },
  userPoints: { userId: 'oUSER' },
  adjustPoints: { userId: 'oUSER', points: 10, reason: '补偿', requestId: 'adjust-0001' },
  userBalance: { userId: 'oU' },
  adjustBalance: { userId: 'oU', amountFen: -500, reason: '补偿运费', requestId: 'adjust-0001' },
  listTopUps: { status: 'paid' },
  refundTopUp: { topUpId: `t${'0'.repeat(24)}` },
  listMaterials: { productId: null, kind: 'text' },
  getMaterial: { materialId: 'm-1' },
  saveMaterial: { mode: 'create', materialId: 'm-1', productId: null, kind: 'text', text: '好茶' },
  setMaterialEnabled: { materialId: 'm-1', enabled: false },
  deleteMaterial: { materialId: 'm-1' },
  prepareMaterialUpload: { materialId: 'm-1', extension: 'png' },
  analytics: { days: 90 },
  removeDistributor: { userId: 'oU', reason: '违规推广' },
  continueHandover: { userId: 'oU' },
  listRiskCases: { status: 'open' },
  riskCase: { caseId: 'risk:o123' },
  approveRiskCase: { caseId: 'risk:o123', note: '同一家人' },
  voidRiskCase: { caseId: 'risk:o123' },
};

/** An input each route's contract refuses. */
const INVALID_INPUT: Record<AdminRoute, object> = {
  claimAdmin: { secret: '' },
  addAdmin: { openid: 'oNEW', shareCode: '22222223' },
  removeAdmin: {},
  listAdmins: { all: true },
  getRules: { version: 2 },
  updateRules: { expectedVersion: 1, rules: { ...DEFAULT_RULES, levels: 4 } },
  rulesHistory: { limit: 0 },
  rulesLimits: { extra: 1 },
  saveGrade: { expectedVersion: 1, mode: 'create', grade: { id: 'VIP', name: '至尊', rank: 5, ratesBp: [1600, 900] } },
  deleteGrade: { gradeId: 'gold' },
  listApplications: { status: 'lost' },
  reviewApplication: { applicationId: 'app-oU-1', decision: 'reject' },
  setDistributorStatus: { userId: 'oU', action: 'promote' },
  setGrade: { userId: 'oU' },
  listDistributors: { limit: 51 },
  distributorDetail: {},
  saveCategory: { mode: 'upsert', id: 'cat-tea', name: '茶叶' },
  listCategories: { all: true },
  setCategoryHidden: { id: 'cat-tea' },
  reorderCategories: { ids: ['cat-tea', 'cat-tea'] },
  deleteCategory: { id: 'cat tea' },
  saveProduct: { mode: 'create', product: { id: 'p1', categoryId: 'c', name: 'x', onSale: true }, skus: [] },
  prepareProductUpload: { productId: 'p1', extension: 'exe' },
  setStock: { skuId: 'p1-a', stock: 2 },
  adjustStock: { skuId: 'p1-a', delta: 0 },
  setOnSale: { target: 'category', id: 'p1', onSale: true },
  listProducts: { limit: 51 },
  shipOrder: { orderId: 'oX' },
  retryShippingUpload: {},
  listOrders: { limit: 0 },
  orderDetail: {},
  exportOrders: { fromDay: '2026-03-31', toDay: '2026-03-01' },
  listAfterSales: { status: 'lost' },
  approveAfterSale: { afterSaleId: 'x' },
  refuseAfterSale: { afterSaleId: `s${'0'.repeat(24)}`, reason: '' },
  redriveAfterSaleRefund: { afterSaleId: 'not-an-id' },
  dashboard: { day: '2026-03-01' },
  listWithdrawals: { status: 'lost' },
  approveWithdrawal: {},
  rejectWithdrawal: { withdrawalId: 'w:oU:request-0001', reason: '' },
  markWithdrawalPaid: { withdrawalId: 'w:oU:request-0001', extra: 1 },
  syncWithdrawal: { withdrawalId: 'w' },
  reconciliationDay: { day: '1 March' },
  runReconciliation: {},
  listAlerts: { state: 'lost' },
  resolveAlert: { alertId: '' },
  verifyLedger: { cursor: '' },
  ledgerStatement: { userId: 'oU', fromSeq: 0 },
  listActivities: { state: 'over' },
  getActivity: { id: '' },
  saveActivity: { mode: 'create', id: 'a1', kind: 'fullReduction' },
  setActivityStatus: { id: 'a1', action: 'restart' },
  listCoupons: { status: 'lost' },
  saveCoupon: { mode: 'create', couponId: 'c1', name: '' },
  setCouponStatus: { couponId: 'c1', action: 'delete' },
  couponResults: {},
  userPoints: { userId: '' },
  adjustPoints: { userId: 'oUSER', points: 0, reason: '补偿', requestId: 'adjust-0001' },
  userBalance: {},
  adjustBalance: { userId: 'oU', amountFen: 0, reason: '补偿运费', requestId: 'adjust-0001' },
  listTopUps: { status: 'lost' },
  refundTopUp: { topUpId: 'o123' },
  listMaterials: { kind: 'video' },
  getMaterial: { materialId: '' },
  saveMaterial: { mode: 'create', materialId: 'm-1', productId: null, kind: 'text', text: '' },
  setMaterialEnabled: { materialId: 'm 1', enabled: false },
  deleteMaterial: {},
  prepareMaterialUpload: { materialId: 'm-1', extension: 'exe' },
  analytics: { days: 7 },
  removeDistributor: { userId: 'oU' },
  continueHandover: { userId: '' },
  listRiskCases: { status: 'pending' },
  riskCase: { caseId: 'o123' },
  approveRiskCase: { caseId: 'risk:o123', note: 1 },
  voidRiskCase: {},
};

describe('setup secret (pure)', () => {
  it('compares equal and unequal secrets of any lengths without throwing', () => {
    expect(secretsMatch(SECRET, SECRET)).toBe(true);
    expect(secretsMatch(`${SECRET}x`, SECRET)).toBe(false);
    expect(secretsMatch('', SECRET)).toBe(false);
    expect(secretsMatch(SECRET.replace('0', '1'), SECRET)).toBe(false);
  });

  it('refuses an unset, empty or short configured secret before comparing', () => {
    expect(checkSetupSecret(SECRET, undefined)).toBe('SETUP_SECRET_UNSET');
    expect(checkSetupSecret(SECRET, '')).toBe('SETUP_SECRET_UNSET');
    expect(checkSetupSecret('short', 'short')).toBe('SETUP_SECRET_TOO_SHORT');
    // Long enough is not enough: 16 × "x", or 16 lowercase letters, could be guessed.
    expect(checkSetupSecret('x'.repeat(MIN_SETUP_SECRET_LENGTH), 'x'.repeat(MIN_SETUP_SECRET_LENGTH))).toBe(
      'SETUP_SECRET_WEAK',
    );
    expect(checkSetupSecret('abcdefghijklmnop', 'abcdefghijklmnop')).toBe('SETUP_SECRET_WEAK');
    expect(checkSetupSecret('1234567890123456', '1234567890123456')).toBe('SETUP_SECRET_WEAK');
    expect(checkSetupSecret('9f2c4e7a1b3d5f60a8c2', '9f2c4e7a1b3d5f60a8c2')).toBe('ok');
    expect(checkSetupSecret(SECRET, SECRET)).toBe('ok');
    expect(checkSetupSecret('wrong', SECRET)).toBe('BAD_SECRET');
  });
});

describe('admin function: routing and access', () => {
  const f = useEmulator({ functionEnv: { ADMIN_SETUP_SECRET: SECRET } });
  const call = adminApi(f);

  beforeEach(() => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
  });

  it('the test inputs match the contracts', () => {
    for (const [route, input] of Object.entries(VALID_INPUT)) {
      expect(ADMIN_CONTRACTS[route as AdminRoute].input.safeParse(input).success).toBe(true);
    }
    for (const [route, input] of Object.entries(INVALID_INPUT)) {
      expect(ADMIN_CONTRACTS[route as AdminRoute].input.safeParse(input).success).toBe(false);
    }
    expect(Object.keys(INVALID_INPUT).sort()).toEqual([...ADMIN_ROUTES].sort());
  });

  it('answers UNKNOWN_ROUTE for an unknown or missing $url, reading and writing nothing', async () => {
    seedAdmins(f, [ADMIN]);
    const before = dump(f);
    for (const event of [{ $url: 'deleteEverything' }, {}, { $url: 'constructor' }, { $url: 42 }]) {
      const response = await f.emu.call('admin', event, { openid: ADMIN });
      expect(response.result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ROUTE' } });
      expect(response.invocation.roundTrips.database).toBe(0);
    }
    expect(dump(f)).toEqual(before);
  });

  it.each(ADMIN_ROUTES.filter((route) => route !== 'claimAdmin'))(
    '%s refuses a non-admin with FORBIDDEN after one read and writes nothing',
    async (route) => {
      seedAdmins(f, [ADMIN]);
      seedRules(f.emu);
      seedUsers(f.emu, [{ id: 'oU', status: 'pending', nickname: 'u' }]);
      f.emu.insert('distributorApplications', [
        {
          _id: 'app-oU-1',
          userId: 'oU',
          status: 'pending',
          form: { realName: '张三', phone: '13800000000', reason: '' },
          createdAt: new Date(),
          reviewedAt: null,
          reviewedBy: null,
          reviewReason: null,
        },
      ]);
      const before = dump(f);
      const { result, invocation } = await call(route, VALID_INPUT[route as Exclude<AdminRoute, 'claimAdmin'>], 'oU');
      expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(invocation.roundTrips.database).toBe(1);
      expect(invocation.roundTrips.byAction).toEqual({ 'database.getDocument': 1 });
      expect(dump(f)).toEqual(before);
    },
  );

  it.each(ADMIN_ROUTES)('%s answers INVALID_INPUT for bad input without touching the database', async (route) => {
    seedAdmins(f, [ADMIN]);
    seedRules(f.emu);
    const before = dump(f);
    const { result, invocation } = await call(route, INVALID_INPUT[route], ADMIN);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(invocation.roundTrips.database).toBe(0);
    expect(dump(f)).toEqual(before);
  });

  it('refuses a caller without identity (UNAUTHENTICATED)', async () => {
    seedAdmins(f, [ADMIN]);
    const before = dump(f);
    for (const [route, input] of [
      ['getRules', {}],
      ['claimAdmin', { secret: SECRET }],
    ] as const) {
      const { result } = await call(route, input, null);
      expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
    expect(dump(f)).toEqual(before);
  });

  it('an admin passes the check with one read before the use case', async () => {
    seedAdmins(f, [ADMIN]);
    const { result, invocation } = await call('rulesLimits');
    expect(result.ok).toBe(true);
    expect(invocation.roundTrips.byAction).toEqual({ 'database.getDocument': 1 });
  });
});

describe('claimAdmin', () => {
  const f = useEmulator({ functionEnv: { ADMIN_SETUP_SECRET: SECRET } });
  const call = adminApi(f);

  beforeEach(() => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
  });

  it('makes the caller the first admin with the secret, then refuses every later claim', async () => {
    seedUsers(f.emu, [{ id: 'oFIRST', nickname: '店主' }]);
    const { result } = await call('claimAdmin', { secret: SECRET, note: 'owner' }, 'oFIRST');
    expect(result).toMatchObject({
      ok: true,
      data: { admin: { openid: 'oFIRST', addedBy: 'setup', note: 'owner', nickname: '店主' } },
    });
    expect(ADMIN_CONTRACTS.claimAdmin.output.parse(result.ok && result.data)).toBeTruthy();
    expect(f.emu.emulator.store.scan('admins')).toEqual([
      { _id: 'oFIRST', addedBy: 'setup', addedAt: expect.any(Date), note: 'owner' },
    ]);
    expect(f.emu.emulator.store.scan('system').find((doc) => doc._id === 'admins')).toMatchObject({
      claimedBy: 'oFIRST',
    });

    const before = dump(f);
    for (const [openid, secret] of [
      ['oSECOND', SECRET],
      ['oFIRST', SECRET],
      ['oSECOND', 'a wrong secret, but claimed anyway'],
    ] as const) {
      const again = await call('claimAdmin', { secret }, openid);
      expect(again.result).toMatchObject({ ok: false, error: { code: 'ALREADY_CLAIMED' } });
    }
    expect(dump(f)).toEqual(before);
    // The new admin can use the admin routes.
    expect((await call('listAdmins', {}, 'oFIRST')).result).toMatchObject({
      ok: true,
      data: { items: [{ openid: 'oFIRST' }] },
    });
  });

  it('refuses a wrong secret (BAD_SECRET) and writes nothing but the count of wrong guesses', async () => {
    const before = dump(f);
    for (const secret of ['wrong', SECRET.slice(0, -1), `${SECRET} `]) {
      const { result } = await call('claimAdmin', { secret }, 'oFIRST');
      expect(result).toMatchObject({ ok: false, error: { code: 'BAD_SECRET' } });
    }
    const { system, ...rest } = dump(f);
    const { system: systemBefore, ...restBefore } = before;
    expect(rest).toEqual(restBefore);
    expect([systemBefore, system]).toEqual([[], [expect.objectContaining({ _id: 'setupGuard', failures: 3 })]]);
  });

  it('refuses once an admin exists even if they were added by hand', async () => {
    seedAdmins(f, ['oHAND']);
    const before = dump(f);
    const { result } = await call('claimAdmin', { secret: SECRET }, 'oFIRST');
    expect(result).toMatchObject({ ok: false, error: { code: 'ALREADY_CLAIMED' } });
    expect(dump(f)).toEqual(before);
  });

  it('two (and five) concurrent claims with the right secret make exactly one admin', async () => {
    for (const claimants of [2, 5]) {
      f.emu.reset();
      f.emu.emulator.faults.clear();
      // Every claim passes the "no admin yet" read before any of them starts its transaction.
      f.emu.injectFault({
        action: 'database.startTransaction',
        function: 'admin',
        kind: 'delay',
        delayMs: 300,
        times: 0,
      });
      const ids = Array.from({ length: claimants }, (_, i) => `oCLAIM${i}`);
      // Warm one instance per claimant, so all of them are running at the same time.
      await Promise.all(ids.map((id) => call('rulesLimits', {}, id)));
      const outcomes = await Promise.all(ids.map((id) => call('claimAdmin', { secret: SECRET }, id)));
      const winners = outcomes.filter((outcome) => outcome.result.ok);
      expect(winners).toHaveLength(1);
      for (const loser of outcomes.filter((outcome) => !outcome.result.ok)) {
        expect(loser.result).toMatchObject({ ok: false, error: { code: 'ALREADY_CLAIMED' } });
        // The race was real: the loser got as far as the transaction.
        expect(loser.invocation.roundTrips.byAction['database.startTransaction']).toBeGreaterThanOrEqual(1);
      }
      const winner = (winners[0]?.result as { ok: true; data: { admin: { openid: string } } }).data.admin.openid;
      expect(adminIds(f)).toEqual([winner]);
      expect(f.emu.emulator.store.scan('system').filter((doc) => doc._id === 'admins')).toEqual([
        expect.objectContaining({ claimedBy: winner }),
      ]);
    }
  });

  it('a claim whose transaction keeps conflicting answers BUSY and writes nothing', async () => {
    f.emu.injectFault({
      action: 'database.insertDocument',
      function: 'admin',
      kind: 'fail',
      times: 0,
      code: 'DATABASE_TRANSACTION_CONFLICT',
      message: '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others.',
    });
    const before = dump(f);
    const { result } = await call('claimAdmin', { secret: SECRET }, 'oFIRST');
    expect(result).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    expect(dump(f)).toEqual(before);
  });
});

describe('addAdmin, removeAdmin, listAdmins', () => {
  const f = useEmulator({ functionEnv: { ADMIN_SETUP_SECRET: SECRET } });
  const call = adminApi(f);

  beforeEach(() => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
    seedAdmins(f, [ADMIN]);
  });

  it('adds an admin by OPENID; a replay answers unchanged and writes nothing', async () => {
    const { result } = await call('addAdmin', { openid: 'oB', note: '客服' });
    expect(result).toMatchObject({
      ok: true,
      data: { status: 'added', admin: { openid: 'oB', addedBy: ADMIN, note: '客服', nickname: null } },
    });
    expect(ADMIN_CONTRACTS.addAdmin.output.parse(result.ok && result.data)).toBeTruthy();
    expect(adminIds(f)).toEqual([ADMIN, 'oB']);
    const before = dump(f);
    const again = await call('addAdmin', { openid: 'oB', note: 'other note' });
    expect(again.result).toMatchObject({
      ok: true,
      data: { status: 'unchanged', admin: { openid: 'oB', note: '客服' } },
    });
    expect(dump(f)).toEqual(before);
    // The new admin is an admin.
    expect((await call('rulesLimits', {}, 'oB')).result.ok).toBe(true);
  });

  it('adds an admin by share code (any case), and refuses an unknown one with USER_NOT_FOUND', async () => {
    const [user] = seedUsers(f.emu, [{ id: 'oSTAFF', nickname: '小李' }]);
    const { result } = await call('addAdmin', { shareCode: user?.shareCode.toLowerCase() });
    expect(result).toMatchObject({
      ok: true,
      data: { status: 'added', admin: { openid: 'oSTAFF', nickname: '小李' } },
    });
    const before = dump(f);
    const missing = await call('addAdmin', { shareCode: 'ZZZZZZZZ' });
    expect(missing.result).toMatchObject({ ok: false, error: { code: 'USER_NOT_FOUND' } });
    expect(dump(f)).toEqual(before);
  });

  it('lists admins oldest first with their nicknames', async () => {
    seedUsers(f.emu, [{ id: 'oB', nickname: 'Bee' }]);
    await call('addAdmin', { openid: 'oB' });
    const { result } = await call('listAdmins');
    expect(
      ADMIN_CONTRACTS.listAdmins.output
        .parse(result.ok && result.data)
        .items.map((admin) => [admin.openid, admin.nickname]),
    ).toEqual([
      [ADMIN, null],
      ['oB', 'Bee'],
    ]);
  });

  it('removes another admin, who is then refused', async () => {
    seedAdmins(f, ['oB']);
    const { result } = await call('removeAdmin', { openid: 'oB' });
    expect(result).toEqual({ ok: true, data: { status: 'removed', openid: 'oB', remaining: 1 } });
    expect(adminIds(f)).toEqual([ADMIN]);
    expect((await call('getRules', {}, 'oB')).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // A replay changes nothing.
    const before = dump(f);
    expect((await call('removeAdmin', { openid: 'oB' })).result).toEqual({
      ok: true,
      data: { status: 'unchanged', openid: 'oB', remaining: 1 },
    });
    expect(dump(f)).toEqual(before);
  });

  it('never removes the last admin (LAST_ADMIN), not even oneself', async () => {
    const before = dump(f);
    const { result } = await call('removeAdmin', { openid: ADMIN });
    expect(result).toMatchObject({ ok: false, error: { code: 'LAST_ADMIN' } });
    expect(dump(f)).toEqual(before);
  });

  it('removing oneself is allowed while another admin remains', async () => {
    seedAdmins(f, ['oB']);
    const { result } = await call('removeAdmin', { openid: ADMIN });
    expect(result).toMatchObject({ ok: true, data: { status: 'removed', remaining: 1 } });
    expect(adminIds(f)).toEqual(['oB']);
    expect((await call('listAdmins')).result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await call('removeAdmin', { openid: 'oB' }, 'oB')).result).toMatchObject({
      ok: false,
      error: { code: 'LAST_ADMIN' },
    });
  });

  it('two admins removing each other at once leave exactly one admin (10 rounds)', async () => {
    for (let round = 0; round < 10; round += 1) {
      f.emu.reset();
      seedAdmins(f, ['oA', 'oB']);
      const [a, b] = await Promise.all([
        call('removeAdmin', { openid: 'oB' }, 'oA'),
        call('removeAdmin', { openid: 'oA' }, 'oB'),
      ]);
      const results = [a?.result, b?.result];
      expect(adminIds(f)).toHaveLength(1);
      expect(results.filter((result) => result?.ok)).toHaveLength(1);
      // The loser either lost the lock (LAST_ADMIN after its retry) or was removed before its check (FORBIDDEN).
      const loser = results.find((result) => result?.ok === false) as { ok: false; error: { code: string } };
      expect(['LAST_ADMIN', 'FORBIDDEN']).toContain(loser.error.code);
    }
  });

  it('three admins each removing the next at once leave at least one admin', async () => {
    for (let round = 0; round < 5; round += 1) {
      f.emu.reset();
      seedAdmins(f, ['oA', 'oB', 'oC']);
      await Promise.all([
        call('removeAdmin', { openid: 'oB' }, 'oA'),
        call('removeAdmin', { openid: 'oC' }, 'oB'),
        call('removeAdmin', { openid: 'oA' }, 'oC'),
      ]);
      expect(adminIds(f).length).toBeGreaterThanOrEqual(1);
    }
  });

  it('a removal whose transaction keeps conflicting answers BUSY and writes nothing', async () => {
    seedAdmins(f, ['oB']);
    f.emu.injectFault({
      action: 'database.removeDocument',
      function: 'admin',
      kind: 'fail',
      times: 0,
      code: 'DATABASE_TRANSACTION_CONFLICT',
      message: '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others.',
    });
    const before = dump(f);
    const { result } = await call('removeAdmin', { openid: 'oB' });
    expect(result).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    expect(dump(f)).toEqual(before);
  });
});
