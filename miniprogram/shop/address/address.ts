/**
 * 新增 / 编辑收货地址: the form (recipient, mobile, region picker, street address, default),
 * checked on the page with the shared contract (form.ts) before `address.save`. A new address
 * is saved with one request id per form, kept across retries, so a lost answer never creates
 * it twice.
 */
import { address } from '../../services/address';
import type { PageStatus } from '../../utils/page-state';
import { newRequestId } from '../../utils/request-id';
import { checkAddressForm, type AddressForm, type AddressFormErrors } from './form';

const EMPTY: AddressForm = { name: '', phone: '', province: '', city: '', district: '', detail: '', isDefault: false };

type Field = 'name' | 'phone' | 'detail';

Page({
  data: {
    status: 'ready' as PageStatus,
    message: '',
    id: '',
    requestId: '',
    form: { ...EMPTY },
    region: [] as string[],
    regionText: '',
    errors: {} as AddressFormErrors,
    saving: false,
  },

  onLoad(query: Record<string, string | undefined>) {
    if (query.id) {
      this.setData({ id: query.id, status: 'loading' });
      void this.load();
    } else {
      void wx.setNavigationBarTitle({ title: '新增收货地址' });
      this.setData({ requestId: newRequestId() });
    }
  },

  /** There is no single-address route: the address comes from the caller's list. */
  async load() {
    this.setData({ status: 'loading' });
    const result = await address.list();
    if (!result.ok) {
      this.setData({ status: 'error', message: result.error.message });
      return;
    }
    const found = result.data.items.find((item) => item.id === this.data.id);
    if (!found) {
      this.setData({ status: 'error', message: '收货地址不存在' });
      return;
    }
    const { name, phone, province, city, district, detail, isDefault } = found;
    this.showForm({ name, phone, province, city, district, detail, isDefault });
    this.setData({ status: 'ready' });
  },

  showForm(form: AddressForm) {
    const region = [form.province, form.city, form.district].filter((part) => part !== '');
    this.setData({ form, region, regionText: region.join(' ') });
  },

  onFieldInput(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: Field }>) {
    const field = event.currentTarget.dataset.field;
    this.setData({
      form: { ...this.data.form, [field]: event.detail.value },
      errors: { ...this.data.errors, [field]: '' },
    });
  },

  onRegionChange(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
    const [province = '', city = '', district = ''] = event.detail.value;
    this.showForm({ ...this.data.form, province, city, district });
    this.setData({ errors: { ...this.data.errors, region: '' } });
  },

  onDefaultChange(event: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
    this.setData({ form: { ...this.data.form, isDefault: event.detail.value } });
  },

  async onSaveTap() {
    if (this.data.saving) return;
    const target = this.data.id ? { id: this.data.id } : { requestId: this.data.requestId };
    const checked = checkAddressForm(this.data.form, target);
    if (!checked.ok) {
      this.setData({ errors: checked.errors });
      return;
    }
    this.setData({ saving: true, errors: {} });
    const result = await address.save(checked.input);
    this.setData({ saving: false });
    if (!result.ok) {
      void wx.showToast({ title: result.error.message, icon: 'none' });
      return;
    }
    void wx.showToast({ title: '已保存', icon: 'success' });
    void wx.navigateBack();
  },

  onRetry() {
    void this.load();
  },
});
