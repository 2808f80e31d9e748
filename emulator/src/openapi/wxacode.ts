/**
 * `wxacode.getUnlimited`: validates like the platform and answers a real, scannable PNG QR
 * code. The platform draws a "mini-program code" only WeChat can read; a plain QR code lets
 * tests and the local mode decode what a scan would open. It encodes
 *
 *   https://emulator.invalid/wxacode?page=<page>&scene=<scene>&env_version=<version>
 *
 * (URLSearchParams encoding; `page` is the page a scan opens: the home page when none was given).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create } from 'qrcode';
import { PROJECT_ROOT } from '../../../scripts/paths';
import { qrPng } from './png';
import { wxJson, type OpenApiResult } from './protocol';

export const WXACODE_URL_BASE = 'https://emulator.invalid/wxacode';

/** Where the mini-program's pages are declared; read on every call so edits apply at once. */
export const APP_JSON_PATH = join(PROJECT_ROOT, 'miniprogram', 'app.json');

const ENV_VERSIONS = ['release', 'trial', 'develop'];
/** The characters the platform allows in `scene` (getUnlimitedQRCode documentation). */
const SCENE_PATTERN = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]*$/;
const MAX_SCENE_LENGTH = 32;
/** Width in px: default 430, the platform accepts 280-1280. */
const DEFAULT_WIDTH = 430;

interface AppJson {
  pages?: unknown;
  entryPagePath?: unknown;
  subpackages?: unknown;
  subPackages?: unknown;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** Every page of an app.json: main package pages, then each subpackage's pages under its root. */
export function pagesOf(app: AppJson): { home: string | undefined; pages: Set<string> } {
  const pages = strings(app.pages);
  const packages = [
    ...(Array.isArray(app.subpackages) ? app.subpackages : []),
    ...(Array.isArray(app.subPackages) ? app.subPackages : []),
  ];
  for (const pkg of packages as Array<{ root?: unknown; pages?: unknown }>) {
    const root = typeof pkg?.root === 'string' ? pkg.root.replace(/^\/+|\/+$/g, '') : '';
    for (const page of strings(pkg?.pages)) pages.push(root ? `${root}/${page}` : page);
  }
  const home = typeof app.entryPagePath === 'string' ? app.entryPagePath : pages[0];
  return { home, pages: new Set(pages) };
}

function readPages(appJsonPath: string): ReturnType<typeof pagesOf> {
  if (!existsSync(appJsonPath)) return { home: undefined, pages: new Set() };
  return pagesOf(JSON.parse(readFileSync(appJsonPath, 'utf8')) as AppJson);
}

/** Why a request is refused, as the platform words it, or the normalised request. */
function validate(
  params: Record<string, unknown>,
  appJsonPath: string,
): OpenApiResult | { scene: string; page: string; envVersion: string; width: number } {
  const scene = typeof params.scene === 'number' ? String(params.scene) : params.scene;
  if (typeof scene !== 'string' || scene.length === 0 || scene.length > MAX_SCENE_LENGTH) {
    return wxJson(40169, 'invalid length for scene, or the data is not json string');
  }
  if (!SCENE_PATTERN.test(scene)) return wxJson(40129, 'invalid scene');
  const envVersion = params.env_version ?? 'release';
  if (typeof envVersion !== 'string' || !ENV_VERSIONS.includes(envVersion))
    return wxJson(40097, 'invalid args: env_version');
  const { home, pages } = readPages(appJsonPath);
  const given = params.page ?? '';
  // The page is a path without a leading slash and without a query (parameters go in scene).
  if (typeof given !== 'string' || given.startsWith('/') || given.includes('?')) return wxJson(41030, 'invalid page');
  const page = given || home || '';
  if (params.check_path !== false && !pages.has(page)) return wxJson(41030, 'invalid page');
  const requested = typeof params.width === 'number' && Number.isFinite(params.width) ? params.width : DEFAULT_WIDTH;
  return { scene, page, envVersion, width: Math.min(1280, Math.max(280, Math.round(requested))) };
}

export function wxacodeUrl(scene: string, page: string, envVersion: string): string {
  return `${WXACODE_URL_BASE}?${new URLSearchParams({ page, scene, env_version: envVersion }).toString()}`;
}

export function getUnlimited(params: Record<string, unknown>, appJsonPath = APP_JSON_PATH): OpenApiResult {
  const checked = validate(params, appJsonPath);
  if ('kind' in checked) return checked;
  const { modules } = create(wxacodeUrl(checked.scene, checked.page, checked.envVersion), {
    errorCorrectionLevel: 'M',
  });
  return { kind: 'bytes', contentType: 'image/png', body: qrPng(modules, checked.width) };
}
