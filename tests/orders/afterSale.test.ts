/**
 * The shopper's afterSale function on the emulator: request and requestWholeOrder (holds,
 * replays, races), cancel, markReturned, refundable, list and detail, and every refusal code
 * with proof that a refused call wrote nothing. Refunds themselves: afterSaleRefund.test.ts.
 */
import { createHash } from 'node:crypto';
import type { AfterSaleDocument } from '@shared/afterSales';
import { COLLECTIONS } from '@shared/collections';
import { AFTER_SALE_CONTRACTS, AFTER_SALE_ROUTES } from '@shared/contracts/afterSale';
import type { OrderDocument } from '@shared/orders';
import type { Result } from '@shared/result';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { seedOrder } from '../helpers/orders';

const BUYER = 'oBUYER';
const OTHER = 'oOTHER';

const idOf = (orderId: string, key: string): string =>
  `s${createHash('sha256').update(`${orderId}\n${key}`).digest('hex').slice(0, 24)}`;

function dump(f: EmulatorFixture): Record<string, unknown[]> {
  return Object.fromEntries(
    COLLECTIONS.map((collection) => [collection.name, f.emu.emulator.store.scan(collection.name)]),
  );
}

/** A shipped order: line 0 three units paying 8100 fen, line 1 one unit paying 4500 fen. */
function twoLineOrder(
  f: EmulatorFixture,
  id = 'o-1',
  status: OrderDocument['status'] = 'shipped',
  extra: Partial<OrderDocument> = {},
): OrderDocument {
  return seedOrder(f.emu, { _id: id, buyerId: BUYER, status, ...extra }, [
    { skuId: 'sku-a', unitPriceFen: 3000, quantity: 3, paidFen: 8100 },
    { skuId: 'sku-b', unitPriceFen: 5000, quantity: 1, paidFen: 4500 },
  ]);
}

function seedAfterSale(f: EmulatorFixture, doc: Partial<AfterSaleDocument> & { _id: string; orderId: string }): void {
  const now = new Date(f.emu.emulator.options.clock.now());
  f.emu.insert('afterSales', [
    {
      buyerId: BUYER,
      idempotencyKey: 'seeded-key',
      kind: 'refundOnly',
      wholeOrder: false,
      status: 'requested',
      orderStatusAtRequest: 'shipped',
      lines: [
        {
          lineIndex: 0,
          skuId: 'sku-a',
          name: 'sku-a',
          spec: 'sku-a',
          image: '',
          unitPriceFen: 3000,
          quantity: 0,
          amountFen: 1000,
        },
      ],
      shippingFen: 0,
      amountFen: 1000,
      reason: '质量问题',
      returnShipment: null,
      review: null,
      refund: null,
      applied: null,
      createdAt: now,
      updatedAt: now,
      cancelledAt: null,
      ...doc,
    } as unknown as Record<string, unknown>,
  ]);
}

const afterSales = (f: EmulatorFixture) => f.emu.emulator.store.scan('afterSales') as unknown as AfterSaleDocument[];

