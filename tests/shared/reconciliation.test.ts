/**
 * The pure half of reconciliation: reading WeChat Pay's trade bill (shared/tradeBill.ts) and
 * comparing a day's two sides (shared/reconciliation.ts).
 */
import fc from 'fast-check';
import {
  compareDay,
  dayIsOver,
  MISMATCH_KINDS,
  onlyIn,
  type DaySides,
  type ShopRecord,
  type WechatRecord,
} from '@shared/reconciliation';
import { parseTradeBill, yuanToFen } from '@shared/tradeBill';

const ALL_HEADER =
  '交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注';
const SUMMARY_HEADER = '总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额';
const PAYMENT_LINE =
  '`2025-03-01 13:51:31,`wx2421b1c4370ec43b,`1800000001,`1900000109,`,`4200000612032130748613220688,`o-tea-1,`oSP1,`JSAPI,`SUCCESS,`OTHERS,`CNY,`256.00,`0.00,`0,`0,`0.00,`0.00,`,`,`龙井, 250g,`,`1.54000,`0.60%,`256.00,`0.00,`';
const REFUND_LINE =
  '`2025-03-01 15:00:00,`wx2421b1c4370ec43b,`1800000001,`1900000109,`,`4200000612032130748613220688,`o-tea-1,`oSP1,`JSAPI,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50300000000000000000000000001,`as000000000000000000000001,`128.00,`0.00,`ORIGINAL,`PROCESSING,`龙井, 250g,`,`-0.77000,`0.60%,`0.00,`128.00,`';
const SUMMARY = '`2,`256.00,`128.00,`0.00,`0.77000,`256.00,`128.00';

describe('the trade bill', () => {
  it('reads payments and refunds by column name, with CRLF or LF lines and commas inside a field', () => {
    for (const newline of ['\r\n', '\n']) {
      const text = [ALL_HEADER, PAYMENT_LINE, REFUND_LINE, SUMMARY_HEADER, SUMMARY, ''].join(newline);
      expect(parseTradeBill(text)).toEqual({
        ok: true,
        data: {
          payments: [{ outTradeNo: 'o-tea-1', transactionId: '4200000612032130748613220688', fen: 25_600 }],
          refunds: [
            {
              outRefundNo: 'as000000000000000000000001',
              outTradeNo: 'o-tea-1',
              refundId: '50300000000000000000000000001',
              fen: 12_800,
              status: 'PROCESSING',
            },
          ],
        },
      });
    }
  });

  it('reads the older header (总金额, no 订单金额) and its summary', () => {
    const header =
      '交易时间,公众账号ID,商户号,子商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,总金额,代金券或立减优惠金额,商品名称,商户数据包,手续费,费率';
    const line =
      '`2014-11-10 16:33:45,`wx2421b1c4370ec43b,`10000100,`0,`1000,`1001690740201411100005734289,`1415640626,`085e9858e3ba5186aafcbaed1,`MICROPAY,`SUCCESS,`OTHERS,`CNY,`0.01,`0.0,`被扫支付测试,`订单额外描述,`0,`0.60%';
    const text = [
      header,
      line,
      line,
      '总交易单数,总交易额,总退款金额,总代金券或立减优惠退款金额,手续费总金额',
      '`2,`0.02,`0.0,`0.0,`0',
    ].join('\r\n');
    const parsed = parseTradeBill(text);
    expect(parsed.ok && parsed.data.payments.map((payment) => payment.fen)).toEqual([1, 1]);
  });

  it('refuses a bill whose summary does not add up, a cut line, an unknown state or a missing summary', () => {
    const bill = (lines: string[]) => parseTradeBill(lines.join('\r\n'));
    const refused = { ok: false, error: { code: 'BAD_BILL' } };
    expect(bill([ALL_HEADER, PAYMENT_LINE, SUMMARY_HEADER, SUMMARY])).toMatchObject(refused);
    expect(
      bill([ALL_HEADER, PAYMENT_LINE, REFUND_LINE, SUMMARY_HEADER, SUMMARY.replace('`256.00', '`255.00')]),
    ).toMatchObject(refused);
    expect(bill([ALL_HEADER, PAYMENT_LINE.slice(0, 80), SUMMARY_HEADER, SUMMARY])).toMatchObject(refused);
    expect(
      bill([
        ALL_HEADER,
        PAYMENT_LINE.replace('`SUCCESS', '`REVOKED'),
        SUMMARY_HEADER,
        '`1,`256.00,`0.00,`0.00,`1.54000,`256.00,`0.00',
      ]),
    ).toMatchObject(refused);
    expect(bill([ALL_HEADER, PAYMENT_LINE])).toMatchObject(refused);
    expect(parseTradeBill('')).toMatchObject(refused);
  });

  it('turns yuan text into fen exactly', () => {
    expect([yuanToFen('0.01'), yuanToFen('256.00'), yuanToFen('1.5'), yuanToFen('-0.02'), yuanToFen('12')]).toEqual([
      1, 25_600, 150, -2, 1_200,
    ]);
    expect([yuanToFen('1.234'), yuanToFen('abc'), yuanToFen('')]).toEqual([null, null, null]);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        (fen) => yuanToFen(`${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`) === fen,
      ),
    );
  });
});

