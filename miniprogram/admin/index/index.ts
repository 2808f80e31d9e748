/**
 * 商家管理 (the merchant's back office), the gate of the admin subpackage. `admin.listAdmins`
 * decides: an admin goes on to the dashboard (经营概况, the landing page), or, opened from the
 * dashboard's 管理员 entry (`?manage=1`), sees the menu and the list of admins; anyone else sees
 * that the pages are for admins only and, for the merchant's very first visit, the setup form
 * (claimAdmin with the ADMIN_SETUP_SECRET set on the function at deploy time, docs/deploy.md).
 */
import { admin } from '../../services/admin';
import { displayName, formatDate } from '../../utils/format';
import type { PageStatus } from '../../utils/page-state';
import { FORBIDDEN, FORBIDDEN_MESSAGE } from '../gate';

interface AdminRow {
  openid: string;
  name: string;
  since: string;
}

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    role: 'unknown' as 'unknown' | 'admin' | 'visitor',
    forbiddenMessage: FORBIDDEN_MESSAGE,
    admins: [] as AdminRow[],
    secret: '',
    claiming: false,
    /** Opened to manage admins: stay here instead of going on to the dashboard. */
    manage: false,
  },

  onLoad(query: Record<string, string | undefined>) {
    this.setData({ manage: query.manage === '1' });
  },

  onShow() {
    void this.load();
  },

  async load() {
    this.setData({ status: 'loading' });
    const result = await admin('listAdmins', {});
    if (!result.ok) {
      if (result.error.code === FORBIDDEN) this.setData({ status: 'ready', role: 'visitor' });
      else this.setData({ status: 'error', message: result.error.message });
      return;
    }
    if (!this.data.manage) {
      void wx.redirectTo({ url: '/admin/dashboard/dashboard' });
      return;
    }
    const admins = result.data.items.map((item) => ({
      openid: item.openid,
      name: item.nickname === null ? item.openid : displayName(item.nickname),
      since: formatDate(item.addedAt),
    }));
    this.setData({ status: 'ready', role: 'admin', admins });
  },

  onSecretInput(event: WechatMiniprogram.Input) {
    this.setData({ secret: event.detail.value });
  },

  async onClaimTap() {
    const secret = this.data.secret.trim();
    if (secret === '') {
      void wx.showToast({ title: '请输入管理员设置密钥', icon: 'none' });
      return;
    }
    if (this.data.claiming) return;
    this.setData({ claiming: true });
    const result = await admin('claimAdmin', { secret });
    this.setData({ claiming: false });
    if (!result.ok) {
      void wx.showModal({ title: '设置失败', content: result.error.message, showCancel: false });
      return;
    }
    this.setData({ secret: '' });
    void wx.showToast({ title: '你已成为管理员', icon: 'success' });
    await this.load();
  },

  onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { page: string }>) {
    void wx.navigateTo({ url: `/admin/${event.currentTarget.dataset.page}` });
  },

  onRetry() {
    void this.load();
  },
});
