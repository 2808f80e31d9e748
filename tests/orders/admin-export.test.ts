/**
 * The admin's order export against the emulator: the CSV file lands in cloud storage and its
 * temporary link serves it; Chinese headers, one row per order line, yuan with two decimals, the
 * order's own amounts on its first line, masked phones, inert shopper text; a range of more
 * orders than one read answers (1000) is paged; a range cut by `maxOrders` continues with the
 * cursor, every order exactly once, also across orders placed at the same instant.
 */
import type { OrderDocument } from '@shared/orders';
import type { Result } from '@shared/result';
import { EXPORT_HEADERS } from '../../cloudfunctions/admin/exportCsv';
import { useEmulator } from '../helpers/emulator';
import { seedOrder } from '../helpers/orders';
import { seedUsers } from '../helpers/referrals';

const ADMIN = 'oADMIN0000000000000000000003';
// 2026-03-10 12:00 in China.
const NOON = Date.parse('2026-03-10T04:00:00Z');
const HOUR_MS = 3_600_000;

type Json = Record<string, any>;

/** RFC 4180 parsing, enough for the export: quoted fields with doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i] as string;
    if (quoted && char === '"' && text[i + 1] === '"') {
      cell += '"';
      i += 1;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (quoted || (char !== ',' && char !== '\r')) {
      cell += char;
    } else if (char === ',') {
      row.push(cell);
      cell = '';
    } else {
      // CRLF ends the row.
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    }
  }
  return rows;
}

describe('admin exportOrders', () => {
  const f = useEmulator({ runScheduler: false, clock: { now: () => NOON + 30 * 24 * HOUR_MS } });
  const exportOrders = async (input: object): Promise<Result<any>> =>
    (await f.emu.call('admin', { $url: 'exportOrders', ...input }, { openid: ADMIN })).result as Result<any>;
  const download = async (url: string): Promise<{ bytes: Buffer; type: string | null }> => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    return { bytes: Buffer.from(await response.arrayBuffer()), type: response.headers.get('content-type') };
  };
  const rowsOf = async (result: Result<any>): Promise<string[][]> => {
    if (!result.ok) throw new Error(`export refused: ${result.error.message}`);
    const { bytes } = await download(result.data.url);
    return parseCsv(bytes.toString('utf8').replace(/^\uFEFF/, '')).slice(1);
  };

  beforeEach(() => {
    f.emu.reset();
    f.emu.insert('admins', [{ _id: ADMIN, addedBy: 'test', addedAt: new Date(NOON), note: '' }]);
  });

  function seedShop(): void {
    seedUsers(f.emu, [
      { id: 'oBuyer', nickname: '=HYPERLINK("x")' },
      { id: 'oRef', nickname: '小明', status: 'approved' },
    ]);
    const base = { buyerId: 'oBuyer', chain: ['oRef'], createdAt: new Date(NOON) };
    seedOrder(
      f.emu,
      {
        ...base,
        _id: 'o-two-lines',
        orderNo: '2026031012345678',
        status: 'shipped',
        shippingFen: 800,
        payableFen: 26_380,
        note: '请放门口, 谢谢 "快"',
        payment: { params: null, transactionId: 't1', paidFen: 26_380, paidAt: new Date(NOON + 60_000) },
        shipping: { carrier: '顺丰速运', trackingNo: '773012345678901', shippedAt: new Date(NOON + HOUR_MS) },
      },
      [
        { skuId: 'tea', name: '明前龙井', spec: '250g', unitPriceFen: 12_800, quantity: 1 },
        { skuId: 'cup', name: '玻璃杯', spec: '白色', unitPriceFen: 6_390, quantity: 2, refundedFen: 6_390 },
      ],
    );
    seedOrder(f.emu, { ...base, _id: 'o-old-unpaid', createdAt: new Date(NOON - 24 * HOUR_MS + 1) });
    // 2026-03-08 23:59:59 in China: just before the range's first day.
    seedOrder(f.emu, { ...base, _id: 'o-before', createdAt: new Date(Date.parse('2026-03-08T15:59:59Z')) });
    // 2026-03-12 00:00 in China: after the range's last day.
    seedOrder(f.emu, { ...base, _id: 'o-after', createdAt: new Date(Date.parse('2026-03-11T16:00:00Z')) });
  }

  it('writes a UTF-8 CSV with a BOM to storage, one row per line, yuan amounts, and answers a working link', async () => {
    seedShop();
    const result = await exportOrders({ fromDay: '2026-03-09', toDay: '2026-03-11' });
    expect(result).toMatchObject({
      ok: true,
      data: {
        orderCount: 2,
        rowCount: 3,
        complete: true,
        cursor: null,
        cloudPath: expect.stringMatching(/^exports\/orders-2026-03-09-2026-03-11-\d{14}-[0-9a-f]{8}\.csv$/),
      },
    });
    if (!result.ok) return;
    // The file is in the emulator's storage, under its cloud path.
    const listed = (await (await fetch(`${f.emu.url}/_emulator/files`)).json()) as { files: Json[] };
    expect(listed.files).toEqual([
      expect.objectContaining({ fileID: result.data.fileID, cloudPath: result.data.cloudPath }),
    ]);
    const { bytes, type } = await download(result.data.url);
    expect(type).toBe('text/csv; charset=utf-8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual([...EXPORT_HEADERS]);
    expect(header).toEqual(
      expect.arrayContaining([
        '订单号',
        '下单时间',
        '状态',
        '商品',
        '数量',
        '单价',
        '小计',
        '运费',
        '订单实付',
        '电话',
        '快递单号',
        '分销员',
      ]),
    );
    const column = (row: string[] | undefined, name: string): string | undefined => row?.[header!.indexOf(name)];
    // Oldest first: the unpaid order of the day before, then the two lines of the shipped one.
    expect(rows.map((row) => column(row, '商品'))).toEqual(['sku-1', '明前龙井', '玻璃杯']);
    const [, first, second] = rows;
    expect(column(first, '订单号')).toBe('="2026031012345678"');
    expect(column(rows[0], '订单号')).toBe('o-old-unpaid');
    expect(column(first, '下单时间')).toBe('2026-03-10 12:00');
    expect(column(first, '付款时间')).toBe('2026-03-10 12:01');
    expect(column(first, '状态')).toBe('待收货');
    expect(column(first, '买家')).toBe(`'=HYPERLINK("x")`);
    expect([column(first, '单价'), column(first, '小计'), column(second, '单价'), column(second, '小计')]).toEqual([
      '128.00',
      '128.00',
      '63.90',
      '127.80',
    ]);
    expect([column(first, '已退款'), column(second, '已退款')]).toEqual(['0.00', '63.90']);
    expect([column(first, '运费'), column(first, '订单实付')]).toEqual(['8.00', '263.80']);
    expect([column(second, '运费'), column(second, '订单实付')]).toEqual(['', '']);
    expect(column(first, '电话')).toBe('138****0000');
    expect(column(first, '地址')).toBe('浙江省杭州市西湖区文三路 1 号');
    expect(column(first, '买家备注')).toBe('请放门口, 谢谢 "快"');
    expect([column(first, '快递公司'), column(first, '快递单号')]).toEqual(['顺丰速运', '="773012345678901"']);
    expect(column(second, '分销员')).toBe('小明');
    expect(text).toContain('"请放门口, 谢谢 ""快"""');
  });

  it('filters by status, shows the full phone when asked, and writes a file of headers only for an empty range', async () => {
    seedShop();
    const shipped = await exportOrders({
      fromDay: '2026-03-09',
      toDay: '2026-03-11',
      status: 'shipped',
      phone: 'full',
    });
    const rows = await rowsOf(shipped);
    expect(rows).toHaveLength(2);
    expect(rows[0]?.[EXPORT_HEADERS.indexOf('电话')]).toBe('13800000000');
    const empty = await exportOrders({ fromDay: '2025-01-01', toDay: '2025-01-31' });
    expect(empty).toMatchObject({ ok: true, data: { orderCount: 0, rowCount: 0, complete: true } });
    expect(await rowsOf(empty)).toEqual([]);
  });

  it.each([
    ['a range that ends before it starts', { fromDay: '2026-03-11', toDay: '2026-03-09' }],
    ['a day that does not exist', { fromDay: '2026-02-30', toDay: '2026-03-09' }],
    ['more than 366 days', { fromDay: '2025-01-01', toDay: '2026-01-02' }],
    ['an unknown status', { fromDay: '2026-03-01', toDay: '2026-03-09', status: 'lost' }],
    ['a forged cursor', { fromDay: '2026-03-01', toDay: '2026-03-09', cursor: 'x' }],
    ['a cap above the most one file holds', { fromDay: '2026-03-01', toDay: '2026-03-09', maxOrders: 5001 }],
  ])('refuses %s as INVALID_INPUT and stores nothing', async (_label, input) => {
    expect(await exportOrders(input)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(((await (await fetch(`${f.emu.url}/_emulator/files`)).json()) as { files: Json[] }).files).toEqual([]);
  });

  describe('a range of more orders than one read answers', () => {
    const COUNT = 1_250;
    beforeEach(() => {
      seedUsers(f.emu, [{ id: 'oBuyer', nickname: '买家' }]);
      // Ten orders per instant, so pages and cuts fall between orders that share their creation time.
      for (let i = 0; i < COUNT; i += 1)
        seedOrder(f.emu, {
          _id: `o${String(i).padStart(5, '0')}`,
          orderNo: `20260310${String(i).padStart(8, '0')}`,
          buyerId: 'oBuyer',
          createdAt: new Date(NOON + Math.floor(i / 10) * 1000),
        });
    });
    const numbers = (rows: string[][]): string[] => rows.map((row) => (row[0] ?? '').replace(/^="|"$/g, ''));
    const all = (): string[] =>
      (f.emu.emulator.store.scan('orders') as unknown as OrderDocument[])
        .map((order) => order.orderNo as string)
        .sort();

    it('pages the reads inside one call', async () => {
      const response = await f.emu.call(
        'admin',
        { $url: 'exportOrders', fromDay: '2026-03-10', toDay: '2026-03-10' },
        { openid: ADMIN },
      );
      const result = response.result as Result<any>;
      expect(result).toMatchObject({
        ok: true,
        data: { orderCount: COUNT, rowCount: COUNT, complete: true, cursor: null },
      });
      // The guard's read, two pages of orders (1000 + 250), one read of names.
      expect(response.invocation.roundTrips.database).toBe(4);
      expect(numbers(await rowsOf(result))).toEqual(all());
    });

    it('cuts at maxOrders on an order boundary and continues with the cursor until complete', async () => {
      const parts: string[][] = [];
      let cursor: string | undefined;
      const answers: Json[] = [];
      for (let call = 0; call < 5; call += 1) {
        const result = await exportOrders({
          fromDay: '2026-03-10',
          toDay: '2026-03-10',
          maxOrders: 500,
          ...(cursor ? { cursor } : {}),
        });
        if (!result.ok) throw new Error(result.error.message);
        answers.push({ orderCount: result.data.orderCount, complete: result.data.complete });
        parts.push(numbers(await rowsOf(result)));
        if (result.data.complete) break;
        expect(result.data.cursor).toEqual(expect.any(String));
        cursor = result.data.cursor;
      }
      expect(answers).toEqual([
        { orderCount: 500, complete: false },
        { orderCount: 500, complete: false },
        { orderCount: 250, complete: true },
      ]);
      expect(parts.flat()).toEqual(all());
      // A cap that the range meets exactly is complete without another call.
      expect(await exportOrders({ fromDay: '2026-03-10', toDay: '2026-03-10', maxOrders: 250, cursor })).toMatchObject({
        ok: true,
        data: { orderCount: 250, complete: true, cursor: null },
      });
    });
  });
});