describe('afterSale (shopper)', () => {
  const f = useEmulator({ runScheduler: false });
  /** `openid` null: a caller without a mini-program identity. */
  const call = async (route: string, input: object = {}, openid: string | null = BUYER) => {
    const response = await f.emu.call('afterSale', { $url: route, ...input }, openid === null ? {} : { openid });
    expect(response.error).toBeUndefined();
    return response.result as Result<any>;
  };
  const ask = (overrides: object = {}) => ({
    orderId: 'o-1',
    kind: 'refundOnly',
    reason: '不想要了',
    idempotencyKey: 'key-00001',
    lines: [{ lineIndex: 0, quantity: 1, amountFen: 2700 }],
    ...overrides,
  });
  /** Expects the call to be refused with `code` and to have written nothing. */
  const refused = async (code: string, route: string, input: object, openid: string | null = BUYER) => {
    const before = dump(f);
    const result = await call(route, input, openid);
    expect(result).toMatchObject({ ok: false, error: { code } });
    expect(dump(f)).toEqual(before);
  };

  beforeEach(() => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
  });

  it('every route has a contract', () => {
    expect(Object.keys(AFTER_SALE_CONTRACTS).sort()).toEqual([...AFTER_SALE_ROUTES].sort());
  });

  describe('request', () => {
    it('stores the request with a snapshot of its lines and holds what it asks for', async () => {
      twoLineOrder(f);
      const result = await call(
        'request',
        ask({
          lines: [
            { lineIndex: 0, quantity: 1, amountFen: 2700 },
            { lineIndex: 1, quantity: 0, amountFen: 500 },
          ],
        }),
      );
      const data = AFTER_SALE_CONTRACTS.request.output.parse(result.ok && result.data);
      const id = idOf('o-1', 'key-00001');
      expect(data).toMatchObject({
        status: 'created',
        afterSale: {
          id,
          orderId: 'o-1',
          kind: 'refundOnly',
          kindLabel: '仅退款',
          status: 'requested',
          statusLabel: '待审核',
          wholeOrder: false,
          shippingFen: 0,
          amountFen: 3200,
          reason: '不想要了',
          returnShipment: null,
          review: null,
          refundedAt: null,
          cancelledAt: null,
          lines: [
            {
              lineIndex: 0,
              skuId: 'sku-a',
              name: 'sku-a',
              spec: 'sku-a',
              image: '',
              unitPriceFen: 3000,
              quantity: 1,
              amountFen: 2700,
            },
            {
              lineIndex: 1,
              skuId: 'sku-b',
              name: 'sku-b',
              spec: 'sku-b',
              image: '',
              unitPriceFen: 5000,
              quantity: 0,
              amountFen: 500,
            },
          ],
        },
      });
      const [stored] = afterSales(f);
      expect(stored).toMatchObject({
        _id: id,
        buyerId: BUYER,
        idempotencyKey: 'key-00001',
        orderStatusAtRequest: 'shipped',
        refund: null,
        applied: null,
      });
      const order = f.emu.emulator.store.scan('orders')[0] as unknown as OrderDocument & { afterSaleCount: number };
      expect(order.afterSaleCount).toBe(1);
      expect(order.lines.map((l) => [l.refundedFen, l.refundedQuantity])).toEqual([
        [0, 0],
        [0, 0],
      ]);

      const refundable = await call('refundable', { orderId: 'o-1' });
      expect(AFTER_SALE_CONTRACTS.refundable.output.parse(refundable.ok && refundable.data)).toMatchObject({
        orderStatus: 'shipped',
        canRequest: true,
        canReturn: true,
        openRequests: 1,
        lines: [
          { lineIndex: 0, paidFen: 8100, heldFen: 2700, heldQuantity: 1, remainingFen: 5400, remainingQuantity: 2 },
          { lineIndex: 1, paidFen: 4500, heldFen: 500, heldQuantity: 0, remainingFen: 4000, remainingQuantity: 1 },
        ],
        wholeOrder: {
          lines: [
            { lineIndex: 0, amountFen: 5400, quantity: 2 },
            { lineIndex: 1, amountFen: 4000, quantity: 1 },
          ],
          shippingFen: 0,
          amountFen: 9400,
        },
      });
    });

    it('a retry returns the same request; the key with other content is refused', async () => {
      twoLineOrder(f);
      const first = await call('request', ask());
      const before = dump(f);
      const again = await call('request', ask());
      expect(again).toEqual({ ok: true, data: { ...(first.ok && first.data), status: 'replayed' } });
      expect(dump(f)).toEqual(before);
      await refused(
        'IDEMPOTENCY_KEY_REUSED',
        'request',
        ask({ lines: [{ lineIndex: 0, quantity: 1, amountFen: 2600 }] }),
      );
      await refused('IDEMPOTENCY_KEY_REUSED', 'request', ask({ reason: '其他' }));
      await refused('IDEMPOTENCY_KEY_REUSED', 'requestWholeOrder', {
        orderId: 'o-1',
        kind: 'refundOnly',
        reason: '不想要了',
        idempotencyKey: 'key-00001',
      });
    });

    it('concurrent retries of one request make one document', async () => {
      twoLineOrder(f);
      const results = await Promise.all(Array.from({ length: 6 }, () => call('request', ask())));
      expect(results.every((r) => r.ok)).toBe(true);
      expect(results.map((r) => r.ok && r.data.status).filter((s) => s === 'created')).toHaveLength(1);
      expect(afterSales(f)).toHaveLength(1);
    });

    it('concurrent requests for the same money never hold more than was paid', async () => {
      twoLineOrder(f);
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, n) =>
          call(
            'request',
            ask({ idempotencyKey: `race-key-${n}`, lines: [{ lineIndex: 0, quantity: 0, amountFen: 3000 }] }),
          ),
        ),
      );
      const created = results.filter((r) => r.ok);
      const codes = results.flatMap((r) => (r.ok ? [] : [r.error.code]));
      expect(codes.every((code) => code === 'AMOUNT_EXCEEDS_REMAINING' || code === 'BUSY')).toBe(true);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(created.length).toBeLessThanOrEqual(2); // 2 × 3000 ≤ 8100 < 3 × 3000
      expect(afterSales(f)).toHaveLength(created.length);
      // Whatever the race left, the rest is still exactly what a request may take.
      const rest = 8100 - 3000 * created.length;
      await refused(
        'AMOUNT_EXCEEDS_REMAINING',
        'request',
        ask({ idempotencyKey: 'after-race-1', lines: [{ lineIndex: 0, quantity: 0, amountFen: rest + 1 }] }),
      );
      expect(
        (
          await call(
            'request',
            ask({ idempotencyKey: 'after-race-2', lines: [{ lineIndex: 0, quantity: 0, amountFen: rest }] }),
          )
        ).ok,
      ).toBe(true);
    });

    it('counts refunds and open requests but not closed ones', async () => {
      seedOrder(f.emu, { _id: 'o-1', buyerId: BUYER, status: 'completed' }, [
        { skuId: 'sku-a', unitPriceFen: 3000, quantity: 3, paidFen: 8100, refundedFen: 2700, refundedQuantity: 1 },
      ]);
      seedAfterSale(f, {
        _id: idOf('o-1', 'open-1'),
        orderId: 'o-1',
        status: 'refunding',
        lines: [
          {
            lineIndex: 0,
            skuId: 'sku-a',
            name: '',
            spec: '',
            image: '',
            unitPriceFen: 3000,
            quantity: 1,
            amountFen: 2000,
          },
        ],
      });
      seedAfterSale(f, {
        _id: idOf('o-1', 'closed-1'),
        orderId: 'o-1',
        status: 'refused',
        lines: [
          {
            lineIndex: 0,
            skuId: 'sku-a',
            name: '',
            spec: '',
            image: '',
            unitPriceFen: 3000,
            quantity: 2,
            amountFen: 5400,
          },
        ],
      });
      await refused(
        'AMOUNT_EXCEEDS_REMAINING',
        'request',
        ask({ lines: [{ lineIndex: 0, quantity: 1, amountFen: 3401 }] }),
      );
      await refused(
        'QUANTITY_EXCEEDS_REMAINING',
        'request',
        ask({ lines: [{ lineIndex: 0, quantity: 2, amountFen: 3400 }] }),
      );
      expect(
        await call(
          'request',
          ask({ kind: 'returnAndRefund', lines: [{ lineIndex: 0, quantity: 1, amountFen: 3400 }] }),
        ),
      ).toMatchObject({ ok: true, data: { status: 'created' } });
      await refused('NOTHING_TO_REFUND', 'requestWholeOrder', {
        orderId: 'o-1',
        kind: 'refundOnly',
        reason: '全退',
        idempotencyKey: 'whole-0001',
      });
    });

    it('refuses with a stable code and writes nothing', async () => {
      twoLineOrder(f, 'o-1');
      twoLineOrder(f, 'o-paid', 'paid');
      seedOrder(f.emu, { _id: 'o-unpaid', buyerId: BUYER, status: 'pending_payment' });
      seedOrder(f.emu, { _id: 'o-closed', buyerId: BUYER, status: 'closed' });
      seedOrder(f.emu, { _id: 'o-theirs', buyerId: OTHER, status: 'shipped' });
      await refused('UNKNOWN_ROUTE', 'refundEverything', {});
      await refused('UNAUTHENTICATED', 'request', ask(), null);
      await refused('INVALID_INPUT', 'request', ask({ buyerId: OTHER }));
      await refused(
        'INVALID_INPUT',
        'request',
        ask({ kind: 'returnAndRefund', lines: [{ lineIndex: 0, quantity: 0, amountFen: 100 }] }),
      );
      await refused('INVALID_INPUT', 'request', ask({ lines: [{ lineIndex: 0, quantity: 1, amountFen: 0 }] }));
      await refused('INVALID_INPUT', 'request', ask({ lines: [{ lineIndex: 0, quantity: 1, amountFen: 10.5 }] }));
      await refused('INVALID_INPUT', 'request', ask({ idempotencyKey: 'bad key!' }));
      await refused('ORDER_NOT_FOUND', 'request', ask({ orderId: 'o-missing' }));
      await refused('ORDER_NOT_FOUND', 'request', ask({ orderId: 'o-theirs' }));
      await refused('ORDER_NOT_REFUNDABLE', 'request', ask({ orderId: 'o-unpaid' }));
      await refused('ORDER_NOT_REFUNDABLE', 'request', ask({ orderId: 'o-closed' }));
      await refused('NOT_SHIPPED', 'request', ask({ orderId: 'o-paid', kind: 'returnAndRefund' }));
      await refused('NOT_SHIPPED', 'requestWholeOrder', {
        orderId: 'o-paid',
        kind: 'returnAndRefund',
        reason: '退货',
        idempotencyKey: 'whole-0001',
      });
      await refused('LINE_NOT_FOUND', 'request', ask({ lines: [{ lineIndex: 2, quantity: 1, amountFen: 1 }] }));
      await refused(
        'AMOUNT_EXCEEDS_REMAINING',
        'request',
        ask({ lines: [{ lineIndex: 1, quantity: 1, amountFen: 4501 }] }),
      );
      await refused(
        'QUANTITY_EXCEEDS_REMAINING',
        'request',
        ask({ lines: [{ lineIndex: 0, quantity: 4, amountFen: 100 }] }),
      );
    });

    it('refuses an eleventh open request on one order', async () => {
      twoLineOrder(f);
      for (let n = 0; n < 10; n += 1)
        expect(
          (
            await call(
              'request',
              ask({ idempotencyKey: `small-key-${n}`, lines: [{ lineIndex: 0, quantity: 0, amountFen: 10 }] }),
            )
          ).ok,
        ).toBe(true);
      await refused(
        'TOO_MANY_OPEN_REQUESTS',
        'request',
        ask({ idempotencyKey: 'small-key-10', lines: [{ lineIndex: 0, quantity: 0, amountFen: 10 }] }),
      );
    });

    it('answers BUSY when the order keeps conflicting, having written nothing', async () => {
      twoLineOrder(f);
      f.emu.injectFault({
        action: 'database.commitTransaction',
        function: 'afterSale',
        kind: 'fail',
        code: 'DATABASE_TRANSACTION_CONFLICT',
        message: '[ResourceUnavailable.TransactionConflict] injected',
        times: 0,
      });
      await refused('BUSY', 'request', ask());
    });
  });

  describe('requestWholeOrder', () => {
    it('refunds every line and the shipping fee when nothing was shipped or refunded', async () => {
      twoLineOrder(f, 'o-1', 'paid', { shippingFen: 800, payableFen: 13_400 });
      const result = await call('requestWholeOrder', {
        orderId: 'o-1',
        kind: 'refundOnly',
        reason: '拍错了',
        idempotencyKey: 'whole-0001',
      });
      expect(result).toMatchObject({
        ok: true,
        data: {
          status: 'created',
          afterSale: {
            wholeOrder: true,
            shippingFen: 800,
            amountFen: 13_400,
            lines: [
              { lineIndex: 0, quantity: 3, amountFen: 8100 },
              { lineIndex: 1, quantity: 1, amountFen: 4500 },
            ],
          },
        },
      });
      // A retry is the same request, although nothing is left for a new one.
      expect(
        await call('requestWholeOrder', {
          orderId: 'o-1',
          kind: 'refundOnly',
          reason: '拍错了',
          idempotencyKey: 'whole-0001',
        }),
      ).toMatchObject({ ok: true, data: { status: 'replayed' } });
      await refused('NOTHING_TO_REFUND', 'requestWholeOrder', {
        orderId: 'o-1',
        kind: 'refundOnly',
        reason: '拍错了',
        idempotencyKey: 'whole-0002',
      });
    });

    it('takes the rest, without shipping, once something was asked for or shipped', async () => {
      twoLineOrder(f, 'o-1', 'paid', { shippingFen: 800, payableFen: 13_400 });
      await call('request', ask());
      const result = await call('requestWholeOrder', {
        orderId: 'o-1',
        kind: 'refundOnly',
        reason: '拍错了',
        idempotencyKey: 'whole-0001',
      });
      expect(result).toMatchObject({
        ok: true,
        data: {
          afterSale: {
            shippingFen: 0,
            amountFen: 9900,
            lines: [
              { lineIndex: 0, quantity: 2, amountFen: 5400 },
              { lineIndex: 1, quantity: 1, amountFen: 4500 },
            ],
          },
        },
      });
      twoLineOrder(f, 'o-2', 'shipped', { shippingFen: 800, payableFen: 13_400 });
      expect(
        await call('requestWholeOrder', {
          orderId: 'o-2',
          kind: 'returnAndRefund',
          reason: '退货',
          idempotencyKey: 'whole-0001',
        }),
      ).toMatchObject({
        ok: true,
        data: { afterSale: { kind: 'returnAndRefund', shippingFen: 0, amountFen: 12_600 } },
      });
    });
  });

  describe('cancel and markReturned', () => {
    it('cancel: requested → cancelled, once; the hold is released', async () => {
      twoLineOrder(f);
      const made = await call('request', ask({ lines: [{ lineIndex: 1, quantity: 1, amountFen: 4500 }] }));
      const id = made.ok && made.data.afterSale.id;
      await refused('AFTER_SALE_NOT_FOUND', 'cancel', { afterSaleId: id }, OTHER);
      const cancelled = await call('cancel', { afterSaleId: id });
      expect(cancelled).toMatchObject({
        ok: true,
        data: {
          status: 'cancelled',
          afterSale: { status: 'cancelled', statusLabel: '已撤销', cancelledAt: expect.any(String) },
        },
      });
      const before = dump(f);
      expect(await call('cancel', { afterSaleId: id })).toMatchObject({ ok: true, data: { status: 'unchanged' } });
      expect(dump(f)).toEqual(before);
      expect(
        (
          await call(
            'request',
            ask({ idempotencyKey: 'key-00002', lines: [{ lineIndex: 1, quantity: 1, amountFen: 4500 }] }),
          )
        ).ok,
      ).toBe(true);
    });

    it('cancel is refused once the merchant decided', async () => {
      twoLineOrder(f);
      for (const status of ['approved', 'refunding', 'refunded', 'refused'] as const) {
        seedAfterSale(f, { _id: idOf('o-1', status), orderId: 'o-1', status });
        await refused('INVALID_TRANSITION', 'cancel', { afterSaleId: idOf('o-1', status) });
      }
      await refused('AFTER_SALE_NOT_FOUND', 'cancel', { afterSaleId: idOf('o-1', 'nothing') });
      await refused('INVALID_INPUT', 'cancel', { afterSaleId: 'not-an-id' });
    });

    it('markReturned records the return shipment of a return while it is requested', async () => {
      twoLineOrder(f);
      const made = await call('request', ask({ kind: 'returnAndRefund' }));
      const id = made.ok && made.data.afterSale.id;
      const marked = await call('markReturned', { afterSaleId: id, carrier: '顺丰', trackingNo: 'SF1234567890' });
      expect(marked).toMatchObject({
        ok: true,
        data: {
          status: 'updated',
          afterSale: { returnShipment: { carrier: '顺丰', trackingNo: 'SF1234567890', at: expect.any(String) } },
        },
      });
      const before = dump(f);
      expect(
        await call('markReturned', { afterSaleId: id, carrier: '顺丰', trackingNo: 'SF1234567890' }),
      ).toMatchObject({ ok: true, data: { status: 'unchanged' } });
      expect(dump(f)).toEqual(before);
      expect(await call('markReturned', { afterSaleId: id, carrier: '中通', trackingNo: 'ZT0001' })).toMatchObject({
        ok: true,
        data: { status: 'updated', afterSale: { returnShipment: { carrier: '中通' } } },
      });
      await refused('INVALID_INPUT', 'markReturned', { afterSaleId: id, carrier: '顺丰', trackingNo: '顺丰单号' });
      await refused(
        'AFTER_SALE_NOT_FOUND',
        'markReturned',
        { afterSaleId: id, carrier: '顺丰', trackingNo: 'SF1234567890' },
        OTHER,
      );
    });

    it('markReturned is refused for a refund-only request and once decided', async () => {
      twoLineOrder(f);
      seedAfterSale(f, { _id: idOf('o-1', 'refund-only'), orderId: 'o-1' });
      await refused('INVALID_TRANSITION', 'markReturned', {
        afterSaleId: idOf('o-1', 'refund-only'),
        carrier: '顺丰',
        trackingNo: 'SF1' + '0'.repeat(5),
      });
      seedAfterSale(f, { _id: idOf('o-1', 'approved'), orderId: 'o-1', kind: 'returnAndRefund', status: 'approved' });
      await refused('INVALID_TRANSITION', 'markReturned', {
        afterSaleId: idOf('o-1', 'approved'),
        carrier: '顺丰',
        trackingNo: 'SF100000',
      });
    });
  });

  describe('list, detail, refundable', () => {
    it('lists the caller’s own requests, newest first, by order, in pages', async () => {
      twoLineOrder(f, 'o-1');
      twoLineOrder(f, 'o-2');
      seedOrder(f.emu, { _id: 'o-theirs', buyerId: OTHER, status: 'shipped' });
      await call('request', ask({ idempotencyKey: 'key-00001' }));
      await f.emu.advanceClock(1000);
      await call('request', ask({ orderId: 'o-2', idempotencyKey: 'key-00002' }));
      await f.emu.advanceClock(1000);
      await call(
        'request',
        ask({ idempotencyKey: 'key-00003', lines: [{ lineIndex: 1, quantity: 0, amountFen: 100 }] }),
      );
      await call(
        'request',
        ask({
          orderId: 'o-theirs',
          idempotencyKey: 'key-00004',
          lines: [{ lineIndex: 0, quantity: 0, amountFen: 100 }],
        }),
        OTHER,
      );
      const page1 = await call('list', { limit: 2 });
      const parsed = AFTER_SALE_CONTRACTS.list.output.parse(page1.ok && page1.data);
      expect(parsed.items.map((item) => item.id)).toEqual([idOf('o-1', 'key-00003'), idOf('o-2', 'key-00002')]);
      expect(parsed.nextOffset).toBe(2);
      expect(await call('list', { limit: 2, offset: 2 })).toMatchObject({
        ok: true,
        data: { items: [{ id: idOf('o-1', 'key-00001') }], nextOffset: null },
      });
      expect(await call('list', { orderId: 'o-2' })).toMatchObject({
        ok: true,
        data: { items: [{ id: idOf('o-2', 'key-00002') }], nextOffset: null },
      });
      expect(await call('list', { orderId: 'o-theirs' })).toEqual({ ok: true, data: { items: [], nextOffset: null } });

      expect(await call('detail', { afterSaleId: idOf('o-2', 'key-00002') })).toMatchObject({
        ok: true,
        data: { afterSale: { orderId: 'o-2', amountFen: 2700 } },
      });
      await refused('AFTER_SALE_NOT_FOUND', 'detail', { afterSaleId: idOf('o-theirs', 'key-00004') });
      await refused('ORDER_NOT_FOUND', 'refundable', { orderId: 'o-theirs' });
    });

    it('refundable tells an unpaid order cannot be refunded, and offers shipping on an untouched paid one', async () => {
      seedOrder(f.emu, { _id: 'o-unpaid', buyerId: BUYER });
      expect(await call('refundable', { orderId: 'o-unpaid' })).toMatchObject({
        ok: true,
        data: { canRequest: false, canReturn: false },
      });
      twoLineOrder(f, 'o-1', 'paid', { shippingFen: 800, payableFen: 13_400 });
      expect(await call('refundable', { orderId: 'o-1' })).toMatchObject({
        ok: true,
        data: { canRequest: true, canReturn: false, wholeOrder: { shippingFen: 800, amountFen: 13_400 } },
      });
    });
  });
});
