/**
 * The committed gallery (docs/screenshots/*.png) is what `npm run screenshot:miniprogram` draws
 * today: each gallery page is rendered here by the script's own code (shots.ts → html.ts →
 * chromium.ts) and compared with its committed PNG, pixel by pixel. Font rasterising may move a
 * few anti-aliased pixels between machines, so a picture passes when at most 0.5% of its pixels
 * differ by more than a small threshold on any channel; a changed page moves far more.
 * Without Chromium the test is skipped and says so in its title (like the console's browser tests).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { CHROMIUM_MISSING_REASON, findChromium } from '../../scripts/browser';
import { GALLERY } from './screenshot/gallery';
import { DOCS_DIR, SCREENSHOT_DIR } from './screenshot/html';
import { renderShot, SHOTS } from './screenshot/shots';

/** A channel difference (0-255) above this counts as a changed pixel. */
const CHANNEL_THRESHOLD = 24;
/** The share of changed pixels a picture may have and still be the same picture. */
const MAX_CHANGED_SHARE = 0.005;
const DRIFT_DIR = `${SCREENSHOT_DIR}-drift`;

/** How many pixels of `actual` differ from `expected`, or why they cannot be compared. */
function changedPixels(expected: PNG, actual: PNG): number | string {
  if (expected.width !== actual.width || expected.height !== actual.height)
    return `size ${actual.width}x${actual.height}, committed ${expected.width}x${expected.height}`;
  const [before, after] = [expected.data, actual.data];
  let changed = 0;
  for (let offset = 0; offset < before.length; offset += 4) {
    for (let channel = offset; channel < offset + 4; channel += 1) {
      if (Math.abs(before.readUInt8(channel) - after.readUInt8(channel)) > CHANNEL_THRESHOLD) {
        changed += 1;
        break;
      }
    }
  }
  return changed;
}

const chromiumPath = findChromium();
const describeInBrowser = chromiumPath ? describe : describe.skip;
if (!chromiumPath) console.warn(`screenshot drift test ${CHROMIUM_MISSING_REASON}`);

describeInBrowser(`docs/screenshots${chromiumPath ? '' : ` (${CHROMIUM_MISSING_REASON})`}`, () => {
  it('are what npm run screenshot:miniprogram draws today', async () => {
    mkdirSync(DRIFT_DIR, { recursive: true });
    const names = GALLERY.map((entry) => entry.name);
    for (const name of names) {
      const shot = SHOTS.find((candidate) => candidate.name === name);
      if (!shot) throw new Error(`no shot for the gallery page ${name}`);
      const { status, html } = await renderShot(shot);
      expect([name, status]).toEqual([name, 'ready']);
      writeFileSync(join(DRIFT_DIR, `${name}.html`), html);
    }
    // playwright-core does not load in jest's jsdom environment: the browser runs in a child process.
    execFileSync(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'screenshot', 'shoot.ts'), DRIFT_DIR, ...names],
      {
        stdio: 'inherit',
      },
    );
    const drifted: string[] = [];
    for (const name of names) {
      const [committed, today] = [
        readFileSync(join(DOCS_DIR, `${name}.png`)),
        readFileSync(join(DRIFT_DIR, `${name}.png`)),
      ];
      // Chromium draws the same bytes on the same machine: only a difference needs decoding.
      if (committed.equals(today)) continue;
      const [expected, actual] = [PNG.sync.read(committed), PNG.sync.read(today)];
      const changed = changedPixels(expected, actual);
      const limit = Math.floor(expected.width * expected.height * MAX_CHANGED_SHARE);
      if (typeof changed === 'string') drifted.push(`${name}: ${changed}`);
      else if (changed > limit) drifted.push(`${name}: ${changed} pixels changed (at most ${limit})`);
    }
    // Today's pictures are in .test-output/miniprogram-drift/; `npm run screenshot:miniprogram`
    // publishes them to docs/screenshots/.
    expect(drifted).toEqual([]);
  });
});
