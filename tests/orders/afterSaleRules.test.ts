/**
 * The pure after-sales rules (shared/afterSales.ts) and contracts: what a request may ask for,
 * the shipping rule, applying refunds with the "last refund of a line" flag, the out_refund_no
 * namespace. Property tests with fast-check.
 */
import fc from 'fast-check';
import {
  applyRefund,
  checkRequest,
  heldByOpenRequests,
  parseRefundNo,
  afterSaleRefundNo,
  proportionalAmountFen,
  remainingOfLine,
  shippingRefundFen,
  wholeOrderLines,
  type AfterSaleDocument,
  type AfterSaleStatus,
  type RequestedLine,
} from '@shared/afterSales';
import { RefundNotification, RequestInput } from '@shared/contracts/afterSale';
import { strayRefundNo } from '@shared/contracts/onPayCallback';
import type { OrderDocument, OrderLine } from '@shared/orders';

function line(
  lineIndex: number,
  quantity: number,
  paidFen: number,
  refunded: Partial<Pick<OrderLine, 'refundedFen' | 'refundedQuantity'>> = {},
): OrderLine {
  return {
    lineIndex,
    skuId: `sku-${lineIndex}`,
    productId: 'p',
    name: `商品${lineIndex}`,
    spec: '默认',
    image: '',
    unitPriceFen: Math.ceil(paidFen / quantity),
    quantity,
    lineTotalFen: paidFen,
    discountFen: 0,
    paidFen,
    commission: { mode: 'default' },
    attribution: { baseFen: paidFen, quantity, capFen: 0, capApplied: false, levels: [], totalFen: 0 },
    refundedFen: refunded.refundedFen ?? 0,
    refundedQuantity: refunded.refundedQuantity ?? 0,
  };
}

type OrderPart = Pick<OrderDocument, 'status' | 'lines' | 'shippingFen'>;
const order = (lines: OrderLine[], status: OrderDocument['status'] = 'shipped', shippingFen = 0): OrderPart => ({
  status,
  lines,
  shippingFen,
});
const open = (status: AfterSaleStatus, lines: RequestedLine[]) =>
  ({ status, lines: lines.map((l) => ({ ...l, skuId: '', name: '', spec: '', image: '', unitPriceFen: 0 })) }) as Pick<
    AfterSaleDocument,
    'status' | 'lines'
  >;

