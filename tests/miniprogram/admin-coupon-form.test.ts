/**
 * The coupon form's own checks (admin/coupon/form.ts) agree with SaveCouponInput, the contract
 * the admin function parses with: what the form sends, the contract accepts unchanged; what the
 * form refuses, the contract refuses when given the same values converted loosely. Random forms
 * (fast-check) mix valid and invalid values of every field. An edited coupon loads back into the
 * form it was saved from.
 */
import fc from 'fast-check';
import { chinaDayRange, chinaMidnight } from '@shared/chinaTime';
import { SaveCouponInput } from '@shared/contracts/adminCoupons';

type Form = Record<string, any>;
type Checked = { input: Record<string, unknown> } | { errors: Record<string, string> };

const { checkCouponForm, formFromCoupon, newCouponForm } = require('../../miniprogram/admin/coupon/form') as {
  checkCouponForm(form: Form): Checked;
  formFromCoupon(view: unknown): Form;
  newCouponForm(now?: number): Form;
};

const fen = (text: string) => (/^\d+(\.\d{1,2})?$/.test(text.trim()) ? Math.round(Number(text.trim()) * 100) : NaN);
const integer = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN);
const bp = (text: string) => (/^\d(\.\d{1,3})?$/.test(text.trim()) ? Math.round(Number(text.trim()) * 1000) : NaN);

function looseTerms(form: Form): unknown {
  if (form.kind === 'discount') return { kind: 'discount', payRateBp: bp(form.payRate), maxOffFen: fen(form.maxOff) };
  if (form.kind === 'noThreshold') return { kind: 'noThreshold', offFen: fen(form.off) };
  return { kind: 'threshold', thresholdFen: fen(form.threshold), offFen: fen(form.off) };
}

function looseScope(form: Form): unknown {
  if (form.scopeKind === 'shop') return { kind: 'shop' };
  if (form.scopeKind === 'categories') return { kind: 'categories', categoryIds: form.categoryIds };
  const productIds = [...new Set((form.productIds as string).split(/[\s,，]+/).filter(Boolean))];
  return { kind: 'products', productIds };
}

/** The contract's verdict on the form's values, converted the way a lenient client would. */
function contractAccepts(form: Form): boolean {
  const validity =
    form.validityKind === 'afterClaim'
      ? { kind: 'afterClaim', days: integer(form.days) }
      : {
          kind: 'fixed',
          from: chinaMidnight(form.fromDay).toISOString(),
          to: chinaDayRange(form.toDay).to.toISOString(),
        };
  return SaveCouponInput.safeParse({
    mode: form.mode,
    couponId: form.couponId,
    name: form.name,
    terms: looseTerms(form),
    scope: looseScope(form),
    validity,
    totalQuantity: integer(form.totalQuantity),
    perUserLimit: integer(form.perUserLimit),
    exclusiveShareCode: form.exclusiveShareCode.trim() || null,
    commission: form.commission,
  }).success;
}

/** Mostly valid values, sometimes invalid ones, so that both verdicts come up often. */
function mostly<T>(valid: T[], invalid: T[]): fc.Arbitrary<T> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...valid) },
    { weight: 1, arbitrary: fc.constantFrom(...invalid) },
  );
}

const amount = mostly(['0.01', '20', '100', '99.99', '1000000'], ['0', '1000000.01', '12.345', '-1', 'abc', '']);
const formArb = fc.record({
  mode: fc.constantFrom('create', 'update'),
  couponId: mostly(['cp-m2x1', 'c1'], ['', 'bad id', 'x'.repeat(41)]),
  name: mostly(['满100减20', '  茶叶券  '], ['', '   ', 'x'.repeat(31)]),
  kind: fc.constantFrom('threshold', 'discount', 'noThreshold'),
  threshold: amount,
  off: amount,
  maxOff: amount,
  payRate: mostly(['8.5', '0.001', '9.999', '8.55'], ['0', '10', '8.5555', 'x', '']),
  scopeKind: fc.constantFrom('shop', 'categories', 'products'),
  categoryIds: mostly([['cat-tea'], ['cat-tea', 'cat-snack']], [[]]),
  productIds: mostly(['p1', 'p1, p2，p3', 'p1 p1'], ['', '  ']),
  validityKind: fc.constantFrom('fixed', 'afterClaim'),
  fromDay: fc.constantFrom('2026-03-01', '2026-03-31'),
  toDay: mostly(['2026-03-31'], ['2026-03-01', '2026-02-28']),
  days: mostly(['1', '7', '365'], ['366', '0', '1.5', '']),
  totalQuantity: mostly(['1', '500', '1000000'], ['1000001', '0', '-3', '']),
  perUserLimit: mostly(['1', '100'], ['101', '0', '']),
  exclusiveShareCode: mostly(['', 'ABCD2345', 'abcd2345'], ['ABCD', 'ABCD234O']),
  commission: fc.boolean(),
});

describe('admin/coupon/form against SaveCouponInput', () => {
  it('sends only what the contract accepts unchanged, and refuses only what it refuses', () => {
    const verdicts = { sent: 0, refused: 0 };
    fc.assert(
      fc.property(formArb, (form) => {
        const checked = checkCouponForm(form);
        expect('input' in checked).toBe(contractAccepts(form));
        if ('input' in checked) expect(SaveCouponInput.parse(checked.input)).toEqual(checked.input);
        verdicts['input' in checked ? 'sent' : 'refused'] += 1;
      }),
      { numRuns: 500 },
    );
    // Both verdicts were reached often enough to mean something.
    expect(verdicts.sent).toBeGreaterThan(20);
    expect(verdicts.refused).toBeGreaterThan(20);
  });

  it('loads a saved coupon back into the form it came from', () => {
    const form = {
      ...newCouponForm(Date.parse('2026-03-10T02:00:00Z')),
      name: '茶叶 8.5 折',
      kind: 'discount',
      payRate: '8.5',
      maxOff: '50',
      scopeKind: 'categories',
      categoryIds: ['cat-tea'],
      validityKind: 'fixed',
      fromDay: '2026-03-01',
      toDay: '2026-03-31',
      exclusiveShareCode: 'ABCD2345',
    };
    const checked = checkCouponForm(form);
    if (!('input' in checked)) throw new Error(JSON.stringify(checked.errors));
    const input = checked.input as Record<string, any>;
    const view = {
      couponId: input.couponId,
      name: input.name,
      kind: 'discount',
      thresholdFen: 0,
      offFen: 0,
      payRateBp: 8500,
      maxOffFen: 5000,
      headline: '8.5折',
      condition: '最高减¥50.00',
      scope: { kind: 'categories', ids: ['cat-tea'] },
      validity: { kind: 'fixed', from: input.validity.from, to: input.validity.to, days: null },
      totalQuantity: 100,
      claimedCount: 0,
      perUserLimit: 1,
      exclusive: { distributorId: 'oD', shareCode: 'ABCD2345', nickname: '小红' },
      commission: true,
      status: 'active',
      createdAt: '2026-03-10T02:00:00.000Z',
      updatedAt: '2026-03-10T02:00:00.000Z',
    };
    expect(formFromCoupon(view)).toMatchObject({
      mode: 'update',
      kind: 'discount',
      payRate: '8.5',
      maxOff: '50',
      categoryIds: ['cat-tea'],
      fromDay: '2026-03-01',
      toDay: '2026-03-31',
      exclusiveShareCode: 'ABCD2345',
    });
  });
});
