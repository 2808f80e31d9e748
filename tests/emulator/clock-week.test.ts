/**
 * A week of virtual time with every timer of the shop enabled, on the demo store: every slot of
 * every timer fires (about 13,900 invocations), none is skipped, and the firings are timer
 * invocations (source wx_trigger) in the statistics. The test checks counts, never the time it took.
 */
import { DEMO_STORE } from '../../scripts/seed';
import { cronSlotCount } from '../helpers/timerSlots';
import { useEmulator } from '../helpers/emulator';

const WEEK_MS = 7 * 86_400_000;

describe('a 7-day clock advance with all timers', () => {
  // The base clock stands still, so the week is exactly 7 days of slots.
  const frozen = { now: () => Date.parse('2025-03-03T01:00:30Z') };
  const f = useEmulator({
    clock: frozen,
    runScheduler: false,
    timers: 'all',
    onEmpty: (emulator) => {
      for (const [collection, docs] of Object.entries(DEMO_STORE)) emulator.insert(collection, docs);
    },
  });

  it('fires every slot of every timer', async () => {
    const startMs = f.emu.emulator.options.clock.now();
    const response = await fetch(`${f.emu.url}/_emulator/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: WEEK_MS }),
    });
    const answer = (await response.json()) as {
      fired: unknown[];
      summary: { fired: number; coalesced: number; skipped: number; byJob: Record<string, { fired: number }> };
    };
    const timers = f.emu.emulator.timers.list();
    expect(timers.map((timer) => timer.function).sort()).toEqual([
      'autoConfirmOrders',
      'closeGroups',
      'closeUnpaidOrders',
      'computeShopTotals',
      'computeTeamBonus',
      'expirePoints',
      'reconcilePayments',
      'releaseCommissions',
      'sweepRefunds',
      'sweepSettlements',
      'syncWithdrawals',
      'upgradeGrades',
      'uploadShipping',
      'watchOperations',
    ]);
    const history = f.emu.emulator.timers.history();
    let total = 0;
    for (const timer of timers) {
      const slots = cronSlotCount(timer.cron, startMs, startMs + WEEK_MS);
      total += slots;
      expect({
        timer: timer.function,
        fired: answer.summary.byJob[`timer ${timer.function}/${timer.trigger}`]?.fired,
      }).toEqual({
        timer: timer.function,
        fired: slots,
      });
      const firings = history.filter((firing) => firing.function === timer.function);
      expect(firings).toHaveLength(slots);
      expect(new Set(firings.map((firing) => firing.dueAt)).size).toBe(slots);
      expect(firings.filter((firing) => !firing.ok)).toEqual([]);
    }
    expect(total).toBeGreaterThan(14_000);
    expect(answer.summary).toMatchObject({ fired: total, coalesced: 0, skipped: 0 });
    expect(answer.fired).toHaveLength(100);
    // The statistics keep the latest invocations: all of them timer firings, recognisable by their source.
    const { invocations } = f.emu.emulator.stats.snapshot();
    expect(invocations.length).toBeGreaterThan(1000);
    expect(invocations.every((invocation) => invocation.source === 'wx_trigger' && invocation.openid === null)).toBe(
      true,
    );
  }, 600_000);

  it('coalesces quiet slots only when asked, and says so', async () => {
    const answer = (await (
      await fetch(`${f.emu.url}/_emulator/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceMs: 86_400_000, coalesce: true }),
      })
    ).json()) as { summary: { fired: number; coalesced: number; skipped: number } };
    expect(answer.summary.skipped).toBe(0);
    expect(answer.summary.coalesced).toBeGreaterThan(0);
    // Every slot is accounted for: fired or coalesced (1,440 minutes + 288 × 2 + 144 × 3 + 48 × 4 + 24 + 1 + 1 + 1).
    expect(answer.summary.fired + answer.summary.coalesced).toBe(
      1440 + 288 + 288 + 144 + 144 + 144 + 48 + 48 + 48 + 48 + 24 + 1 + 1 + 1,
    );
  });
});