describe('checkRequest', () => {
  const lines = [line(0, 3, 8100), line(1, 1, 4500, { refundedFen: 500 })];

  it('accepts up to paid − refunded − held, per line, and snapshots the lines', () => {
    const held = heldByOpenRequests([
      open('requested', [{ lineIndex: 0, amountFen: 2700, quantity: 1 }]),
      open('refused', [{ lineIndex: 0, amountFen: 8100, quantity: 3 }]),
    ]);
    expect(held).toEqual(new Map([[0, { amountFen: 2700, quantity: 1 }]]));
    const checked = checkRequest(
      order(lines),
      'refundOnly',
      [
        { lineIndex: 0, amountFen: 5400, quantity: 2 },
        { lineIndex: 1, amountFen: 4000, quantity: 1 },
      ],
      held,
    );
    expect(checked).toEqual({
      ok: true,
      shippingFen: 0,
      amountFen: 9400,
      lines: [
        {
          lineIndex: 0,
          skuId: 'sku-0',
          name: '商品0',
          spec: '默认',
          image: '',
          unitPriceFen: 2700,
          quantity: 2,
          amountFen: 5400,
        },
        {
          lineIndex: 1,
          skuId: 'sku-1',
          name: '商品1',
          spec: '默认',
          image: '',
          unitPriceFen: 4500,
          quantity: 1,
          amountFen: 4000,
        },
      ],
    });
  });

  it('refuses with a stable code', () => {
    const none = new Map();
    const code = (o: OrderPart, kind: 'refundOnly' | 'returnAndRefund', asked: RequestedLine[], held = none) => {
      const checked = checkRequest(o, kind, asked, held);
      return checked.ok ? 'ok' : checked.code;
    };
    expect(code(order(lines, 'pending_payment'), 'refundOnly', [{ lineIndex: 0, amountFen: 1, quantity: 0 }])).toBe(
      'ORDER_NOT_REFUNDABLE',
    );
    expect(code(order(lines, 'closed'), 'refundOnly', [{ lineIndex: 0, amountFen: 1, quantity: 0 }])).toBe(
      'ORDER_NOT_REFUNDABLE',
    );
    expect(code(order(lines, 'paid'), 'returnAndRefund', [{ lineIndex: 0, amountFen: 1, quantity: 1 }])).toBe(
      'NOT_SHIPPED',
    );
    expect(code(order(lines, 'paid'), 'refundOnly', [{ lineIndex: 0, amountFen: 1, quantity: 1 }])).toBe('ok');
    expect(code(order(lines), 'refundOnly', [{ lineIndex: 2, amountFen: 1, quantity: 0 }])).toBe('LINE_NOT_FOUND');
    expect(code(order(lines), 'refundOnly', [{ lineIndex: 1, amountFen: 4001, quantity: 0 }])).toBe(
      'AMOUNT_EXCEEDS_REMAINING',
    );
    expect(code(order(lines), 'refundOnly', [{ lineIndex: 1, amountFen: 4000, quantity: 2 }])).toBe(
      'QUANTITY_EXCEEDS_REMAINING',
    );
    const held = heldByOpenRequests([open('approved', [{ lineIndex: 0, amountFen: 8000, quantity: 0 }])]);
    expect(code(order(lines), 'refundOnly', [{ lineIndex: 0, amountFen: 101, quantity: 0 }], held)).toBe(
      'AMOUNT_EXCEEDS_REMAINING',
    );
    expect(code(order(lines), 'refundOnly', [{ lineIndex: 0, amountFen: 100, quantity: 3 }], held)).toBe('ok');
    expect(code(order(lines), 'refundOnly', [])).toBe('NOTHING_TO_REFUND');
  });

  it('never lets refunds and holds exceed what was paid, whatever sequence of requests and outcomes', () => {
    const step = fc.record({
      amountFen: fc.integer({ min: 1, max: 12_000 }),
      quantity: fc.integer({ min: 0, max: 4 }),
      outcome: fc.constantFrom('refund', 'cancel', 'keepOpen'),
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(step, { maxLength: 25 }),
        (paidFen, quantity, steps) => {
          let current = line(0, quantity, paidFen);
          const openRequests: Array<Pick<AfterSaleDocument, 'status' | 'lines'>> = [];
          let lastFlags = 0;
          for (const { amountFen, quantity: units, outcome } of steps) {
            const asked = [{ lineIndex: 0, amountFen, quantity: units }];
            const checked = checkRequest(order([current]), 'refundOnly', asked, heldByOpenRequests(openRequests));
            if (!checked.ok) continue;
            if (outcome === 'keepOpen') openRequests.push(open('requested', asked));
            if (outcome === 'refund') {
              const [applied] = applyRefund([current], asked);
              current = {
                ...current,
                refundedFen: applied!.refundedFenAfter,
                refundedQuantity: applied!.refundedQuantityAfter,
              };
              if (applied!.lastOfLine) lastFlags += 1;
            }
            const held = heldByOpenRequests(openRequests).get(0) ?? { amountFen: 0, quantity: 0 };
            expect(current.refundedFen + held.amountFen).toBeLessThanOrEqual(paidFen);
            expect(current.refundedQuantity + held.quantity).toBeLessThanOrEqual(quantity);
          }
          // Exactly one refund is the last of a fully refunded line, none of a line not fully refunded.
          expect(lastFlags).toBe(current.refundedFen === paidFen ? 1 : 0);
        },
      ),
    );
  });
});

