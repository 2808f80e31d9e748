/**
 * The pure activity rules the catalog and the merchant's pages share: the state shown
 * (未开始/进行中/已暂停/已结束), which 限时折扣 prices a SKU (lowest price; ties: earliest start,
 * then id; only live ones), the 满减 covering a product in the checkout's order, and tier labels.
 */
import {
  activityState,
  discountPricesBySku,
  reductionsCovering,
  tierLabel,
  type ActivityDocument,
} from '@shared/activities';

const NOW = new Date('2026-03-15T04:00:00Z');
const at = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000);

function timed(id: string, priceFen: number, fields: Partial<ActivityDocument> = {}): ActivityDocument {
  return {
    _id: id,
    name: id,
    kind: 'timedDiscount',
    startAt: at(-2),
    endAt: at(2),
    status: 'active',
    commission: true,
    createdAt: at(-3),
    updatedAt: at(-3),
    skus: [{ skuId: 's1', productId: 'p1', priceFen }],
    ...fields,
  } as ActivityDocument;
}

describe('activityState', () => {
  it.each([
    [{ status: 'active', startAt: at(1), endAt: at(2) }, 'upcoming'],
    [{ status: 'active', startAt: at(-1), endAt: at(2) }, 'running'],
    [{ status: 'paused', startAt: at(-1), endAt: at(2) }, 'paused'],
    [{ status: 'ended', startAt: at(-1), endAt: at(2) }, 'ended'],
    [{ status: 'active', startAt: at(-2), endAt: NOW }, 'ended'],
    [{ status: 'paused', startAt: at(-2), endAt: at(-1) }, 'ended'],
  ] as const)('%o is %s', (activity, state) => {
    expect(activityState(activity, NOW)).toBe(state);
  });
});

describe('discountPricesBySku', () => {
  it('takes the lowest live price; ties go to the earliest start, then the smaller id', () => {
    const prices = discountPricesBySku(
      [
        timed('b', 800),
        timed('a', 800, { startAt: at(-1) }),
        timed('c', 800),
        timed('cheap-paused', 100, { status: 'paused' }),
        timed('cheap-later', 100, { startAt: at(1) }),
        timed('cheap-over', 100, { endAt: NOW }),
      ],
      NOW,
    );
    expect(prices.get('s1')).toMatchObject({ activityId: 'b', priceFen: 800 });
    expect(discountPricesBySku([timed('x', 900), timed('y', 700)], NOW).get('s1')?.activityId).toBe('y');
    expect(discountPricesBySku([timed('x', 900, { status: 'ended' })], NOW).size).toBe(0);
  });
});

describe('reductionsCovering', () => {
  it('lists the live 满减 whose scope covers the product, earliest start first', () => {
    const reduction = (id: string, scope: object, startHours: number) =>
      ({
        ...timed(id, 0),
        kind: 'fullReduction',
        scope,
        startAt: at(startHours),
        tiers: [{ thresholdFen: 100, offFen: 10 }],
      }) as unknown as ActivityDocument;
    const covering = reductionsCovering(
      [
        reduction('shop', { kind: 'shop' }, -1),
        reduction('tea', { kind: 'categories', categoryIds: ['cat-tea'] }, -2),
        reduction('nuts', { kind: 'categories', categoryIds: ['cat-nuts'] }, -2),
        reduction('p1', { kind: 'products', productIds: ['p1'] }, -1.5),
        reduction('later', { kind: 'shop' }, 1),
        timed('discount', 1),
      ],
      { productId: 'p1', categoryId: 'cat-tea' },
      NOW,
    );
    expect(covering.map((activity) => activity._id)).toEqual(['tea', 'p1', 'shop']);
  });
});

describe('tierLabel', () => {
  it.each([
    [19900, 2000, '满199减20'],
    [29950, 4000, '满299.5减40'],
    [9999, 1, '满99.99减0.01'],
  ])('%i / %i reads %s', (thresholdFen, offFen, label) => {
    expect(tierLabel({ thresholdFen, offFen })).toBe(label);
  });
});
