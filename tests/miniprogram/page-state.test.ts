/**
 * utils/page-state.ts loadPageData, the load of the pages that show one answer (购物车, 分销中心,
 * 管理后台, 收货地址): the spinner only while nothing is shown, the error state with the failure's
 * message, and the data handed back to the page on success.
 */
import type { FailureBody, Result } from '@shared/result';

const { loadPageData } = require('../../miniprogram/utils/page-state') as {
  loadPageData<T>(
    host: { setData(values: Record<string, unknown>): void },
    shown: boolean,
    fetch: () => Promise<Result<T>>,
    messageOf?: (error: FailureBody) => string,
  ): Promise<T | undefined>;
};

function host() {
  const updates: Array<Record<string, unknown>> = [];
  return { updates, setData: (values: Record<string, unknown>) => void updates.push(values) };
}

describe('utils/page-state loadPageData', () => {
  it('shows the spinner on a first load and hands the data back, setting nothing else', async () => {
    const page = host();
    await expect(loadPageData(page, false, async () => ({ ok: true, data: { n: 1 } }))).resolves.toEqual({ n: 1 });
    expect(page.updates).toEqual([{ status: 'loading' }]);
  });

  it('keeps the content on screen while refreshing, and shows a failure in the given words', async () => {
    const page = host();
    const answer = await loadPageData(
      page,
      true,
      async () => ({ ok: false, error: { code: 'FORBIDDEN', message: 'no' } }),
      (error) => `${error.code}!`,
    );
    expect(answer).toBeUndefined();
    expect(page.updates).toEqual([{ status: 'error', message: 'FORBIDDEN!' }]);
  });

  it("shows the function's message when no words are given", async () => {
    const page = host();
    await loadPageData(page, false, async () => ({ ok: false, error: { code: 'NETWORK', message: '网络不给力' } }));
    expect(page.updates).toEqual([{ status: 'loading' }, { status: 'error', message: '网络不给力' }]);
  });
});
