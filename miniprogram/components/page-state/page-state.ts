/**
 * Loading, error and empty states, the same on every page. The page owns the status; this only
 * shows it and reports 重试 as a `retry` event. Nothing is shown when the status is `ready`.
 */
Component({
  properties: {
    /** One of utils/page-state.ts PageStatus. */
    status: { type: String, value: 'loading' },
    /** The error's message (from the function's Result), shown under 加载失败. */
    message: { type: String, value: '' },
    /** What an empty page says, e.g. 暂无团队成员. */
    emptyText: { type: String, value: '暂无内容' },
  },
  methods: {
    onRetryTap() {
      this.triggerEvent('retry');
    },
  },
});