const DAY = '2025-03-01';
const shop = (ref: string, fen: number | null, state: string, day: string | null = DAY): ShopRecord => ({
  ref,
  fen,
  state,
  day,
});
const wechat = (ref: string, fen: number | null, state: string, onBill = true): WechatRecord => ({
  ref,
  fen,
  state,
  onBill,
});
const sides = (parts: Partial<DaySides['shop']> & { wechat?: Partial<DaySides['wechat']> }): DaySides => ({
  day: DAY,
  shop: { payments: parts.payments ?? [], refunds: parts.refunds ?? [], transfers: parts.transfers ?? [] },
  wechat: { payments: [], refunds: [], transfers: [], ...parts.wechat },
});
const kinds = (sidesOfDay: DaySides): string[] => compareDay(sidesOfDay).mismatches.map((entry) => entry.id);

describe('comparing a day', () => {
  it('raises each kind of disagreement once, with a deterministic id', () => {
    const day = sides({
      payments: [shop('o-amount', 100, 'paid'), shop('o-missing', 200, 'paid'), shop('o-unpaid', null, 'closed', null)],
      refunds: [
        shop('a-ghost', 50, 'done'),
        shop('a-failed', 60, 'done'),
        shop('a-amount', 70, 'done'),
        shop('a-pending', 80, 'pending'),
      ],
      transfers: [
        shop('W1', 10, 'withdrawn'),
        shop('W2', 20, 'failed'),
        shop('W3', 30, 'withdrawn'),
        shop('W4', 40, 'paying'),
      ],
      wechat: {
        payments: [
          wechat('o-amount', 101, 'SUCCESS'),
          wechat('o-missing', null, 'NONE', false),
          wechat('o-unpaid', 300, 'SUCCESS'),
        ],
        refunds: [
          wechat('a-ghost', null, 'NONE', false),
          wechat('a-failed', 60, 'REFUNDCLOSE'),
          wechat('a-amount', 71, 'SUCCESS'),
          wechat('a-pending', 80, 'SUCCESS'),
          wechat('a-stranger', 90, 'SUCCESS'),
        ],
        transfers: [
          wechat('W1', null, 'NONE', false),
          wechat('W2', 20, 'SUCCESS', false),
          wechat('W3', 31, 'SUCCESS', false),
          wechat('W4', 40, 'WAIT_USER_CONFIRM', false),
        ],
      },
    });
    expect(kinds(day)).toEqual([
      'payment_amount_differs:o-amount',
      'payment_missing_at_wechat:o-missing',
      'payment_unknown_to_shop:o-unpaid',
      'refund_amount_differs:a-amount',
      'refund_failed_at_wechat:a-failed',
      'refund_missing_at_wechat:a-ghost',
      'refund_unknown_to_shop:a-stranger',
      'transfer_amount_differs:W3',
      'transfer_missing_at_wechat:W1',
      'transfer_state_differs:W2',
    ]);
  });

  it('counts shop records dated on the day and bill lines; a shop record without an answer is unchecked, never raised', () => {
    const result = compareDay(
      sides({
        payments: [shop('o-1', 100, 'paid'), shop('o-2', 200, 'paid'), shop('o-yesterday', 300, 'stray', '2025-02-28')],
        refunds: [shop('a-1', 40, 'done', '2025-02-28')],
        wechat: {
          payments: [wechat('o-1', 100, 'SUCCESS'), wechat('o-yesterday', 300, 'SUCCESS')],
          refunds: [wechat('a-1', 40, 'SUCCESS', false)],
        },
      }),
    );
    expect(result).toMatchObject({
      mismatches: [],
      unchecked: 1,
      shop: { payments: { count: 2, fen: 300 }, refunds: { count: 0, fen: 0 } },
      wechat: { payments: { count: 2, fen: 400 }, refunds: { count: 0, fen: 0 } },
    });
  });

  it('keeps the resolved mark of a mismatch that is still there, and only of that one', () => {
    const day = sides({ payments: [shop('o-1', 1, 'paid')], wechat: { payments: [wechat('o-1', 2, 'SUCCESS')] } });
    const [first] = compareDay(day).mismatches;
    const previous = [
      { ...first!, resolved: true },
      { ...first!, id: 'payment_amount_differs:o-gone', resolved: true },
    ];
    expect(compareDay(day, previous).mismatches).toEqual([{ ...first, resolved: true }]);
  });

  const record = (refs: string[]) =>
    fc.record({ ref: fc.constantFrom(...refs), fen: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: null }) });
  const arbitrarySides = fc
    .record({
      shopPayments: fc.uniqueArray(record(['o1', 'o2', 'o3', 'o4']), { selector: (entry) => entry.ref }),
      wechatPayments: fc.uniqueArray(record(['o1', 'o2', 'o3', 'o4']), { selector: (entry) => entry.ref }),
      shopRefunds: fc.uniqueArray(record(['r1', 'r2', 'r3']), { selector: (entry) => entry.ref }),
      wechatRefunds: fc.uniqueArray(record(['r1', 'r2', 'r3']), { selector: (entry) => entry.ref }),
    })
    .map((drawn) =>
      sides({
        payments: drawn.shopPayments.map((entry) => shop(entry.ref, entry.fen, 'paid')),
        refunds: drawn.shopRefunds.map((entry) => shop(entry.ref, entry.fen, 'done')),
        wechat: {
          payments: drawn.wechatPayments.map((entry) =>
            wechat(entry.ref, entry.fen, entry.fen === null ? 'NONE' : 'SUCCESS'),
          ),
          refunds: drawn.wechatRefunds.map((entry) =>
            wechat(entry.ref, entry.fen, entry.fen === null ? 'NONE' : 'SUCCESS'),
          ),
        },
      }),
    );

  it('property: ids are unique and sorted, kinds known, and a side compared with its own mirror raises nothing', () => {
    fc.assert(
      fc.property(arbitrarySides, (day) => {
        const { mismatches } = compareDay(day);
        const ids = mismatches.map((entry) => entry.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect([...ids].sort()).toEqual(ids);
        for (const entry of mismatches) {
          expect(MISMATCH_KINDS).toContain(entry.kind);
          expect(entry.id).toBe(`${entry.kind}:${entry.ref}`);
          expect(entry.shopFen === entry.wechatFen && entry.shopFen !== null).toBe(false);
        }
        expect(compareDay(day)).toEqual(compareDay(day));
        const mirror: DaySides = {
          ...day,
          wechat: {
            // The bill lists what was paid; an order the shop holds unpaid is one WeChat Pay has nothing for.
            payments: day.shop.payments.map((entry) =>
              wechat(entry.ref, entry.fen, entry.fen === null ? 'NONE' : 'SUCCESS', entry.fen !== null),
            ),
            refunds: day.shop.refunds.map((entry) => wechat(entry.ref, entry.fen, 'SUCCESS')),
            transfers: [],
          },
        };
        const mirrored = compareDay(mirror);
        expect(mirrored.mismatches).toEqual([]);
        expect(mirrored.wechat.payments).toEqual(mirrored.shop.payments);
      }),
    );
  });

  it('tells which references each side must look up, and which days are over', () => {
    expect(onlyIn(['b', 'a', 'c', 'a'], ['c'])).toEqual(['a', 'b']);
    expect([
      dayIsOver('2025-03-01', '2025-03-02'),
      dayIsOver('2025-03-02', '2025-03-02'),
      dayIsOver('2025-03-03', '2025-03-02'),
    ]).toEqual([true, false, false]);
  });
});
