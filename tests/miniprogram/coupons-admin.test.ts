/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
/**
 * The merchant's coupon pages against the emulator: 商家管理's 优惠券 entry, the list with its
 * states and counts, pause / resume / end and 效果, and the form creating a 满减券, refusing
 * wrong amounts, and editing a coupon into a category-scoped 折扣券.
 */
import { chinaDay } from '@shared/chinaTime';
import type { EmulatorHandle } from '../../emulator/src/index';
import { couponDoc, seedClaim, seedCoupon } from '../helpers/coupons';
import { seedRules } from '../helpers/referrals';
import { renderPage, settle, tap, text, texts, wx, type Rendered } from './helpers';
import { loaded, until, useCouponEmulator } from './coupons-fixtures';

const ADMIN = 'oADMIN';
const f = useCouponEmulator();

function seedAdmin(emu: EmulatorHandle): void {
  seedRules(emu);
  emu.insert('admins', [{ _id: ADMIN, addedBy: 'test', addedAt: new Date(), note: '' }]);
  emu.insert('categories', [
    { _id: 'cat-tea', name: '茶叶', sortOrder: 10, hidden: false, createdAt: new Date(), updatedAt: new Date() },
    { _id: 'cat-snack', name: '零食', sortOrder: 20, hidden: false, createdAt: new Date(), updatedAt: new Date() },
  ]);
  f.as(ADMIN);
}

function input(page: Rendered, selector: string, value: string): void {
  page.querySelector(selector)!.dispatchEvent('input', { detail: { value } });
}

function choose(page: Rendered, selector: string, value: string | string[]): void {
  page.querySelector(selector)!.dispatchEvent('change', { detail: { value } });
}

async function save(page: Rendered): Promise<void> {
  await tap(page, '.save-button', '.t-button');
  await until(() => !page.data.saving);
}

describe('admin/index menu', () => {
  it('has an 优惠券 entry', async () => {
    seedAdmin(f.emu);
    const page = await renderPage('admin/index/index', { manage: '1' });
    await loaded(page);
    await tap(page, '.coupons-link', '.t-cell');
    expect(wx.navigateTo).toHaveBeenCalledWith({ url: '/admin/coupons/coupons' });
  });
});

describe('admin/coupons/coupons', () => {
  it('lists coupons with state and counts, pauses, resumes, ends and shows results', async () => {
    seedAdmin(f.emu);
    const coupon = seedCoupon(f.emu, { _id: 'c1', name: '满100减20', claimedCount: 2 });
    seedClaim(f.emu, coupon, 'oA', { status: 'used', orderId: 'o-a' });
    seedClaim(f.emu, coupon, 'oB');
    const page = await renderPage('admin/coupons/coupons');
    await loaded(page);
    expect(texts(page, '.coupon-name')).toEqual(['满100减20']);
    expect(texts(page, '.coupon-status')).toEqual(['发放中']);
    expect(texts(page, '.coupon-claimed')).toEqual(['已领 2/100']);
    expect(texts(page, '.coupon-used')).toEqual(['使用中 1']);

    await tap(page, '.pause-button', '.t-button');
    await until(() => couponDoc(f.emu, 'c1')?.status === 'paused' && page.data.busyId === '');
    expect(texts(page, '.coupon-status')).toEqual(['已暂停']);
    await tap(page, '.resume-button', '.t-button');
    await until(() => couponDoc(f.emu, 'c1')?.status === 'active' && page.data.busyId === '');
    expect(texts(page, '.coupon-status')).toEqual(['发放中']);

    wx.showModal.mockResolvedValueOnce({ confirm: true, cancel: false });
    await tap(page, '.end-button', '.t-button');
    await until(() => couponDoc(f.emu, 'c1')?.status === 'ended' && page.data.busyId === '');
    expect(texts(page, '.coupon-status')).toEqual(['已结束']);
    expect(page.querySelector('.edit-button')).toBeUndefined();

    wx.showModal.mockClear();
    await tap(page, '.results-button', '.t-button');
    await until(() => wx.showModal.mock.calls.length > 0);
    expect(wx.showModal).toHaveBeenCalledWith({
      title: '满100减20 效果',
      content: '已领取 2 张，使用中 1 张\n支付订单 0 笔，销售额 ¥0.00\n用券商品佣金 ¥0.00',
      showCancel: false,
    });
  });
});

describe('admin/coupon/coupon (the form)', () => {
  it('creates a 满减券 after refusing an amount off at the threshold', async () => {
    seedAdmin(f.emu);
    const page = await renderPage('admin/coupon/coupon');
    await loaded(page);
    const id = page.data.form.couponId as string;
    input(page, '.name', '满100减20');
    input(page, '.threshold', '100');
    input(page, '.off', '100');
    await settle();
    await save(page);
    expect(text(page, '.off-error')).toBe('减免金额须低于使用门槛');
    expect(f.emu.emulator.store.count('coupons')).toBe(0);

    input(page, '.off', '20');
    input(page, '.total-quantity', '500');
    input(page, '.per-user-limit', '2');
    await settle();
    await save(page);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已创建', icon: 'success' });
    expect(couponDoc(f.emu, id)).toMatchObject({
      name: '满100减20',
      kind: 'threshold',
      thresholdFen: 10_000,
      offFen: 2_000,
      totalQuantity: 500,
      perUserLimit: 2,
      scope: { kind: 'shop' },
      validity: { kind: 'afterClaim', days: 7 },
      exclusiveDistributorId: null,
      commission: true,
    });
    expect(page.data.form.mode).toBe('update');
  });

  it('edits a coupon into a 折扣券 on one category with fixed dates, without commission', async () => {
    seedAdmin(f.emu);
    seedCoupon(f.emu, { _id: 'c1', name: '旧券', claimedCount: 3 });
    const page = await renderPage('admin/coupon/coupon', { id: 'c1' });
    await loaded(page);
    expect(page.data.form).toMatchObject({ mode: 'update', name: '旧券', threshold: '100', off: '20' });
    expect(text(page, '.hint')).toContain('已领取 3 张');
    choose(page, '.kind', 'discount');
    await settle();
    input(page, '.pay-rate', '8.5');
    input(page, '.max-off', '50');
    choose(page, '.scope-kind', 'categories');
    await settle();
    choose(page, '.scope-categories', ['cat-tea']);
    choose(page, '.validity-kind', 'fixed');
    await settle();
    const today = chinaDay(Date.now());
    choose(page, '.from-day', today);
    choose(page, '.to-day', today);
    page.querySelector('.commission')!.dispatchEvent('change', { detail: { value: false } });
    await settle();
    await save(page);
    expect(wx.showToast).toHaveBeenCalledWith({ title: '已保存', icon: 'success' });
    const stored = couponDoc(f.emu, 'c1')!;
    expect(stored).toMatchObject({
      kind: 'discount',
      thresholdFen: 0,
      offFen: 0,
      payRateBp: 8500,
      maxOffFen: 5000,
      scope: { kind: 'categories', categoryIds: ['cat-tea'] },
      commission: false,
      claimedCount: 3,
    });
    if (stored.validity.kind !== 'fixed') throw new Error('expected fixed dates');
    // One China day: from its 00:00 to the next day's 00:00.
    expect(new Date(stored.validity.to).getTime() - new Date(stored.validity.from).getTime()).toBe(24 * 3600 * 1000);

    input(page, '.total-quantity', '2');
    await settle();
    await save(page);
    expect(text(page, '.server-error')).toBe('发放总量不能少于已领取的 3 张');
  });
});
