/**
 * The rewards core (cloudfunctions/_lib/rewards.ts, docs/ledger.md "Rewards"): a reward is granted
 * once whatever retries, released through the releaseCommissions timer when due, voided before
 * its release or clawed back after it, and every account stays the sum of its entries with an
 * intact hash chain; a release racing a void moves the reward once.
 */
import type { ReleaseCommissionsOutput } from '@shared/contracts/timers';
import type { AccountDocument, LedgerEntry } from '@shared/ledger';
import type { Result } from '@shared/result';
import { inviteRewardId, teamBonusRewardId, type RewardDocument, type RewardGrant } from '@shared/rewards';
import { useEmulator } from '../helpers/emulator';
import {
  checkAccounts,
  checkConservation,
  checkCrossBalances,
  checkLedgerChains,
  checkShares,
  snapshotOf,
} from '../helpers/invariants';

const HOUR_MS = 3_600_000;

describe('rewards core', () => {
  const f = useEmulator({ timers: [] });
  const scan = <T>(collection: string): T[] => f.emu.emulator.store.scan(collection) as unknown as T[];
  const account = (userId: string): AccountDocument | undefined =>
    scan<AccountDocument>('accounts').find((doc) => doc._id === userId);
  const reward = (id: string): RewardDocument | undefined =>
    scan<RewardDocument>('rewards').find((doc) => doc._id === id);
  const entriesOf = (rewardId: string): LedgerEntry[] =>
    scan<LedgerEntry>('ledgerEntries').filter((entry) => entry.ref.rewardId === rewardId);
  const now = (): Date => new Date(f.emu.emulator.options.clock.now());
  const lib = () => import('../../cloudfunctions/_lib/rewards');

  /** Every ledger invariant that concerns accounts, over the whole store. */
  function ledgerProblems(): string[] {
    const snapshot = snapshotOf(f.emu.emulator.store);
    return [
      ...checkAccounts(snapshot),
      ...checkConservation(snapshot),
      ...checkShares(snapshot),
      ...checkCrossBalances(snapshot),
      ...checkLedgerChains(snapshot),
    ];
  }

  function grantOf(id: string, userId: string, amountFen: number, releaseAt: Date | null): RewardGrant {
    return {
      _id: id,
      kind: 'teamBonus',
      beneficiaryId: userId,
      amountFen,
      releaseAt,
      orderId: null,
      period: '202611',
      explanation: [{ kind: 'amount', text: `奖励 ${amountFen} 分`, amountFen }],
    };
  }

  async function release(): Promise<ReleaseCommissionsOutput> {
    const response = await f.emu.runTimer('releaseCommissions', {});
    expect(response.error).toBeUndefined();
    const result = response.result as Result<ReleaseCommissionsOutput>;
    if (!result.ok) throw new Error(`releaseCommissions refused: ${result.error.code}`);
    return result.data;
  }

  it('ids are deterministic from the cause', () => {
    expect(teamBonusRewardId('oA', '202611')).toBe('tb:oA:202611');
    expect(inviteRewardId('oInvitee1')).toBe('ir:oInvitee1');
  });

  it('grants once: a second grant, and two at once, answer the first one; the account is created', async () => {
    const { grantReward } = await lib();
    const first = await grantReward(grantOf('tb:oA:202611', 'oA', 1_200, null), now());
    const again = await grantReward(grantOf('tb:oA:202611', 'oA', 9_999, null), now());
    expect(first).toMatchObject({ created: true, reward: { status: 'frozen', amountFen: 1_200 } });
    expect(again).toMatchObject({ created: false, reward: { amountFen: 1_200 } });
    const racing = await Promise.all([1, 2, 3].map(() => grantReward(grantOf('tb:oB:202611', 'oB', 500, null), now())));
    expect(racing.filter((outcome) => typeof outcome === 'object' && outcome.created)).toHaveLength(1);
    expect(account('oA')).toMatchObject({ frozenFen: 1_200, availableFen: 0 });
    expect(account('oB')).toMatchObject({ frozenFen: 500, availableFen: 0 });
    expect(entriesOf('tb:oA:202611').map((entry) => [entry._id, entry.kind, entry.deltas.frozenFen])).toEqual([
      ['reward:tb:oA:202611', 'reward', 1_200],
    ]);
    expect(entriesOf('tb:oB:202611')).toHaveLength(1);
    expect(ledgerProblems()).toEqual([]);
  });

  it('the release timer moves due rewards to available, once, and leaves the others frozen', async () => {
    const { grantReward } = await lib();
    await grantReward(grantOf('tb:oC:202611', 'oC', 800, new Date(now().getTime() - HOUR_MS)), now());
    await grantReward(grantOf('tb:oC:202610', 'oC', 300, new Date(now().getTime() + 24 * HOUR_MS)), now());
    expect(await release()).toMatchObject({ releasedRewards: 1, heldRewards: 0, done: true });
    expect(reward('tb:oC:202611')).toMatchObject({ status: 'released', clawedBackFen: 0 });
    expect(reward('tb:oC:202610')).toMatchObject({ status: 'frozen' });
    expect(account('oC')).toMatchObject({ frozenFen: 300, availableFen: 800 });
    expect(entriesOf('tb:oC:202611').map((entry) => entry._id)).toEqual([
      'reward:tb:oC:202611',
      'rewardRelease:tb:oC:202611',
    ]);
    expect((await release()).releasedRewards).toBe(0);
    expect(ledgerProblems()).toEqual([]);
  });

  it('a reward tied to an order waits while an after-sale request on that order is open', async () => {
    const { grantReward } = await lib();
    const grant = { ...grantOf('ir:oInviteeHeld', 'oH', 600, new Date(now().getTime() - HOUR_MS)), orderId: 'o-held' };
    await grantReward({ ...grant, kind: 'inviteReward', period: null }, now());
    f.emu.insert('afterSales', [{ _id: 'as-held', orderId: 'o-held', status: 'requested', lines: [{ lineIndex: 0 }] }]);
    expect(await release()).toMatchObject({ releasedRewards: 0, heldRewards: 1 });
    expect(reward('ir:oInviteeHeld')).toMatchObject({ status: 'frozen' });
    await f.db
      .collection('afterSales')
      .doc('as-held')
      .update({ data: { status: 'cancelled' } });
    expect(await release()).toMatchObject({ releasedRewards: 1, heldRewards: 0 });
    expect(account('oH')).toMatchObject({ frozenFen: 0, availableFen: 600 });
  });

  it('voids a frozen reward (frozen −) and never releases it; a void of a voided one does nothing', async () => {
    const { grantReward, voidReward, takeBackReward } = await lib();
    await grantReward(grantOf('ir:oInvitee1', 'oD', 1_000, new Date(now().getTime() - HOUR_MS)), now());
    expect(await voidReward('ir:oInvitee1', 'REFUNDED', now())).toEqual({ moved: true });
    expect(await voidReward('ir:oInvitee1', 'REFUNDED', now())).toEqual({ moved: false, found: 'voided' });
    expect(await takeBackReward('ir:oInvitee1', 'REFUNDED', now())).toEqual({ moved: false, found: 'voided' });
    expect((await release()).releasedRewards).toBe(0);
    expect(reward('ir:oInvitee1')).toMatchObject({ status: 'voided', clawedBackFen: 0 });
    expect(reward('ir:oInvitee1')?.history.map((event) => event.event)).toEqual(['granted', 'voided']);
    expect(account('oD')).toMatchObject({ frozenFen: 0, availableFen: 0 });
    expect(entriesOf('ir:oInvitee1').map((entry) => [entry.kind, entry.deltas.frozenFen])).toEqual([
      ['reward', 1_000],
      ['rewardVoid', -1_000],
    ]);
    expect(ledgerProblems()).toEqual([]);
  });

  it('claws a released reward back from available, once; a void of a released one refuses', async () => {
    const { grantReward, voidReward, clawBackReward, takeBackReward, releaseReward } = await lib();
    await grantReward(grantOf('ir:oInvitee2', 'oE', 700, new Date(now().getTime() - HOUR_MS)), now());
    expect(await releaseReward('ir:oInvitee2', now())).toEqual({ moved: true });
    expect(await voidReward('ir:oInvitee2', 'REFUNDED', now())).toEqual({ moved: false, found: 'released' });
    expect(await takeBackReward('ir:oInvitee2', 'REFUNDED', now())).toEqual({ moved: true });
    expect(await clawBackReward('ir:oInvitee2', 'REFUNDED', now())).toEqual({ moved: false, found: 'released' });
    expect(reward('ir:oInvitee2')).toMatchObject({ status: 'released', clawedBackFen: 700 });
    expect(account('oE')).toMatchObject({ frozenFen: 0, availableFen: 0 });
    expect(entriesOf('ir:oInvitee2').map((entry) => [entry.kind, entry.deltas.availableFen])).toEqual([
      ['reward', 0],
      ['rewardRelease', 700],
      ['rewardClawback', -700],
    ]);
    expect(ledgerProblems()).toEqual([]);
  });

  it('a release and a void of the same reward at once: exactly one moves it, and the ledger holds', async () => {
    const { grantReward, voidReward, releaseReward } = await lib();
    // One beneficiary per reward: the race under test is on the reward, not on a shared account.
    const ids = Array.from({ length: 8 }, (_unused, i) => `ir:oRace${i}`);
    for (const id of ids) await grantReward(grantOf(id, `oF${id}`, 100, new Date(now().getTime() - HOUR_MS)), now());
    const outcomes = await Promise.all(
      ids.map((id, i) =>
        Promise.all(
          i % 2 === 0
            ? [releaseReward(id, now()), voidReward(id, 'REFUNDED', now())]
            : [voidReward(id, 'REFUNDED', now()), releaseReward(id, now())],
        ),
      ),
    );
    for (const [i, pair] of outcomes.entries()) {
      const moved = pair.filter((outcome) => typeof outcome === 'object' && outcome.moved);
      expect([ids[i], moved.length]).toEqual([ids[i], 1]);
    }
    const finals = ids.map((id) => reward(id) as RewardDocument);
    const released = finals.filter((doc) => doc.status === 'released').length;
    expect(released + finals.filter((doc) => doc.status === 'voided').length).toBe(ids.length);
    for (const doc of finals)
      expect(account(doc.beneficiaryId)).toMatchObject({
        frozenFen: 0,
        availableFen: doc.status === 'released' ? 100 : 0,
      });
    expect(ledgerProblems()).toEqual([]);
  });

  it('a release run racing voids of the due rewards releases each reward or voids it, never both', async () => {
    const { grantReward, voidReward } = await lib();
    const ids = Array.from({ length: 6 }, (_unused, i) => `ir:oTimerRace${i}`);
    for (const id of ids) await grantReward(grantOf(id, `oG${id}`, 250, new Date(now().getTime() - HOUR_MS)), now());
    const [report, ...voids] = await Promise.all([release(), ...ids.map((id) => voidReward(id, 'REFUNDED', now()))]);
    const voided = voids.filter((outcome) => typeof outcome === 'object' && outcome.moved).length;
    const finals = ids.map((id) => reward(id) as RewardDocument);
    expect(finals.filter((doc) => doc.status === 'voided')).toHaveLength(voided);
    expect(finals.filter((doc) => doc.status === 'released')).toHaveLength(ids.length - voided);
    expect(report.releasedRewards).toBe(ids.length - voided);
    for (const doc of finals)
      expect(account(doc.beneficiaryId)).toMatchObject({
        frozenFen: 0,
        availableFen: doc.status === 'released' ? 250 : 0,
      });
    expect(ledgerProblems()).toEqual([]);
  });
});
