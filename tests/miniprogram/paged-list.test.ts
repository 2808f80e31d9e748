/**
 * utils/paged-list.ts, the paging of every list page, on a bare host (data + setData): the
 * states of the first page, paging to the last, the failure of a later page, answers that arrive
 * after a newer reload, rows repeated by a shifted page, and the first page's summary. The pages'
 * own tests (admin-*, distributor-*, shop-buy-orders) show the same through rendered pages.
 */
import type { FailureBody, Result } from '@shared/result';

interface ListPage<Row> {
  rows: Row[];
  next: number | null;
  summary?: Record<string, unknown>;
}
interface ListSource<Row> {
  first: number;
  fetch(cursor: number): Promise<Result<ListPage<Row>>>;
  messageOf?(error: FailureBody): string;
  keyOf?(row: Row): string;
}
interface Host {
  data: Record<string, unknown> & { rows: string[]; loadingMore: boolean };
  setData(values: Record<string, unknown>): void;
}

const list = require('../../miniprogram/utils/paged-list') as {
  listData(): Host['data'];
  offsetSource<Item, Row>(
    fetch: (offset: number) => Promise<Result<{ items: Item[]; nextOffset: number | null }>>,
    rowOf: (item: Item) => Row,
    options?: Pick<ListSource<Row>, 'messageOf' | 'keyOf'>,
  ): ListSource<Row>;
  pageSource<Answer extends { page: number; hasMore: boolean }, Row>(
    fetch: (page: number) => Promise<Result<Answer>>,
    rowsOf: (answer: Answer) => Row[],
    options?: Pick<ListSource<Row>, 'messageOf' | 'keyOf'> & { summaryOf?(answer: Answer): Record<string, unknown> },
  ): ListSource<Row>;
  reloadList(host: Host, source: ListSource<string>): Promise<void>;
  refreshList(host: Host, source: ListSource<string>): Promise<void>;
  clearList(host: Host): void;
  loadNextPage(host: Host, source: ListSource<string>): Promise<void>;
};

/** A page instance as far as the helpers see it; `updates` records every setData. */
function host(): Host & { updates: Array<Record<string, unknown>> } {
  const updates: Array<Record<string, unknown>> = [];
  return {
    data: list.listData(),
    updates,
    setData(values) {
      updates.push(values);
      Object.assign(this.data, values);
    },
  };
}

function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

