/** admin/ledger/ledger: check every account's hash chain page by page; copy a distributor's statement. */
import { answerCalls, callsOf, fail, ok, renderPage, settle, tap, text, texts, wx } from './helpers';

const HASH = 'a'.repeat(64);

beforeEach(() => {
  jest.clearAllMocks();
  wx.clearStorageSync();
});

function statement(entries: number, nextFromSeq: number | null = null) {
  return {
    format: 'ledger-statement/1' as const,
    userId: 'oD1',
    exportedAt: '2026-12-07T02:00:00.000Z',
    account: {
      frozenFen: 0,
      availableFen: 100,
      withdrawingFen: 0,
      withdrawnFen: 0,
      entryCount: entries,
      lastEntryHash: HASH,
    },
    fromSeq: 1,
    entries: Array.from({ length: entries }, (_unused, i) => ({
      _id: `settle:o${i}:oD1`,
      userId: 'oD1',
      kind: 'settle' as const,
      deltas: { frozenFen: 100, availableFen: 0, withdrawingFen: 0, withdrawnFen: 0 },
      ref: { orderId: `o${i}` },
      at: '2026-12-01T02:00:00.000Z',
      seq: i + 1,
      prevHash: '0'.repeat(64),
      hash: HASH,
    })),
    nextFromSeq,
  };
}

describe('admin/ledger/ledger', () => {
  it('checks every page of accounts and lists each broken one with its first broken entry', async () => {
    answerCalls({
      'admin.verifyLedger': (data: Record<string, unknown>) =>
        data.cursor === undefined
          ? ok({ checked: 50, entries: 400, broken: [], cursor: 'oM' })
          : ok({
              checked: 3,
              entries: 20,
              broken: [
                {
                  userId: 'oX',
                  break: { reason: 'hash', entryId: 'settle:o9:oX', seq: 4, message: 'changed' },
                },
              ],
              cursor: null,
            }),
    });
    const page = await renderPage('admin/ledger/ledger');
    await tap(page, '.verify-button', '.t-button');
    await settle();
    expect(callsOf('admin.verifyLedger')).toEqual([{ $url: 'verifyLedger' }, { $url: 'verifyLedger', cursor: 'oM' }]);
    expect(text(page, '.summary')).toBe('已校验 53 个账户、420 条记录：1 个账户异常');
    expect(texts(page, '.broken-reason')).toEqual(['记录内容被改动：settle:o9:oX']);
  });

  it('says so when every chain holds, and shows a refusal as the page message', async () => {
    answerCalls({ 'admin.verifyLedger': ok({ checked: 2, entries: 5, broken: [], cursor: null }) });
    const page = await renderPage('admin/ledger/ledger');
    await tap(page, '.verify-button', '.t-button');
    await settle();
    expect(text(page, '.summary')).toBe('已校验 2 个账户、5 条记录：全部完好');

    answerCalls({ 'admin.verifyLedger': fail('FORBIDDEN') });
    await tap(page, '.verify-button', '.t-button');
    await settle();
    expect(text(page, '.summary')).toContain('仅限本店管理员使用');
  });

  it('copies the statement of the distributor it was opened for', async () => {
    answerCalls({ 'admin.ledgerStatement': ok(statement(3)) });
    const page = await renderPage('admin/ledger/ledger', { userId: 'oD1' });
    await tap(page, '.export-button', '.t-button');
    await settle();
    expect(callsOf('admin.ledgerStatement')).toEqual([{ $url: 'ledgerStatement', userId: 'oD1' }]);
    const copied = JSON.parse((wx.setClipboardData.mock.calls[0]?.[0] as { data: string }).data);
    expect(copied).toMatchObject({ format: 'ledger-statement/1', userId: 'oD1', account: { entryCount: 3 } });
    expect(text(page, '.exported')).toBe(`已复制对账单：3 条记录，链头 ${'a'.repeat(12)}…`);
  });

  it('tells the merchant when an account is unknown, and copies nothing', async () => {
    answerCalls({ 'admin.ledgerStatement': fail('ACCOUNT_NOT_FOUND', '没有这个账户') });
    const page = await renderPage('admin/ledger/ledger', { userId: 'oNobody' });
    await tap(page, '.export-button', '.t-button');
    await settle();
    expect(wx.setClipboardData).not.toHaveBeenCalled();
    expect(text(page, '.exported')).toBe('没有这个账户');
  });
});
