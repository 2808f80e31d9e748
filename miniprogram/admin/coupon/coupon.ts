/**
 * 编辑优惠券: creates a coupon, or edits one (`?id=`, loaded with `admin.couponResults`): kind
 * (满减券 / 折扣券 / 无门槛券) and its amounts, scope (全场 / 分类 / 商品), validity (fixed
 * days or N days after claiming), quantity, per-user limit, an optional exclusive distributor
 * (their share code) and whether distributors earn commission. Saving sends `admin.saveCoupon`;
 * the form's id is made once, so a save resent after a lost answer is a replay. Coupons already
 * claimed keep the terms they were claimed with.
 */
import { admin, couponResults, saveCoupon } from '../../services/admin';
import type { PageStatus } from '../../utils/page-state';
import { adminFailureMessage } from '../gate';
import { checkCouponForm, formFromCoupon, newCouponForm, type CouponErrors, type CouponForm } from './form';

interface CategoryOption {
  id: string;
  name: string;
  checked: boolean;
}

const TITLES = { created: '已创建', updated: '已保存', replayed: '已创建', unchanged: '没有变化' };

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    couponId: '',
    form: null as CouponForm | null,
    categories: [] as CategoryOption[],
    errors: {} as CouponErrors,
    serverError: '',
    saving: false,
    /** Claimed so far, shown beside the total when editing. */
    claimedCount: 0,
  },

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ couponId: query.id ?? '' });
    void this.load();
  },

  async load() {
    this.setData({ status: 'loading' });
    const couponId = this.data.couponId;
    const [categories, coupon] = await Promise.all([
      admin('listCategories', {}),
      couponId ? couponResults({ couponId }) : Promise.resolve(null),
    ]);
    const failure = !categories.ok ? categories.error : coupon && !coupon.ok ? coupon.error : null;
    if (failure || !categories.ok) {
      this.setData({ status: 'error', message: failure ? adminFailureMessage(failure) : '' });
      return;
    }
    const form = coupon && coupon.ok ? formFromCoupon(coupon.data.coupon) : newCouponForm();
    this.setData({
      status: 'ready',
      form,
      claimedCount: coupon && coupon.ok ? coupon.data.coupon.claimedCount : 0,
      categories: categories.data.items.map((item) => ({
        id: item.id,
        name: item.name,
        checked: form.categoryIds.includes(item.id),
      })),
    });
  },

  onField(event: WechatMiniprogram.CustomEvent<{ value: string | boolean }, Record<string, never>, { field: string }>) {
    const { field } = event.currentTarget.dataset;
    const errors = { ...this.data.errors };
    delete errors[field];
    this.setData({ [`form.${field}`]: event.detail.value, errors });
  },

  onCategoriesChange(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
    const chosen = event.detail.value;
    this.setData({
      'form.categoryIds': chosen,
      categories: this.data.categories.map((item) => ({ ...item, checked: chosen.includes(item.id) })),
    });
  },

  async onSaveTap() {
    const form = this.data.form;
    if (!form || this.data.saving) return;
    const checked = checkCouponForm(form);
    if ('errors' in checked) {
      this.setData({ errors: checked.errors, serverError: '' });
      void wx.showToast({ title: '请修改标红的项目', icon: 'none' });
      return;
    }
    this.setData({ saving: true, serverError: '', errors: {} });
    const result = await saveCoupon(checked.input);
    this.setData({ saving: false });
    if (!result.ok) {
      this.setData({ serverError: adminFailureMessage(result.error) });
      return;
    }
    void wx.showToast({ title: TITLES[result.data.status], icon: 'success' });
    this.setData({
      couponId: result.data.coupon.couponId,
      form: formFromCoupon(result.data.coupon),
      claimedCount: result.data.coupon.claimedCount,
    });
  },

  onRetry() {
    void this.load();
  },
});