describe('applyRefund and the ledger it serves', () => {
  it('records each line after the refund; the refund reaching paidFen is the last', () => {
    const lines = [line(0, 3, 8100, { refundedFen: 2700, refundedQuantity: 1 }), line(1, 1, 4500)];
    expect(
      applyRefund(lines, [
        { lineIndex: 0, amountFen: 5400, quantity: 2 },
        { lineIndex: 1, amountFen: 1000, quantity: 0 },
      ]),
    ).toEqual([
      {
        lineIndex: 0,
        amountFen: 5400,
        quantity: 2,
        refundedFenAfter: 8100,
        refundedQuantityAfter: 3,
        lastOfLine: true,
      },
      {
        lineIndex: 1,
        amountFen: 1000,
        quantity: 0,
        refundedFenAfter: 1000,
        refundedQuantityAfter: 0,
        lastOfLine: false,
      },
    ]);
  });

  it('throws when a refund does not fit (holds make that a broken invariant)', () => {
    expect(() =>
      applyRefund([line(0, 1, 100, { refundedFen: 50 })], [{ lineIndex: 0, amountFen: 51, quantity: 0 }]),
    ).toThrow(RangeError);
    expect(() => applyRefund([line(0, 1, 100)], [{ lineIndex: 0, amountFen: 1, quantity: 2 }])).toThrow(RangeError);
    expect(() => applyRefund([line(0, 1, 100)], [{ lineIndex: 3, amountFen: 1, quantity: 0 }])).toThrow(RangeError);
  });

  it('lets the ledger reverse a line exactly: floor per refund, the rest on the last', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.integer({ min: 0, max: 50_000 }),
        fc.array(fc.integer({ min: 1, max: 100_000 }), { minLength: 1, maxLength: 8 }),
        (paidFen, commissionFen, cuts) => {
          let current = line(0, 1, paidFen);
          let reversed = 0;
          for (const cut of cuts) {
            const remaining = remainingOfLine(current, undefined).amountFen;
            if (remaining === 0) break;
            const [applied] = applyRefund(
              [current],
              [{ lineIndex: 0, amountFen: Math.min(cut, remaining), quantity: 0 }],
            );
            reversed += applied!.lastOfLine
              ? commissionFen - reversed
              : Math.floor((commissionFen * applied!.amountFen) / paidFen);
            current = { ...current, refundedFen: applied!.refundedFenAfter };
          }
          const fullyRefunded = current.refundedFen === paidFen;
          if (fullyRefunded) expect(reversed).toBe(commissionFen);
          else expect(reversed).toBeLessThanOrEqual(commissionFen);
        },
      ),
    );
  });
});

describe('whole-order refunds and shipping', () => {
  const lines = [line(0, 3, 8100), line(1, 1, 4500)];

  it('refunds shipping only for an untouched order that was not shipped', () => {
    const whole = wholeOrderLines(order(lines, 'paid', 800), new Map(), 'refundOnly');
    expect(whole).toEqual([
      { lineIndex: 0, amountFen: 8100, quantity: 3 },
      { lineIndex: 1, amountFen: 4500, quantity: 1 },
    ]);
    expect(shippingRefundFen(order(lines, 'paid', 800), whole, new Map())).toBe(800);
    expect(shippingRefundFen(order(lines, 'shipped', 800), whole, new Map())).toBe(0);
    expect(shippingRefundFen(order(lines, 'paid', 800), whole.slice(0, 1), new Map())).toBe(0);
    const touched = [line(0, 3, 8100, { refundedFen: 1 }), line(1, 1, 4500)];
    expect(
      shippingRefundFen(
        order(touched, 'paid', 800),
        wholeOrderLines(order(touched), new Map(), 'refundOnly'),
        new Map(),
      ),
    ).toBe(0);
  });

  it('takes what is left after refunds and holds; a return leaves out lines with no units left', () => {
    const partly = [line(0, 3, 8100, { refundedFen: 2700, refundedQuantity: 3 }), line(1, 1, 4500)];
    const held = heldByOpenRequests([open('refunding', [{ lineIndex: 1, amountFen: 4500, quantity: 1 }])]);
    expect(wholeOrderLines(order(partly), held, 'refundOnly')).toEqual([
      { lineIndex: 0, amountFen: 5400, quantity: 0 },
    ]);
    expect(wholeOrderLines(order(partly), held, 'returnAndRefund')).toEqual([]);
  });

  it('suggests the units’ share, and exactly the rest for the last units', () => {
    const l = line(0, 3, 8000);
    expect(proportionalAmountFen(l, 1, { amountFen: 8000, quantity: 3 })).toBe(2666);
    expect(proportionalAmountFen(l, 2, { amountFen: 5334, quantity: 2 })).toBe(5334);
    expect(proportionalAmountFen(l, 0, { amountFen: 8000, quantity: 3 })).toBe(0);
  });
});

