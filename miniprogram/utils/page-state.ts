/**
 * The four states every data page goes through, rendered by components/page-state: a spinner
 * while loading, the error's message with 重试, an empty hint, or the content.
 */
export type PageStatus = 'loading' | 'ready' | 'empty' | 'error';
