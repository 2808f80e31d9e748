/**
 * The four states every data page goes through, rendered by components/page-state: a spinner
 * while loading, the error's message with 重试, an empty hint, or the content.
 */
import type { FailureBody, Result } from '@shared/result';

export type PageStatus = 'loading' | 'ready' | 'empty' | 'error';

/** The part of a Page instance loadPageData uses. */
export interface StatusHost {
  setData(values: Record<string, unknown>): void;
}

/**
 * Loads what a page shows (its onShow and pull-down): the spinner only while nothing is shown
 * yet, so a refresh keeps the content in place; on failure the error state with its message.
 * Answers the data for the page to show, or undefined after a failure. Paged lists use
 * utils/paged-list.ts instead.
 */
export async function loadPageData<T>(
  host: StatusHost,
  shown: boolean,
  fetch: () => Promise<Result<T>>,
  messageOf: (error: FailureBody) => string = (error) => error.message,
): Promise<T | undefined> {
  if (!shown) host.setData({ status: 'loading' });
  const result = await fetch();
  if (!result.ok) {
    host.setData({ status: 'error', message: messageOf(result.error) });
    return undefined;
  }
  return result.data;
}
