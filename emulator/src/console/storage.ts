/// <reference lib="dom" />
/** The console's storage browser: every stored file, images shown inline from `GET /_emulator/files/<path>`. */
import { apiPath, apiUrl, call, el, muted, section, table, when, type Json } from './dom';

/**
 * Image elements by path and upload time, reused across the periodic redraws so the browser
 * does not fetch and repaint every picture every two seconds.
 */
const previews = new Map<string, HTMLElement>();

function preview(file: Json): HTMLElement {
  const url = apiUrl(apiPath('files', file.cloudPath as string));
  if (!String(file.contentType).startsWith('image/'))
    return el('a', { href: url, target: '_blank', download: '' }, 'download');
  const key = `${file.cloudPath}@${file.uploadedAt}`;
  let node = previews.get(key);
  if (!node) {
    node = el('a', { href: url, target: '_blank' }, el('img', { className: 'thumb', src: url, alt: file.cloudPath }));
    previews.set(key, node);
  }
  return node;
}

function size(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1048576).toFixed(1)} MB`;
}

export async function storageView(): Promise<HTMLElement[]> {
  const { bucket, files } = await call('GET', '/files');
  const rows = (files as Json[]).map((file) => [
    preview(file),
    el('span', { 'data-file': file.cloudPath }, file.cloudPath, el('br'), muted(file.fileID)),
    size(file.size as number),
    file.contentType,
    when(file.uploadedAt),
  ]);
  return [
    section(
      el('span', {}, 'Storage 云存储 ', muted(bucket as string)),
      table(['', 'file', 'size', 'type', 'uploaded'], rows, '没有文件 (no files)'),
    ),
  ];
}
