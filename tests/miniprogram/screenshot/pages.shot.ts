/**
 * Screenshots of the main pages, for people to look at (not a test): `npm run
 * screenshot:miniprogram` renders each page here with example data into
 * .test-output/miniprogram/<name>.html, then capture.ts turns them into PNGs with Chromium.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RULES } from '../../../shared/rules';
import { rulesLimits } from '../../../shared/rulesLimits';
import { centerView, profileView, rankingView, teamPage } from '../fixtures';
import { detailView, homeView } from '../shop-browse-fixtures';
import { answerCalls, fail, ok, renderPage, settle, wx } from '../helpers';
import { pageHtml, SCREENSHOT_DIR } from './html';

const distributorProfile = profileView({
  distributor: { status: 'approved', isDistributor: true, gradeId: 'silver', gradeName: '银牌分销员' },
  referrer: { nickname: '小红', avatarUrl: '', bindingExpiresAt: null },
});

const SHOTS: Array<[name: string, path: string, answers: Record<string, unknown>, query?: Record<string, string>]> = [
  ['home', 'pages/index/index', { 'catalog.home': ok(homeView()) }],
  [
    'product',
    'shop/product/product',
    {
      'catalog.detail': ok(detailView({ commissionEstimate: { minFen: 690, maxFen: 1990 } })),
      'profile.get': ok(distributorProfile),
    },
    { id: 'p1' },
  ],
  ['me', 'pages/me/me', { 'profile.get': ok(distributorProfile) }],
  ['distributor-center', 'distributor/center/center', { 'distributor.center': ok(centerView()) }],
  ['distributor-apply', 'distributor/apply/apply', { 'distributor.center': ok(centerView({ status: 'none', isDistributor: false })) }],
  ['distributor-team', 'distributor/team/team', { 'distributor.team': ok(teamPage(1, ['小红', '阿强', ''], true)) }],
  ['distributor-ranking', 'distributor/ranking/ranking', { 'distributor.ranking': ok(rankingView()) }],
  ['admin-gate', 'admin/index/index', { 'admin.listAdmins': fail('FORBIDDEN', '仅管理员可用') }],
  [
    'admin-rules',
    'admin/rules/rules',
    { 'admin.getRules': ok({ rules: DEFAULT_RULES, version: 3, updatedAt: '2026-03-01T00:00:00.000Z', updatedBy: 'o' }), 'admin.rulesLimits': ok(rulesLimits()) },
  ],
];

beforeAll(() => mkdirSync(SCREENSHOT_DIR, { recursive: true }));

// Rest parameters: jest reads a fourth declared parameter of a 3-element row as `done`.
it.each(SHOTS)('renders %s', async (...[name, path, answers, query]) => {
  wx.clearStorageSync();
  answerCalls(answers);
  const page = await renderPage(path, query ?? {});
  await settle(10);
  const file = join(SCREENSHOT_DIR, `${name}.html`);
  writeFileSync(file, pageHtml(page));
  expect(page.data).toBeDefined();
});
