/**
 * admin/activities (营销活动: states, results, 暂停/恢复/结束) and admin/activity (the form of a
 * 满减 with its tiers and scope, of a 限时折扣 with its SKUs and activity prices, and of a 秒杀
 * session with its SKUs' flash prices, allotments and limits, the window
 * as China date and time), with the admin function's answers shaped by its contracts.
 */
import { SaveActivityInput } from '@shared/contracts/adminActivities';
import type { ActivityResults, ActivityView } from '@shared/contracts/adminActivities';
import {
  answerCalls,
  callsOf,
  fail,
  ok,
  renderPage,
  settle,
  stateText,
  tap,
  tapRetry,
  texts,
  wx,
  type Rendered,
} from './helpers';

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

const RESULTS: ActivityResults = { orders: 12, units: 30, discountFen: 24000, paidFen: 198000, commissionFen: 9900 };
const NONE: ActivityResults = { orders: 0, units: 0, discountFen: 0, paidFen: 0, commissionFen: 0 };

function reduction(fields: Partial<ActivityView> = {}): ActivityView {
  return {
    id: 'fr1',
    kind: 'fullReduction',
    name: '春季满减',
    startAt: '2026-03-01T00:00:00.000Z',
    endAt: '2026-03-31T00:00:00.000Z',
    status: 'active',
    state: 'running',
    commission: true,
    createdAt: '2026-02-28T00:00:00.000Z',
    updatedAt: '2026-02-28T00:00:00.000Z',
    scope: { kind: 'shop' },
    tiers: [
      { thresholdFen: 19900, offFen: 2000 },
      { thresholdFen: 29900, offFen: 4000 },
    ],
    ...fields,
  } as ActivityView;
}

function discount(fields: Partial<ActivityView> = {}): ActivityView {
  return {
    ...reduction(),
    id: 'td1',
    kind: 'timedDiscount',
    name: '会员日',
    status: 'paused',
    state: 'paused',
    commission: false,
    skus: [{ skuId: 'p1-a', productId: 'p1', priceFen: 5900 }],
    ...fields,
  } as ActivityView;
}

describe('admin/activities', () => {
  function server() {
    const activities = [reduction(), discount()];
    answerCalls({
      'admin.listActivities': (data: Record<string, any>) =>
        ok({
          items: activities
            .filter((activity) => !data.state || activity.state === data.state)
            .map((activity) => ({ activity, results: activity.id === 'fr1' ? RESULTS : NONE })),
          nextOffset: null,
        }),
      'admin.setActivityStatus': (data: Record<string, any>) => {
        const activity = activities.find((candidate) => candidate.id === data.id)!;
        const next = { pause: ['paused', 'paused'], resume: ['active', 'running'], end: ['ended', 'ended'] }[
          data.action as 'pause'
        ];
        Object.assign(activity, { status: next[0], state: next[1] });
        return ok({ status: 'changed', activity });
      },
    });
  }

  it('lists each activity with its kind, state, window in China time, offer and results', async () => {
    server();
    const page = await renderPage('admin/activities/activities');
    expect(texts(page, '.activity-name')).toEqual(['春季满减', '会员日']);
    expect(texts(page, '.kind-tag')).toEqual(['满减', '限时折扣']);
    expect(texts(page, '.state-tag')).toEqual(['进行中', '已暂停']);
    expect(texts(page, '.activity-offer')).toEqual(['满199减20，满299减40', '1 个规格享活动价']);
    expect(texts(page, '.activity-window')[0]).toBe('2026-03-01 08:00 至 2026-03-31 08:00');
    expect(texts(page, '.activity-results')[0]).toBe('订单 12 · 30 件 · 优惠 ¥240.00 · 实付 ¥1,980.00 · 佣金 ¥99.00');
    expect(texts(page, '.no-commission')).toEqual(['不参与分佣']);
    // A running activity may be paused, a paused one resumed; both may be edited and ended.
    expect(page.querySelectorAll('.pause-button')).toHaveLength(1);
    expect(page.querySelectorAll('.resume-button')).toHaveLength(1);
    expect(page.querySelectorAll('.edit-button')).toHaveLength(2);
    expect(page.querySelectorAll('.end-button')).toHaveLength(2);
  });

  it('filters by state', async () => {
    server();
    const page = await renderPage('admin/activities/activities');
    page.querySelectorAll('.state-filters .filter')[3]!.dispatchEvent('tap');
    await settle();
    expect(callsOf('admin.listActivities').at(-1)).toEqual({
      $url: 'listActivities',
      state: 'paused',
      limit: 20,
      offset: 0,
    });
    expect(texts(page, '.activity-name')).toEqual(['会员日']);
  });

  it('pauses at once, and ends only after the merchant confirms (an ended activity never comes back)', async () => {
    server();
    const page = await renderPage('admin/activities/activities');
    await tap(page, '.pause-button', '.t-button');
    expect(callsOf('admin.setActivityStatus')).toEqual([{ $url: 'setActivityStatus', id: 'fr1', action: 'pause' }]);
    expect(texts(page, '.state-tag')).toEqual(['已暂停', '已暂停']);
    // The results stay on the row.
    expect(texts(page, '.activity-results')[0]).toContain('订单 12');

    const endSecond = async () => {
      page.querySelectorAll('.end-button')[1]!.querySelector('.t-button')!.dispatchEvent('tap');
      await settle(10);
    };
    wx.showModal.mockResolvedValueOnce({ confirm: false, cancel: true });
    await endSecond();
    expect(callsOf('admin.setActivityStatus')).toHaveLength(1);
    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    await endSecond();
    expect(callsOf('admin.setActivityStatus').at(-1)).toEqual({ $url: 'setActivityStatus', id: 'td1', action: 'end' });
    expect(texts(page, '.state-tag')).toEqual(['已暂停', '已结束']);
    // Only the first row keeps 编辑 and 结束.
    expect(page.querySelectorAll('.edit-button')).toHaveLength(1);
    expect(page.querySelectorAll('.end-button')).toHaveLength(1);
  });

  it('is reachable from the admin menu', async () => {
    answerCalls({ 'admin.listAdmins': ok({ items: [] }) });
    const page = await renderPage('admin/index/index', { manage: '1' });
    expect(page.querySelector('.activities-link')).toBeDefined();
  });
});

