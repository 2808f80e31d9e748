/**
 * The page around a paged list (utils/paged-list.ts), the same on every list page: the list loads
 * when the page loads or on every show, loads again on pull-down and on 重试, takes its next page
 * as it scrolls to its end and, on a page with filters or tabs, opens on the one `?status=` names
 * and loads from scratch when another one is chosen.
 *
 * A page spreads what listPage, filterBarListPage or tabbedListPage answer into its `Page({...})`
 * and keeps only its rows, what it shows and what it does with a row. It gives the piece its
 * data, so that its `source` and the handlers are type-checked against the page's own data: a
 * handler spread into a Page is not checked against the page's instance otherwise.
 */
import { loadNextPage, refreshList, reloadList, type ListData, type ListHost, type ListSource } from './paged-list';
import { refreshed } from './pull-down';

type Query = Record<string, string | undefined>;

interface ListPageOptions<Row, Data extends ListData<Row>> {
  /**
   * The page's data: the list's part (listData) and the rest of what the page shows. Given here,
   * so that `source` and the handlers are typed by the page's own data.
   */
  data: Data;
  /** The list as the page's data asks for it now: under its filter, for its search. */
  source(data: Data): ListSource<Row>;
  /**
   * When the list loads: once, as the page loads; or on every show, for a list that other pages
   * change meanwhile (a product edited in its form, an order paid, a withdrawal confirmed).
   */
  loadOn: 'load' | 'show';
  /**
   * What a reload (pull-down, 重试, a show) does with the rows on screen: `keep` them until the
   * first page arrives, or `clear` them behind the spinner. A new filter always clears them,
   * since they are the rows of another list.
   */
  onReload: 'keep' | 'clear';
  /** Data set back before every load (订单管理 closes its ship form, whose order may be gone). */
  resetOnReload?: Record<string, unknown>;
}

/** The part of a Page instance the list's handlers use. */
type ListPageHost<Row, Data> = ListHost<Row> & {
  data: Data;
  reload(): Promise<void>;
};

/** A page's filters (or tabs): the values it offers, each with the label the page shows. */
type Choices<Filter extends string> = ReadonlyArray<{ value: Filter; label: string }>;

function loadList<Row, Data extends ListData<Row>>(
  host: ListPageHost<Row, Data>,
  options: ListPageOptions<Row, Data>,
  clear: boolean,
) {
  if (options.resetOnReload) host.setData(options.resetOnReload);
  return (clear ? reloadList : refreshList)(host, options.source(host.data));
}

/** The handlers of a list page without filters; `open` reads the page's query before it loads. */
function listHandlers<Row, Data extends ListData<Row>>(
  options: ListPageOptions<Row, Data>,
  open?: (host: ListPageHost<Row, Data>, query: Query) => void,
) {
  return {
    data: options.data,
    onLoad(this: ListPageHost<Row, Data>, query: Query) {
      open?.(this, query);
      if (options.loadOn === 'load') void this.reload();
    },
    onShow(this: ListPageHost<Row, Data>) {
      if (options.loadOn === 'show') void this.reload();
    },
    onPullDownRefresh(this: ListPageHost<Row, Data>) {
      return refreshed(this.reload());
    },
    onReachBottom(this: ListPageHost<Row, Data>) {
      return loadNextPage(this, options.source(this.data));
    },
    reload(this: ListPageHost<Row, Data>) {
      return loadList(this, options, options.onReload === 'clear');
    },
    onRetry(this: ListPageHost<Row, Data>) {
      void this.reload();
    },
  };
}

/** The handlers of a paged list page without filters. */
export function listPage<Row, Data extends ListData<Row>>(options: ListPageOptions<Row, Data>) {
  return listHandlers(options);
}

/**
 * Choosing among a page's filters kept in its data under `key`: the page opens on the filter
 * `?status=` names, and a newly chosen one is listed from its first page.
 */
function filterChoice<Row, Key extends string, Filter extends string, Data extends ListData<Row> & Record<Key, Filter>>(
  options: ListPageOptions<Row, Data>,
  key: Key,
  choices: Choices<Filter>,
) {
  const find = (value: string | undefined) => choices.find((choice) => choice.value === value)?.value;
  return {
    open(host: ListPageHost<Row, Data>, query: Query) {
      const filter = find(query.status);
      if (filter !== undefined) host.setData({ [key]: filter });
    },
    choose(host: ListPageHost<Row, Data>, value: string) {
      const filter = find(value);
      if (filter === undefined || filter === host.data[key]) return;
      host.setData({ [key]: filter });
      void loadList(host, options, true);
    },
  };
}

/**
 * A paged list under the admin filter bar (admin/list.wxml `filters`): the bar shows
 * `data.filters`, the chosen one is `data.filter` and a tap on another one chooses it.
 */
export function filterBarListPage<Row, Filter extends string, Data extends ListData<Row> & { filter: Filter }>(
  options: ListPageOptions<Row, Data> & { filters: Choices<Filter> },
) {
  const choice = filterChoice<Row, 'filter', Filter, Data>(options, 'filter', options.filters);
  return {
    ...listHandlers(options, choice.open),
    data: { ...options.data, filters: options.filters },
    onFilterTap(
      this: ListPageHost<Row, Data>,
      event: WechatMiniprogram.BaseEvent<Record<string, never>, { filter: string }>,
    ) {
      choice.choose(this, event.currentTarget.dataset.filter);
    },
  };
}

/**
 * A paged list under TDesign tabs (`<t-tabs value="{{tab}}" bind:change="onTabChange">`): the
 * tabs are `data.tabs` (copied, since the page's data is written to), the chosen one `data.tab`.
 */
export function tabbedListPage<Row, Tab extends string, Data extends ListData<Row> & { tab: Tab }>(
  options: ListPageOptions<Row, Data> & { tabs: Choices<Tab> },
) {
  const choice = filterChoice<Row, 'tab', Tab, Data>(options, 'tab', options.tabs);
  return {
    ...listHandlers(options, choice.open),
    data: { ...options.data, tabs: options.tabs.map((tab) => ({ ...tab })) },
    onTabChange(this: ListPageHost<Row, Data>, event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      choice.choose(this, event.detail.value);
    },
  };
}
