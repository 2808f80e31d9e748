/**
 * Screenshots of the pages, for people to look at (not a test of behaviour): `npm run
 * screenshot:miniprogram` renders each page of shots.ts into .test-output/miniprogram/<name>.html,
 * then capture.ts turns them into PNGs with Chromium and copies the gallery's (GALLERY in
 * gallery.ts) to docs/screenshots/. The `.shot.ts` suffix keeps this file out of `npm test` (jest
 * matches `*.test.ts` only); screenshot-drift.test.ts checks the gallery in `npm test`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GALLERY } from './gallery';
import { SCREENSHOT_DIR } from './html';
import { renderShot, SHOTS } from './shots';

beforeAll(() => mkdirSync(SCREENSHOT_DIR, { recursive: true }));

it('has a shot for every page of the gallery', () => {
  expect(GALLERY.map((entry) => entry.name).filter((name) => !SHOTS.some((shot) => shot.name === name))).toEqual([]);
});

it.each(SHOTS.map((shot) => [shot.name, shot] as const))('renders %s', async (name, shot) => {
  const { status, html } = await renderShot(shot);
  // A page that made a call without an answer shows its error state: that is not a picture.
  expect(status).toBe('ready');
  writeFileSync(join(SCREENSHOT_DIR, `${name}.html`), html);
});
