/**
 * The tab bar's icons: every tab names an icon and a selected icon that exist, 81×81 px, and the
 * committed PNGs are exactly what scripts/tab-icons.ts draws (rerun `npm run mp:tab-icons` after
 * changing a drawing).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { PROJECT_ROOT } from '../../../scripts/paths';
import { drawTabIcons, TAB_ICONS_DIR } from '../../../scripts/tab-icons';

const MP_ROOT = join(PROJECT_ROOT, 'miniprogram');
const app = JSON.parse(readFileSync(join(MP_ROOT, 'app.json'), 'utf8')) as {
  tabBar: { list: Array<{ text: string; iconPath?: string; selectedIconPath?: string }> };
};

it('gives every tab an 81×81 icon and selected icon', () => {
  for (const tab of app.tabBar.list) {
    for (const file of [tab.iconPath, tab.selectedIconPath]) {
      expect([tab.text, file]).toEqual([tab.text, expect.stringMatching(/^images\/tab-[a-z-]+\.png$/)]);
      const png = PNG.sync.read(readFileSync(join(MP_ROOT, String(file))));
      expect([file, png.width, png.height]).toEqual([file, 81, 81]);
    }
  }
});

it('commits the icons scripts/tab-icons.ts draws', () => {
  for (const [name, bytes] of drawTabIcons()) {
    expect([name, readFileSync(join(TAB_ICONS_DIR, name)).equals(bytes)]).toEqual([name, true]);
  }
});
