/**
 * catalog.detail's commission hint (分享预计赚): a caller who may earn commission gets, per SKU,
 * the level-1 commission on one unit as placeOrder would attribute it (grade rate or the SKU's
 * own commission, capped), and the range over the SKUs; everyone else gets the public page
 * unchanged. Still one database round trip, and nothing written (not even default rules).
 */
import fc from 'fast-check';
import { COLLECTIONS } from '@shared/collections';
import { applyRateFloor } from '@shared/money';
import { DEFAULT_RULES } from '@shared/rules';
import { commissionEstimates } from '../../cloudfunctions/catalog/estimate';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';
import { seedProduct } from '../helpers/orders';
import { seedRules, seedUsers } from '../helpers/referrals';

type Answer = { ok: boolean; data?: any; error?: any };

function dump(f: EmulatorFixture): Record<string, unknown[]> {
  return Object.fromEntries(
    COLLECTIONS.map((collection) => [collection.name, f.emu.emulator.store.scan(collection.name)]),
  );
}

describe('catalog.detail: commission estimate', () => {
  const f = useEmulator();
  const detail = async (openid: string | null, productId = 'p1') => {
    const response = await f.emu.call('catalog', { $url: 'detail', productId }, openid === null ? {} : { openid });
    if (response.error) throw new Error(response.error.message);
    return { result: response.result as Answer, invocation: response.invocation };
  };

  beforeEach(() => {
    f.emu.reset();
    seedProduct(f.emu, { _id: 'p1', name: '普洱' }, [
      { _id: 'p1-small', priceFen: 6999, stock: 5 },
      { _id: 'p1-big', priceFen: 19900, stock: 0 },
      { _id: 'p1-fixed', priceFen: 30000, stock: 5, commission: { mode: 'fixed', fixedFenPerUnit: [300] } },
      { _id: 'p1-greedy', priceFen: 10000, stock: 5, commission: { mode: 'percent', ratesBp: [5000] } },
      { _id: 'p1-off', priceFen: 100, stock: 5, onSale: false },
    ]);
    seedProduct(f.emu, { _id: 'p2', commission: { mode: 'none' } }, [{ _id: 'p2-a', priceFen: 5000, stock: 1 }]);
    seedUsers(f.emu, [
      { id: 'oDIST', status: 'approved' },
      { id: 'oSHOPPER', status: 'none' },
      { id: 'oPENDING', status: 'pending' },
      { id: 'oDISABLED', status: 'disabled' },
    ]);
  });

  it('gives an approved distributor the level-1 estimate per SKU and the range, in one round trip, writing nothing', async () => {
    const before = dump(f);
    const { result, invocation } = await detail('oDIST');
    expect(result.ok).toBe(true);
    const estimates = Object.fromEntries(
      result.data.skus.map((sku: { id: string; commissionEstimateFen: number }) => [sku.id, sku.commissionEstimateFen]),
    );
    expect(estimates).toEqual({
      // The default grade's 10% (rules never stored read as the defaults), floored.
      'p1-small': 699,
      'p1-big': 1990,
      // The SKU's own fixed commission per unit.
      'p1-fixed': 300,
      // The SKU's own 50%, held to the 30% cap.
      'p1-greedy': 3000,
    });
    expect(result.data.commissionEstimate).toEqual({ minFen: 300, maxFen: 3000 });
    expect(invocation.roundTrips.database).toBe(1);
    expect(dump(f)).toEqual(before);
  });

  it('follows the stored rules: the distributor grade rate and the cap', async () => {
    seedRules(f.emu, { capBp: 1200 });
    const [dist] = seedUsers(f.emu, [{ id: 'oGOLD', status: 'approved' }]);
    f.emu.emulator.put('users', 'oGOLD', {
      ...dist,
      distributor: { ...dist!.distributor, gradeId: 'gold', gradeSetByAdmin: true },
    } as unknown as Record<string, unknown>);
    const { result } = await detail('oGOLD');
    // gold earns 15% on level 1, but no line pays more than the 12% cap.
    expect(result.data.skus.map((sku: { commissionEstimateFen: number }) => sku.commissionEstimateFen)).toEqual([
      applyRateFloor(6999, 1200),
      applyRateFloor(10000, 1200),
      applyRateFloor(19900, 1200),
      300,
    ]);
  });

  it('answers 0 for a product that pays no commission', async () => {
    const { result } = await detail('oDIST', 'p2');
    expect(result.data.skus).toEqual([
      { id: 'p2-a', spec: 'p2-a', priceFen: 5000, stock: 1, stockCapped: false, commissionEstimateFen: 0 },
    ]);
    expect(result.data.commissionEstimate).toEqual({ minFen: 0, maxFen: 0 });
  });

  it.each([['oSHOPPER'], ['oPENDING'], ['oDISABLED'], ['oUNKNOWN'], [null]])(
    'gives %s no estimate at all',
    async (openid) => {
      const { result, invocation } = await detail(openid);
      expect(result.ok).toBe(true);
      expect(result.data).not.toHaveProperty('commissionEstimate');
      for (const sku of result.data.skus) expect(sku).not.toHaveProperty('commissionEstimateFen');
      expect(invocation.roundTrips.database).toBe(1);
    },
  );

  it('gives every user an estimate when everyone may earn (recruitment "everyone")', async () => {
    seedRules(f.emu, { recruitment: 'everyone' });
    expect((await detail('oSHOPPER')).result.data.commissionEstimate).toEqual({ minFen: 300, maxFen: 3000 });
    expect((await detail('oDISABLED')).result.data).not.toHaveProperty('commissionEstimate');
  });
});

describe('commissionEstimates (pure)', () => {
  const distributor = {
    _id: 'oD',
    distributor: { status: 'approved' as const, gradeId: null, gradeSetByAdmin: false, since: null },
  };

  it('is floor(price x rate) for a rate, never above the cap, and never negative', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (priceFen, rateBp, capBp) => {
          const rules = { ...DEFAULT_RULES, capBp };
          const estimate = commissionEstimates(distributor, rules, { mode: 'percent', ratesBp: [rateBp] }, [
            { _id: 's', priceFen, commission: null },
          ]);
          const expected = Math.min(applyRateFloor(priceFen, rateBp), applyRateFloor(priceFen, capBp));
          expect(estimate?.bySku.get('s')).toBe(expected);
          expect(estimate).toMatchObject({ minFen: expected, maxFen: expected });
        },
      ),
    );
  });

  it('is undefined without SKUs or for a non-distributor', () => {
    expect(commissionEstimates(distributor, DEFAULT_RULES, { mode: 'default' }, [])).toBeUndefined();
    expect(
      commissionEstimates(
        { ...distributor, distributor: { ...distributor.distributor, status: 'none' } },
        DEFAULT_RULES,
        { mode: 'default' },
        [{ _id: 's', priceFen: 100, commission: null }],
      ),
    ).toBeUndefined();
    expect(
      commissionEstimates(null, DEFAULT_RULES, { mode: 'default' }, [{ _id: 's', priceFen: 100, commission: null }]),
    ).toBeUndefined();
  });
});
