/**
 * The privacy popup (components/privacy-popup): WeChat holds a privacy API until the user agrees
 * to the 用户隐私保护指引. Here the platform is played by the test: the held API raises
 * onNeedPrivacyAuthorization and goes on only when the answer is `agree` with the agree button's
 * id, and fails with WeChat's error on `disagree`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { answerCalls, ok, renderPage, settle, tap, text, wx, type Rendered } from './helpers';
import { centerView, profileView } from './fixtures';

type Resolve = (answer: { event: string; buttonId?: string }) => void;
type Listener = (resolve: Resolve, info: { referrer: string }) => void;
const platform = wx as unknown as {
  onNeedPrivacyAuthorization?: jest.Mock;
  getPrivacySetting?: jest.Mock;
  openPrivacyContract?: jest.Mock;
};

let listener: Listener | undefined;
let answers: Array<{ event: string; buttonId?: string }>;

/** An API implementation that WeChat holds for the privacy prompt, as the base library does. */
function heldForPrivacy(referrer: string) {
  return () =>
    new Promise((resolve, reject) => {
      if (!listener) throw new Error('no onNeedPrivacyAuthorization listener');
      listener(
        (answer) => {
          answers.push(answer);
          if (answer.event === 'agree' && answer.buttonId === 'agree-btn') resolve({ errMsg: `${referrer}:ok` });
          if (answer.event === 'disagree') reject({ errMsg: `${referrer}:fail privacy permission is not authorized` });
        },
        { referrer },
      );
    });
}

function popup(page: Rendered): Rendered {
  const found = page.querySelector('.privacy-popup');
  if (!found) throw new Error('the page has no privacy popup');
  return found;
}

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
  listener = undefined;
  answers = [];
  platform.onNeedPrivacyAuthorization = jest.fn((next: Listener) => {
    listener = next;
  });
  platform.getPrivacySetting = jest.fn(({ success }: { success(result: object): void }) =>
    success({ needAuthorization: true, privacyContractName: '《分销商城隐私保护指引》' }),
  );
  platform.openPrivacyContract = jest.fn(async () => ({}));
});

afterAll(() => {
  delete platform.onNeedPrivacyAuthorization;
  delete platform.getPrivacySetting;
  delete platform.openPrivacyContract;
});

describe('privacy popup on 分销中心 (copy the share code)', () => {
  async function copyUnderPrivacy(): Promise<{ page: Rendered; copied: Promise<unknown> }> {
    answerCalls({ 'distributor.center': ok(centerView()) });
    const page = await renderPage('distributor/center/center');
    expect(popup(page).querySelector('.privacy-mask')).toBeUndefined();
    const held = heldForPrivacy('setClipboardData');
    let copied: Promise<unknown> = Promise.resolve();
    wx.setClipboardData.mockImplementationOnce(() => (copied = held()));
    await tap(page, '.copy-button', '.t-button');
    await settle();
    return { page, copied };
  }

  it('shows when WeChat holds the copy, and on 同意 the copy goes on', async () => {
    const { page, copied } = await copyUnderPrivacy();
    const shown = popup(page);
    expect(text(shown, '.privacy-title')).toBe('用户隐私保护提示');
    expect(text(shown, '.privacy-text')).toBe(
      '为了复制内容，需要你阅读并同意《分销商城隐私保护指引》。你可以拒绝，其他功能不受影响。',
    );
    expect(answers).toEqual([{ event: 'exposureAuthorization' }]);
    shown.querySelector('.privacy-contract')!.dispatchEvent('tap');
    await settle();
    expect(platform.openPrivacyContract).toHaveBeenCalled();

    shown.querySelector('.privacy-agree')!.dispatchEvent('agreeprivacyauthorization');
    await expect(copied).resolves.toEqual({ errMsg: 'setClipboardData:ok' });
    expect(answers).toEqual([{ event: 'exposureAuthorization' }, { event: 'agree', buttonId: 'agree-btn' }]);
    expect(wx.setClipboardData).toHaveBeenCalledWith({ data: 'ABCD2345' });
    await settle();
    expect(popup(page).querySelector('.privacy-mask')).toBeUndefined();
  });

  it('on 拒绝 hides and the held copy fails with WeChat’s privacy error', async () => {
    const { page, copied } = await copyUnderPrivacy();
    popup(page).querySelector('.privacy-disagree')!.dispatchEvent('tap');
    await expect(copied).rejects.toEqual({ errMsg: 'setClipboardData:fail privacy permission is not authorized' });
    expect(answers).toEqual([{ event: 'exposureAuthorization' }, { event: 'disagree' }]);
    await settle();
    expect(popup(page).querySelector('.privacy-mask')).toBeUndefined();
  });
});

it('is on every page that uses a privacy API', async () => {
  answerCalls({ 'profile.get': ok(profileView()) });
  for (const path of ['pages/me/me', 'distributor/poster/poster', 'admin/orders/orders', 'admin/ledger/ledger']) {
    const page = await renderPage(path);
    expect([path, page.querySelector('.privacy-popup') !== undefined]).toEqual([path, true]);
  }
});

/** The APIs WeChat holds for the privacy prompt that the pages use (directly or in their own modules). */
const PRIVACY_APIS =
  /\b(setClipboardData|getClipboardData|chooseMedia|chooseImage|saveImageToPhotosAlbum|chooseMessageFile)\b|open-type="chooseAvatar"|type="nickname"/;

it('is placed on every page whose own files call a privacy API (found in the sources, so a new page cannot miss it)', () => {
  const root = join(__dirname, '..', '..', 'miniprogram');
  const pageDirs = (
    JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')) as {
      pages: string[];
      subpackages: Array<{ root: string; pages: string[] }>;
    }
  ).pages
    .concat(
      (
        JSON.parse(readFileSync(join(root, 'app.json'), 'utf8')) as {
          subpackages: Array<{ root: string; pages: string[] }>;
        }
      ).subpackages.flatMap((pkg) => pkg.pages.map((page) => `${pkg.root}/${page}`)),
    )
    .map((page) => join(root, page, '..'));
  const missing = [...new Set(pageDirs)].filter((dir) => {
    const files = readdirSync(dir).filter((name) => /\.(ts|wxml)$/.test(name));
    const uses = files.some((name) => PRIVACY_APIS.test(readFileSync(join(dir, name), 'utf8')));
    const placed = files.some(
      (name) => name.endsWith('.wxml') && readFileSync(join(dir, name), 'utf8').includes('<privacy-popup'),
    );
    return uses && !placed;
  });
  expect(missing.map((dir) => dir.slice(root.length + 1))).toEqual([]);
});