describe('admin/activity', () => {
  const input = (page: Rendered, selector: string, value: string, index = 0) => {
    page.querySelectorAll(selector)[index]!.dispatchEvent('input', { detail: { value } });
  };
  const pick = (page: Rendered, selector: string, value: string) => {
    page.querySelector(selector)!.dispatchEvent('change', { detail: { value } });
  };

  function answers(): void {
    answerCalls({
      'admin.listCategories': ok({
        items: [{ id: 'cat-tea', name: '茶叶', sortOrder: 1, hidden: false, productCount: 2 }],
      }),
      'admin.listProducts': ok({
        items: [
          {
            id: 'p1',
            slug: 'p1',
            categoryId: 'cat-tea',
            name: '龙井',
            description: '',
            images: [],
            detailImages: [],
            onSale: true,
            sortOrder: 0,
            minPriceFen: 6900,
            maxPriceFen: 6900,
            commission: { mode: 'default' },
            createdAt: '2026-01-01T00:00:00.000Z',
            updatedAt: '2026-01-01T00:00:00.000Z',
            skus: [
              {
                id: 'p1-a',
                productId: 'p1',
                spec: '100g',
                priceFen: 6900,
                stock: 5,
                onSale: true,
                commission: null,
                updatedAt: '2026-01-01T00:00:00.000Z',
              },
            ],
          },
        ],
        nextOffset: null,
      }),
      'admin.saveActivity': (data: Record<string, any>) =>
        ok({ status: 'created', activity: reduction({ id: data.id }) }),
      'admin.getActivity': ok({
        activity: discount(),
        results: NONE,
        skuDetails: [{ skuId: 'p1-a', productName: '龙井', spec: '100g', originalPriceFen: 6900 }],
      }),
    });
  }

  it('creates a 满减 over categories with two tiers and a China-time window', async () => {
    answers();
    const page = await renderPage('admin/activity/activity', { kind: 'fullReduction' });
    input(page, '.name-input', '春季满减');
    pick(page, '.start-day', '2026-03-01');
    pick(page, '.start-time', '10:00');
    pick(page, '.end-day', '2026-03-31');
    pick(page, '.end-time', '22:30');
    page.querySelector('.scope-categories')!.dispatchEvent('tap');
    await settle();
    page.querySelectorAll('.choice')[0]!.dispatchEvent('tap');
    input(page, '.tier-threshold', '199');
    input(page, '.tier-off', '20');
    await tap(page, '.add-tier', '.t-button');
    input(page, '.tier-threshold', '299', 1);
    input(page, '.tier-off', '40', 1);
    await settle();
    await tap(page, '.save-button', '.t-button');
    const [saved] = callsOf('admin.saveActivity');
    expect(saved).toEqual({
      $url: 'saveActivity',
      mode: 'create',
      id: expect.stringMatching(/^a[a-z0-9]+$/),
      kind: 'fullReduction',
      name: '春季满减',
      startAt: '2026-03-01T02:00:00.000Z',
      endAt: '2026-03-31T14:30:00.000Z',
      commission: true,
      scope: { kind: 'categories', categoryIds: ['cat-tea'] },
      tiers: [
        { thresholdFen: 19900, offFen: 2000 },
        { thresholdFen: 29900, offFen: 4000 },
      ],
    });
    expect((wx as unknown as { navigateBack: jest.Mock }).navigateBack).toHaveBeenCalled();
  });

  it('refuses tiers that do not increase before calling the function', async () => {
    answers();
    const page = await renderPage('admin/activity/activity', { kind: 'fullReduction' });
    input(page, '.name-input', '满减');
    input(page, '.tier-threshold', '199');
    input(page, '.tier-off', '20');
    await tap(page, '.add-tier', '.t-button');
    input(page, '.tier-threshold', '99', 1);
    input(page, '.tier-off', '10', 1);
    await settle();
    await tap(page, '.save-button', '.t-button');
    expect(callsOf('admin.saveActivity')).toEqual([]);
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '第 2 档：门槛和减免金额须高于上一档', icon: 'none' });
  });

  it('creates a 限时折扣: picks a SKU found by search and sets its activity price below the original', async () => {
    answers();
    const page = await renderPage('admin/activity/activity', { kind: 'timedDiscount' });
    input(page, '.name-input', '会员日');
    input(page, '.keyword-input', '龙井');
    await settle();
    await tap(page, '.search-button', '.t-button');
    expect(texts(page, '.candidate')).toEqual(['龙井 100g原价 ¥69 ＋']);
    page.querySelector('.candidate')!.dispatchEvent('tap');
    await settle();
    input(page, '.sku-price', '69');
    await settle();
    await tap(page, '.save-button', '.t-button');
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '龙井 100g：活动价须低于原价', icon: 'none' });
    input(page, '.sku-price', '59.9');
    await settle();
    await tap(page, '.save-button', '.t-button');
    expect(callsOf('admin.saveActivity')[0]).toMatchObject({
      kind: 'timedDiscount',
      skus: [{ skuId: 'p1-a', priceFen: 5990 }],
    });
  });

  it('creates a 秒杀 session: each SKU with its flash price, allotment and per-user limit', async () => {
    answers();
    const page = await renderPage('admin/activity/activity', { kind: 'flashSale' });
    expect(texts(page, '.card-title')[0]).toBe('秒杀场次');
    input(page, '.name-input', '10点场');
    await tap(page, '.search-button', '.t-button');
    page.querySelector('.candidate')!.dispatchEvent('tap');
    await settle();
    input(page, '.sku-price', '9.9');
    await settle();
    await tap(page, '.save-button', '.t-button');
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '龙井 100g：请填写秒杀库存（至少 1 件）', icon: 'none' });
    expect(callsOf('admin.saveActivity')).toEqual([]);
    input(page, '.sku-stock', '5');
    input(page, '.sku-limit', '2');
    await settle();
    await tap(page, '.save-button', '.t-button');
    expect(callsOf('admin.saveActivity')[0]).toMatchObject({
      kind: 'flashSale',
      skus: [{ skuId: 'p1-a', priceFen: 990, stock: 5, perUserLimit: 2 }],
    });
  });

  it('creates a 拼团: size, time limit and leader bonus checked, then saved as the contract takes them', async () => {
    answers();
    const page = await renderPage('admin/activity/activity', { kind: 'groupBuy' });
    expect(texts(page, '.card-title')[0]).toBe('拼团');
    input(page, '.name-input', '龙井三人团');
    input(page, '.keyword-input', '龙井');
    await settle();
    await tap(page, '.search-button', '.t-button');
    page.querySelector('.candidate')!.dispatchEvent('tap');
    await settle();
    input(page, '.sku-price', '49');
    input(page, '.group-size', '11');
    await settle();
    await tap(page, '.save-button', '.t-button');
    expect(wx.showToast).toHaveBeenLastCalledWith({ title: '成团人数须为 2 至 10 人', icon: 'none' });
    input(page, '.group-size', '3');
    input(page, '.group-time', '120');
    input(page, '.group-bonus', '5');
    await settle();
    await tap(page, '.save-button', '.t-button');
    const saved = callsOf('admin.saveActivity')[0];
    expect(saved).toMatchObject({
      kind: 'groupBuy',
      skus: [{ skuId: 'p1-a', priceFen: 4900 }],
      groupSize: 3,
      timeLimitMinutes: 120,
      leaderBonusFen: 500,
    });
    // What the page sends passes the function's contract (the route name aside).
    const { $url: route, ...sent } = saved as Record<string, unknown>;
    expect(route).toBe('saveActivity');
    expect(SaveActivityInput.safeParse(sent).error?.issues).toBeUndefined();
  });

  it('edits a stored 限时折扣 under its own id', async () => {
    answers();
    const page = await renderPage('admin/activity/activity', { id: 'td1' });
    await settle();
    expect(texts(page, '.sku-label')).toEqual(['龙井 100g原价 ¥69']);
    await tap(page, '.save-button', '.t-button');
    expect(callsOf('admin.saveActivity')[0]).toMatchObject({
      mode: 'update',
      id: 'td1',
      commission: false,
      skus: [{ skuId: 'p1-a', priceFen: 5900 }],
    });
  });
  it('shows a failed load and retries the same activity', async () => {
    let calls = 0;
    answerCalls({
      'admin.getActivity': () =>
        (calls += 1) === 1 ? fail('BUSY', '系统繁忙') : ok({ activity: discount(), results: NONE, skuDetails: [] }),
    });
    const page = await renderPage('admin/activity/activity', { id: 'td1' });
    expect(stateText(page)).toContain('系统繁忙');
    await tapRetry(page);
    await settle();
    expect(callsOf('admin.getActivity')).toEqual([
      { $url: 'getActivity', id: 'td1' },
      { $url: 'getActivity', id: 'td1' },
    ]);
    expect(texts(page, '.sku-label')).toEqual(['p1-a已删除']);
  });
});
