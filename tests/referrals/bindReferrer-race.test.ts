/**
 * One user, two concurrent binds with different codes, 50 times: exactly one binding wins each
 * time, the loser gets a clear reason, and the (derived) team counters agree.
 */
import { useEmulator } from '../helpers/emulator';
import { seedRules, seedUsers, userDoc } from '../helpers/referrals';

describe('bindReferrer under concurrency', () => {
  const f = useEmulator({ maxInstancesPerFunction: 8 });

  it.each([
    ['a new user (both create the user document)', false],
    ['an existing user (both compare-and-set the binding)', true],
  ])('%s: exactly one of two concurrent binds wins, 50 times', async (_label, existing) => {
    f.emu.reset();
    seedRules(f.emu, { recruitment: 'apply' });
    const [a, b] = seedUsers(f.emu, [
      { id: 'oA', status: 'approved' },
      { id: 'oB', status: 'approved' },
    ]);
    const callers = Array.from({ length: 50 }, (_, i) => `oRacer${i}`);
    if (existing)
      seedUsers(
        f.emu,
        callers.map((id) => ({ id })),
      );
    for (const caller of callers) {
      const [first, second] = await Promise.all([
        f.emu.call('bindReferrer', { shareCode: a?.shareCode }, { openid: caller }),
        f.emu.call('bindReferrer', { shareCode: b?.shareCode }, { openid: caller }),
      ]);
      const outcomes = [first.result, second.result] as Array<{
        ok: boolean;
        data?: { status: string };
        error?: { code: string };
      }>;
      const winners = outcomes.filter((outcome) => outcome.ok);
      expect(winners).toHaveLength(1);
      expect(winners[0]?.data?.status).toBe('bound');
      expect(outcomes.find((outcome) => !outcome.ok)?.error?.code).toBe('ALREADY_BOUND');
      const winner = outcomes[0]?.ok ? 'oA' : 'oB';
      expect(await userDoc(f.emu, caller)).toMatchObject({
        referrerId: winner,
        ancestors: [winner],
        bindingVersion: 1,
      });
    }
    // Team counters are counts over the chains: every racer counted once, under its winner.
    const underA = (await f.db.collection('users').where({ 'ancestors.0': 'oA' }).count()) as unknown as {
      total: number;
    };
    const underB = (await f.db.collection('users').where({ 'ancestors.0': 'oB' }).count()) as unknown as {
      total: number;
    };
    expect(underA.total + underB.total).toBe(50);
    expect(f.emu.emulator.store.count('users')).toBe(52);
  });
});