describe('out_refund_no namespace', () => {
  it('tells after-sales from stray payment refunds, and both from anything else', () => {
    const id = 's0123456789abcdef01234567';
    expect(afterSaleRefundNo(id)).toBe('as0123456789abcdef01234567');
    expect(parseRefundNo(afterSaleRefundNo(id))).toEqual({ kind: 'afterSale', afterSaleId: id });
    expect(parseRefundNo(strayRefundNo('o0123456789abcdef01234567'))).toEqual({
      kind: 'stray',
      orderId: 'o0123456789abcdef01234567',
    });
    // An order id starting with `a` is still a stray refund.
    expect(parseRefundNo(strayRefundNo('as0123456789abcdef01234567'))).toEqual({
      kind: 'stray',
      orderId: 'as0123456789abcdef01234567',
    });
    expect(parseRefundNo('R6001')).toEqual({ kind: 'unknown' });
    expect(parseRefundNo('a')).toEqual({ kind: 'unknown' });
    expect(parseRefundNo('-stray')).toEqual({ kind: 'unknown' });
    expect(afterSaleRefundNo(id).length).toBeLessThanOrEqual(64);
  });

  it('reads the refund notification in every spelling', () => {
    expect(RefundNotification.parse({ outRefundNo: 'aX', refundFee: 1 })).toEqual({ outRefundNo: 'aX' });
    expect(RefundNotification.parse({ out_refund_no: 'aX' })).toEqual({ outRefundNo: 'aX' });
    expect(RefundNotification.parse({ reqInfo: { outRefundNo: 'aX' } })).toEqual({ outRefundNo: 'aX' });
    expect(RefundNotification.safeParse({ refundFee: 1 }).success).toBe(false);
  });

  it('the request contract refuses what the rules cannot express', () => {
    const base = {
      orderId: 'o1',
      kind: 'refundOnly',
      reason: '不想要了',
      idempotencyKey: 'key-00001',
      lines: [{ lineIndex: 0, quantity: 0, amountFen: 1 }],
    };
    expect(RequestInput.safeParse(base).success).toBe(true);
    expect(RequestInput.safeParse({ ...base, kind: 'returnAndRefund' }).success).toBe(false);
    expect(RequestInput.safeParse({ ...base, lines: [...base.lines, ...base.lines] }).success).toBe(false);
    expect(RequestInput.safeParse({ ...base, lines: [{ lineIndex: 0, quantity: 0, amountFen: 0 }] }).success).toBe(
      false,
    );
    expect(RequestInput.safeParse({ ...base, reason: ' ' }).success).toBe(false);
    expect(RequestInput.safeParse({ ...base, idempotencyKey: 'short' }).success).toBe(false);
    expect(RequestInput.safeParse({ ...base, buyerId: 'x' }).success).toBe(false);
  });
});
