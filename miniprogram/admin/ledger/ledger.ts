/**
 * 账本校验: the merchant checks the commission ledger's hash chains and exports a distributor's
 * statement (docs/ledger.md, "Tamper evidence").
 *
 * 校验全部账本 calls `admin.verifyLedger` page after page (each call verifies accounts for up to
 * 10 s and answers a cursor) until every account is done, then shows how many accounts and
 * entries were checked and every broken account with its first broken entry. 导出对账单 calls
 * `admin.ledgerStatement` for the distributor (opened from a withdrawal with `?userId=`, or an
 * OPENID typed in) and copies the statement, a JSON document, to the clipboard: saved as a file,
 * anyone verifies it with `npm run ledger:verify -- --statement <file>`.
 */
import type { LedgerStatement } from '@shared/contracts/ledgerChain';
import { ledgerStatement, verifyLedger } from '../../services/admin';
import { adminFailureMessage } from '../gate';

/** Pages of accounts per check at most (each call verifies for up to 10 s): far more than a shop has. */
const MAX_VERIFY_CALLS = 200;

const REASON_LABELS: Record<string, string> = {
  hash: '记录内容被改动',
  seq: '记录缺失或重复',
  prevHash: '记录顺序被打乱',
  unchained: '记录未入链',
  head: '账户链头不符',
  balances: '余额与记录合计不符',
};

interface Broken {
  userId: string;
  reason: string;
  entryId: string;
}

Page({
  data: {
    verifying: false,
    /** '' before the first check; then the summary line. */
    summary: '',
    broken: [] as Broken[],
    userId: '',
    exporting: false,
    /** '' before an export; then what was copied. */
    exported: '',
  },

  onLoad(query: Record<string, string | undefined>) {
    if (query.userId) this.setData({ userId: decodeURIComponent(query.userId) });
  },

  async onVerifyTap() {
    if (this.data.verifying) return;
    this.setData({ verifying: true, summary: '', broken: [] });
    let cursor: string | undefined;
    let accounts = 0;
    let entries = 0;
    const broken: Broken[] = [];
    for (let call = 0; call < MAX_VERIFY_CALLS; call += 1) {
      const answer = await verifyLedger(cursor === undefined ? {} : { cursor });
      if (!answer.ok) {
        this.setData({ verifying: false, summary: adminFailureMessage(answer.error) });
        return;
      }
      accounts += answer.data.checked;
      entries += answer.data.entries;
      for (const item of answer.data.broken)
        broken.push({
          userId: item.userId,
          reason: REASON_LABELS[item.break.reason] ?? item.break.reason,
          entryId: item.break.entryId ?? '账户本身',
        });
      if (answer.data.cursor === null) break;
      cursor = answer.data.cursor;
    }
    const verdict = broken.length === 0 ? '全部完好' : `${broken.length} 个账户异常`;
    this.setData({ verifying: false, summary: `已校验 ${accounts} 个账户、${entries} 条记录：${verdict}`, broken });
  },

  onUserIdInput(event: WechatMiniprogram.Input) {
    this.setData({ userId: event.detail.value.trim() });
  },

  async onExportTap() {
    const userId = this.data.userId;
    if (!userId || this.data.exporting) return;
    this.setData({ exporting: true, exported: '' });
    const answer = await ledgerStatement({ userId });
    if (!answer.ok) {
      this.setData({ exporting: false, exported: adminFailureMessage(answer.error) });
      return;
    }
    const statement: LedgerStatement = answer.data;
    await wx.setClipboardData({ data: JSON.stringify(statement) });
    const more = statement.nextFromSeq === null ? '' : '（记录较多，仅含前 1000 条）';
    this.setData({
      exporting: false,
      exported: `已复制对账单：${statement.entries.length} 条记录${more}，链头 ${statement.account.lastEntryHash.slice(0, 12)}…`,
    });
  },
});
