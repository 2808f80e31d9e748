/**
 * 编辑素材: creates a material, or edits one (`?id=`, read with `admin.getMaterial`): 通用 or
 * the product it was opened for (`?productId=&productName=`), kind (文案 / 图片 / 培训文章) and
 * its content, sort order and whether distributors see it. Saving sends `admin.saveMaterial`;
 * the form's id is made once, so a save resent after a lost answer is a replay.
 */
import { MATERIAL_LIMITS } from '@shared/materials';
import { admin } from '../../services/admin';
import type { PageStatus } from '../../utils/page-state';
import { adminFailureMessage } from '../gate';
import { chooseImages } from '../product/media';
import {
  checkMaterialForm,
  formFromMaterial,
  newMaterialForm,
  uploadMaterialImage,
  type MaterialErrors,
  type MaterialForm,
} from './form';

const TITLES = { created: '已创建', updated: '已保存', replayed: '已创建', unchanged: '没有变化' };

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    materialId: '',
    /** The product the form was opened for (its name for the scope choice), if any. */
    productId: '',
    productName: '',
    form: null as MaterialForm | null,
    errors: {} as MaterialErrors,
    serverError: '',
    saving: false,
    uploading: 0,
    maxImages: MATERIAL_LIMITS.images,
  },

  onLoad(query: Record<string, string | undefined>) {
    this.setData({
      materialId: query.id ?? '',
      productId: query.productId ?? '',
      productName: query.productName ? decodeURIComponent(query.productName) : '',
    });
    void this.load();
  },

  async load() {
    const { materialId, productId } = this.data;
    if (!materialId) {
      this.setData({ status: 'ready', form: newMaterialForm(productId || null) });
      return;
    }
    this.setData({ status: 'loading' });
    const answer = await admin('getMaterial', { materialId });
    if (!answer.ok) {
      this.setData({ status: 'error', message: adminFailureMessage(answer.error) });
      return;
    }
    const { material } = answer.data;
    this.setData({
      status: 'ready',
      form: formFromMaterial(material),
      productId: material.productId ?? '',
      productName: material.productName ?? '',
    });
  },

  onField(event: WechatMiniprogram.CustomEvent<{ value: string | boolean }, Record<string, never>, { field: string }>) {
    const { field } = event.currentTarget.dataset;
    const errors = { ...this.data.errors };
    delete errors[field as keyof MaterialErrors];
    const value = field === 'productId' ? event.detail.value || null : event.detail.value;
    this.setData({ [`form.${field}`]: value, errors });
  },

  async onAddImageTap() {
    const form = this.data.form;
    if (!form || this.data.uploading > 0) return;
    const room = MATERIAL_LIMITS.images - form.images.length;
    const paths = room > 0 ? await chooseImages(room) : [];
    this.setData({ uploading: paths.length });
    for (const path of paths) {
      const uploaded = await uploadMaterialImage(form.materialId, path);
      this.setData({ uploading: this.data.uploading - 1 });
      if (!uploaded.ok) {
        this.setData({ uploading: 0 });
        void wx.showToast({ title: uploaded.message, icon: 'none' });
        return;
      }
      this.setData({ 'form.images': [...(this.data.form?.images ?? []), uploaded.fileId], 'errors.images': '' });
    }
  },

  onRemoveImageTap(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
    const form = this.data.form;
    const index = Number(event.currentTarget.dataset.index);
    if (form) this.setData({ 'form.images': form.images.filter((_, at) => at !== index) });
  },

  async onSaveTap() {
    const form = this.data.form;
    if (!form || this.data.saving || this.data.uploading > 0) return;
    const checked = checkMaterialForm(form);
    if ('errors' in checked) {
      this.setData({ errors: checked.errors, serverError: '' });
      void wx.showToast({ title: '请修改标红的项目', icon: 'none' });
      return;
    }
    this.setData({ saving: true, serverError: '', errors: {} });
    const result = await admin('saveMaterial', checked.input);
    this.setData({ saving: false });
    if (!result.ok) {
      this.setData({ serverError: adminFailureMessage(result.error) });
      return;
    }
    void wx.showToast({ title: TITLES[result.data.status], icon: 'success' });
    this.setData({ materialId: result.data.material.materialId, form: formFromMaterial(result.data.material) });
  },

  onRetry() {
    void this.load();
  },
});
