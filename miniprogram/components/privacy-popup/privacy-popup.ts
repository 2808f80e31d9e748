/**
 * The privacy popup: put `<privacy-popup />` on every page that uses a privacy API (avatar,
 * nickname, album, clipboard, files). It stays hidden until WeChat asks (services/privacy.ts),
 * then names the reason and the mini-program's 用户隐私保护指引; 同意 is WeChat's
 * agreePrivacyAuthorization button, after which the held API goes on; 拒绝 makes it fail.
 */
import { leavePrivacyFront, privacyPurpose, takePrivacyFront, type PrivacyResolve } from '../../services/privacy';

/** The guide's name when WeChat does not say it (base libraries without getPrivacySetting). */
const DEFAULT_CONTRACT = '《用户隐私保护指引》';

Component({
  data: { visible: false, purpose: '', contractName: DEFAULT_CONTRACT },
  lifetimes: {
    attached() {
      takePrivacyFront(this.asker());
    },
    detached() {
      leavePrivacyFront(this.asker());
    },
  },
  pageLifetimes: {
    show() {
      takePrivacyFront(this.asker());
    },
    hide() {
      leavePrivacyFront(this.asker());
    },
  },
  methods: {
    /** This popup as the front asker; the same object each time, so leaving finds it. */
    asker() {
      const self = this as unknown as { _asker?: { ask(resolve: PrivacyResolve, referrer: string): void } };
      self._asker ??= { ask: (resolve, referrer) => this.ask(resolve, referrer) };
      return self._asker;
    },
    ask(resolve: PrivacyResolve, referrer: string) {
      (this as unknown as { _resolve?: PrivacyResolve })._resolve = resolve;
      this.setData({ visible: true, purpose: privacyPurpose(referrer) });
      resolve({ event: 'exposureAuthorization' });
      if (typeof wx.getPrivacySetting === 'function') {
        wx.getPrivacySetting({
          success: (setting) => {
            if (setting.privacyContractName) this.setData({ contractName: setting.privacyContractName });
          },
        });
      }
    },
    answer(agree: boolean) {
      const self = this as unknown as { _resolve?: PrivacyResolve };
      const resolve = self._resolve;
      self._resolve = undefined;
      this.setData({ visible: false });
      resolve?.(agree ? { event: 'agree', buttonId: 'agree-btn' } : { event: 'disagree' });
    },
    onAgree() {
      this.answer(true);
    },
    onDisagree() {
      this.answer(false);
    },
    onOpenContract() {
      if (typeof wx.openPrivacyContract === 'function') void wx.openPrivacyContract({});
    },
  },
});