function fail<T>(code: string, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

/** An offset route over `items`, two a page, recording the offsets asked for. */
function offsetRoute(items: string[], asked: number[] = []) {
  return async (offset: number) => {
    asked.push(offset);
    const next = offset + 2 < items.length ? offset + 2 : null;
    return ok({ items: items.slice(offset, offset + 2), nextOffset: next });
  };
}

/** A fetch whose answers the test releases one by one, in any order. */
function deferredFetch() {
  const waiting: Array<{ cursor: number; answer(result: Result<ListPage<string>>): void }> = [];
  const source: ListSource<string> = {
    first: 0,
    fetch: (cursor) => new Promise((resolve) => waiting.push({ cursor, answer: resolve })),
  };
  return { source, waiting };
}

describe('utils/paged-list', () => {
  it('shows the spinner, then the first page, pages to the last and asks no further', async () => {
    const page = host();
    const asked: number[] = [];
    const source = list.offsetSource(offsetRoute(['a', 'b', 'c'], asked), (item: string) => item.toUpperCase());
    const loading = list.reloadList(page, source);
    expect(page.data).toMatchObject({ status: 'loading', rows: [] });
    await loading;
    expect(page.data).toMatchObject({
      status: 'ready',
      rows: ['A', 'B'],
      hasMore: true,
      loadingMore: false,
      moreError: '',
    });
    await list.loadNextPage(page, source);
    expect(page.data).toMatchObject({ rows: ['A', 'B', 'C'], hasMore: false, loadingMore: false });
    await list.loadNextPage(page, source);
    expect(asked).toEqual([0, 2]);
  });

  it('says empty for no rows, and shows a failure in the words of messageOf', async () => {
    const page = host();
    await list.reloadList(
      page,
      list.offsetSource(offsetRoute([]), (item: string) => item),
    );
    expect(page.data).toMatchObject({ status: 'empty', rows: [], hasMore: false });
    const failing = list.offsetSource(
      async () => fail<{ items: string[]; nextOffset: null }>('FORBIDDEN', 'no'),
      (item: string) => item,
      {
        messageOf: (error) => `${error.code}: ${error.message}`,
      },
    );
    await list.reloadList(page, failing);
    expect(page.data).toMatchObject({ status: 'error', message: 'FORBIDDEN: no' });
  });

  it('shows a later page failure at the end of the list and asks for the same page again', async () => {
    const page = host();
    const asked: number[] = [];
    let failNext = true;
    const source = list.offsetSource(
      async (offset: number) => {
        asked.push(offset);
        if (offset > 0 && failNext) {
          failNext = false;
          return fail<{ items: string[]; nextOffset: number | null }>('NETWORK', '网络不给力');
        }
        return ok({ items: [`row${offset}`], nextOffset: offset === 0 ? 1 : null });
      },
      (item: string) => item,
    );
    await list.reloadList(page, source);
    await list.loadNextPage(page, source);
    expect(page.data).toMatchObject({
      status: 'ready',
      rows: ['row0'],
      loadingMore: false,
      moreError: '网络不给力',
      hasMore: true,
    });
    await list.loadNextPage(page, source);
    expect(page.data).toMatchObject({ rows: ['row0', 'row1'], moreError: '', hasMore: false });
    expect(asked).toEqual([0, 1, 1]);
  });

  it('keeps the answer of the latest reload when an earlier one answers last', async () => {
    const page = host();
    const { source, waiting } = deferredFetch();
    const first = list.reloadList(page, source);
    const second = list.reloadList(page, source);
    waiting[1]!.answer(ok({ rows: ['new'], next: null }));
    await second;
    waiting[0]!.answer(ok({ rows: ['old'], next: 5 }));
    await first;
    expect(page.data).toMatchObject({ status: 'ready', rows: ['new'], hasMore: false });
  });

  it('drops a next page answered after a reload, and pages again from the new first page', async () => {
    const page = host();
    const { source, waiting } = deferredFetch();
    const loading = list.reloadList(page, source);
    waiting[0]!.answer(ok({ rows: ['a'], next: 1 }));
    await loading;
    const more = list.loadNextPage(page, source);
    expect(page.data.loadingMore).toBe(true);
    const reloading = list.refreshList(page, source);
    // While the first page is on its way, no next page is asked for.
    await list.loadNextPage(page, source);
    expect(waiting.map((call) => call.cursor)).toEqual([0, 1, 0]);
    waiting[2]!.answer(ok({ rows: ['b'], next: 1 }));
    await reloading;
    waiting[1]!.answer(ok({ rows: ['stale'], next: null }));
    await more;
    expect(page.data).toMatchObject({ rows: ['b'], loadingMore: false, hasMore: true });
    const again = list.loadNextPage(page, source);
    expect(waiting.map((call) => call.cursor)).toEqual([0, 1, 0, 1]);
    waiting[3]!.answer(ok({ rows: ['c'], next: null }));
    await again;
    expect(page.data).toMatchObject({ rows: ['b', 'c'], hasMore: false });
  });

  it('refreshes with the rows on screen once a page was shown, and clears them on reload', async () => {
    const page = host();
    const source = list.offsetSource(offsetRoute(['a']), (item: string) => item);
    await list.refreshList(page, source);
    expect(page.updates[0]).toEqual({ status: 'loading' });
    page.updates.length = 0;
    await list.refreshList(page, source);
    expect(page.updates.map((update) => update.status)).toEqual(['ready']);
    page.updates.length = 0;
    await list.reloadList(page, source);
    expect(page.updates[0]).toMatchObject({ status: 'loading', rows: [] });
  });

  it('empties the list on clear and drops the answer still on its way', async () => {
    const page = host();
    const { source, waiting } = deferredFetch();
    const loading = list.reloadList(page, source);
    list.clearList(page);
    waiting[0]!.answer(ok({ rows: ['late'], next: 1 }));
    await loading;
    expect(page.data).toMatchObject({ rows: [], hasMore: false, loadingMore: false });
    await list.loadNextPage(page, source);
    expect(waiting).toHaveLength(1);
  });

  it('pages by page number, skips rows a shifted page repeats, and shows the first page summary', async () => {
    const page = host();
    const pages: Record<number, { page: number; hasMore: boolean; ids: string[]; total: number }> = {
      1: { page: 1, hasMore: true, ids: ['w3', 'w2'], total: 3 },
      // A withdrawal made meanwhile pushed w2 onto the second page.
      2: { page: 2, hasMore: false, ids: ['w2', 'w1'], total: 4 },
    };
    const asked: number[] = [];
    const source = list.pageSource(
      async (number: number) => {
        asked.push(number);
        return ok(pages[number]!);
      },
      (answer) => answer.ids,
      { keyOf: (row) => row, summaryOf: (answer) => ({ total: answer.total }) },
    );
    await list.reloadList(page, source);
    expect(page.data).toMatchObject({ rows: ['w3', 'w2'], total: 3, hasMore: true });
    await list.loadNextPage(page, source);
    expect(page.data).toMatchObject({ rows: ['w3', 'w2', 'w1'], total: 3, hasMore: false });
    expect(asked).toEqual([1, 2]);
  });
});
