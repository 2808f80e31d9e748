/**
 * Claims under concurrency, against the emulator: 300 shoppers at once on a coupon with 100 left
 * get exactly 100 claims and the count ends at 100, never above; one shopper's concurrent claims
 * stop at the per-user limit, and the units their refused claims took are given back.
 */
import { useEmulator } from '../helpers/emulator';
import { claimsOf, couponDoc, seedCoupon } from '../helpers/coupons';
import { seedRules } from '../helpers/referrals';

type Answer = { ok: boolean; error?: { code: string } };

describe('coupon claims under concurrency', () => {
  const f = useEmulator({ maxInstancesPerFunction: 16 });
  const claim = async (openid: string, couponId: string): Promise<Answer> =>
    (await f.emu.call('coupon', { $url: 'claim', couponId, source: 'center' }, { openid })).result as Answer;

  beforeEach(() => {
    f.emu.reset();
    seedRules(f.emu);
  });

  it('300 shoppers at once on 100 left: exactly 100 claims, claimedCount at the total, never above', async () => {
    seedCoupon(f.emu, { _id: 'hot', totalQuantity: 150, claimedCount: 50 });
    const shoppers = Array.from({ length: 300 }, (_, i) => `oShopper${i}`);
    // The count is watched while the burst runs: it must never pass the total.
    let highest = 0;
    let running = true;
    const watch = (async () => {
      while (running) {
        highest = Math.max(highest, couponDoc(f.emu, 'hot')?.claimedCount ?? 0);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    const answers = await Promise.all(shoppers.map((openid) => claim(openid, 'hot')));
    running = false;
    await watch;
    expect(answers.filter((answer) => answer.ok)).toHaveLength(100);
    const refusals = new Set(answers.filter((answer) => !answer.ok).map((answer) => answer.error?.code));
    expect([...refusals]).toEqual(['COUPON_SOLD_OUT']);
    expect(couponDoc(f.emu, 'hot')?.claimedCount).toBe(150);
    expect(highest).toBeLessThanOrEqual(150);
    const claims = claimsOf(f.emu, 'hot');
    expect(claims).toHaveLength(100);
    expect(new Set(claims.map((row) => row.userId)).size).toBe(100);
  });

  it('one shopper’s 20 concurrent claims with a limit of 3: exactly 3, and the count agrees', async () => {
    seedCoupon(f.emu, { _id: 'limited', perUserLimit: 3, totalQuantity: 1000 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => claim('oGreedy', 'limited')));
    expect(answers.filter((answer) => answer.ok)).toHaveLength(3);
    expect(new Set(answers.filter((answer) => !answer.ok).map((answer) => answer.error?.code))).toEqual(
      new Set(['COUPON_LIMIT_REACHED']),
    );
    expect(
      claimsOf(f.emu, 'limited')
        .map((row) => row._id)
        .sort(),
    ).toEqual(['limited_oGreedy_1', 'limited_oGreedy_2', 'limited_oGreedy_3']);
    expect(couponDoc(f.emu, 'limited')?.claimedCount).toBe(3);
    // A retry after the burst (the shopper lost an answer) claims nothing more.
    expect((await claim('oGreedy', 'limited')).error?.code).toBe('COUPON_LIMIT_REACHED');
    expect(couponDoc(f.emu, 'limited')?.claimedCount).toBe(3);
  });
});
