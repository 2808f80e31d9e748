/** 佣金详情: `distributor.commission` for `?id=<commission id>` (encoded), explained by detail.ts. */
import { distributor } from '../../services/distributor';
import type { PageStatus } from '../../utils/page-state';
import { commissionDetail, type CommissionDetail } from './detail';

Page({
  data: {
    status: 'loading' as PageStatus,
    message: '',
    id: '',
    detail: null as CommissionDetail | null,
  },

  onLoad(query: Record<string, string | undefined>) {
    // Commission ids never contain '%', so decoding an id that arrived decoded changes nothing.
    this.setData({ id: decodeURIComponent(query.id ?? '') });
    void this.load();
  },

  async load() {
    this.setData({ status: 'loading' });
    const result = await distributor.commission({ id: this.data.id });
    if (!result.ok) {
      const message =
        result.error.code === 'NOT_FOUND' || result.error.code === 'INVALID_INPUT'
          ? '找不到这笔佣金'
          : result.error.message;
      this.setData({ status: 'error', message });
      return;
    }
    this.setData({ status: 'ready', detail: commissionDetail(result.data.commission) });
  },

  onRetry() {
    void this.load();
  },
});
