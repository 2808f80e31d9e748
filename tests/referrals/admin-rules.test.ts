/**
 * The admin function's rules routes: getRules, updateRules (compare-and-set on the version,
 * history first, replays, the race, a crash between the two writes), rulesHistory and
 * rulesLimits.
 */
import { COLLECTIONS } from '@shared/collections';
import { ADMIN_CONTRACTS, type RulesView } from '@shared/contracts/admin';
import type { Result } from '@shared/result';
import { DEFAULT_RULES, MAX_LEVELS, RulesInput, type Rules } from '@shared/rules';
import { rulesLimits } from '@shared/rulesLimits';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';

const ADMIN = 'oADMIN';
const OTHER_ADMIN = 'oADMIN2';

function dump(f: EmulatorFixture): Record<string, unknown[]> {
  return Object.fromEntries(
    COLLECTIONS.map((collection) => [collection.name, f.emu.emulator.store.scan(collection.name)]),
  );
}

const history = (f: EmulatorFixture): Array<Record<string, unknown>> =>
  f.emu.emulator.store.scan('rulesHistory').sort((a, b) => (a.version as number) - (b.version as number));
const current = (f: EmulatorFixture): Record<string, unknown> | undefined =>
  f.emu.emulator.store.scan('rules').find((doc) => doc._id === 'current');

/** The rule fields of a stored document. */
function rulesOf(doc: Record<string, unknown> | undefined): Rules {
  const keys = Object.keys(RulesInput.shape);
  return Object.fromEntries(keys.map((key) => [key, doc?.[key]])) as Rules;
}

/** Distinct valid rule sets: the defaults with another cap. */
const withCap = (capBp: number): Rules => ({ ...DEFAULT_RULES, capBp });

describe('admin rules routes', () => {
  const f = useEmulator();
  const call = async (route: string, input: object = {}, openid = ADMIN) => {
    const response = await f.emu.call('admin', { $url: route, ...input }, { openid });
    if (response.error)
      return { result: null as unknown as Result<any>, error: response.error, invocation: response.invocation };
    return { result: response.result as Result<any>, error: null, invocation: response.invocation };
  };
  const update = (expectedVersion: number, rules: Rules, openid = ADMIN) =>
    call('updateRules', { expectedVersion, rules }, openid);

  beforeEach(() => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
    const addedAt = new Date(f.emu.emulator.options.clock.now());
    f.emu.insert('admins', [
      { _id: ADMIN, addedBy: 'setup', addedAt, note: '' },
      { _id: OTHER_ADMIN, addedBy: ADMIN, addedAt, note: '' },
    ]);
  });

  describe('getRules', () => {
    it('stores the defaults as version 1 (with its history) on the first read, then only reads', async () => {
      const { result } = await call('getRules');
      const view = ADMIN_CONTRACTS.getRules.output.parse(result.ok && result.data);
      expect(view).toMatchObject({ version: 1, updatedBy: 'system', rules: DEFAULT_RULES });
      expect(history(f).map((doc) => doc._id)).toEqual(['v1']);
      const before = dump(f);
      const again = await call('getRules');
      expect(again.result).toEqual(result);
      expect(again.invocation.roundTrips.byAction).toEqual({ 'database.getDocument': 2 });
      expect(dump(f)).toEqual(before);
    });
  });

  describe('updateRules', () => {
    it('stores version N+1 in the history first and as current, keeping every earlier version', async () => {
      const { result } = await update(1, withCap(2000));
      const data = ADMIN_CONTRACTS.updateRules.output.parse(result.ok && result.data);
      expect(data).toMatchObject({
        status: 'updated',
        current: { version: 2, updatedBy: ADMIN, rules: withCap(2000) },
      });
      expect(current(f)).toMatchObject({ version: 2, updatedBy: ADMIN, capBp: 2000 });
      expect(history(f).map((doc) => [doc._id, doc.version, doc.capBp])).toEqual([
        ['v1', 1, DEFAULT_RULES.capBp],
        ['v2', 2, 2000],
      ]);
      expect((await call('getRules')).result).toMatchObject({ ok: true, data: { version: 2, rules: withCap(2000) } });
    });

    it('in a new shop: the first save stores version 1 and 2; a refused one stores nothing', async () => {
      const before = dump(f);
      expect((await update(2, withCap(2000))).result).toMatchObject({ ok: false, error: { code: 'VERSION_CONFLICT' } });
      expect(dump(f)).toEqual(before);
      expect((await update(1, withCap(2000))).result).toMatchObject({
        ok: true,
        data: { status: 'updated', current: { version: 2 } },
      });
      expect(history(f).map((doc) => [doc._id, doc.updatedBy, doc.capBp])).toEqual([
        ['v1', 'system', DEFAULT_RULES.capBp],
        ['v2', ADMIN, 2000],
      ]);
    });

    it('replaces arrays and objects whole: fewer grades, fewer levels, another binding', async () => {
      const smaller: Rules = RulesInput.parse({
        ...DEFAULT_RULES,
        levels: 1,
        grades: [{ id: 'only', name: '唯一等级', rank: 0, ratesBp: [800] }],
        defaultGradeId: 'only',
        binding: { scope: 'newCustomersOnly', duration: { kind: 'days', days: 30 } },
      });
      expect((await update(1, smaller)).result).toMatchObject({ ok: true, data: { status: 'updated' } });
      expect(rulesOf(current(f))).toEqual(smaller);
      const back = RulesInput.parse({ ...DEFAULT_RULES, binding: { scope: 'all', duration: { kind: 'permanent' } } });
      expect((await update(2, back)).result).toMatchObject({ ok: true, data: { status: 'updated' } });
      expect(rulesOf(current(f))).toEqual(back);
      expect(current(f)?.binding).toEqual({ scope: 'all', duration: { kind: 'permanent' } });
    });

    it('refuses more than 3 levels with the schema message and writes nothing', async () => {
      await call('getRules');
      const before = dump(f);
      const fourLevels = {
        ...DEFAULT_RULES,
        levels: 4,
        grades: DEFAULT_RULES.grades.map((grade) => ({ ...grade, ratesBp: [100, 100, 100, 100] })),
      };
      const { result } = await call('updateRules', { expectedVersion: 1, rules: fourLevels });
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(result.ok === false && result.error.message).toContain(
        `at most ${MAX_LEVELS} commission levels are allowed`,
      );
      expect(dump(f)).toEqual(before);
    });

    it.each([
      ['rates that do not match the levels', { ...DEFAULT_RULES, levels: 3 }, 'give exactly 3 rate(s)'],
      [
        'an unknown default grade',
        { ...DEFAULT_RULES, defaultGradeId: 'platinum' },
        'defaultGradeId must be one of the grades',
      ],
      ['a rate above 100%', { ...DEFAULT_RULES, capBp: 10_001 }, 'capBp'],
      ['an unknown field', { ...DEFAULT_RULES, payToJoin: true }, 'payToJoin'],
    ])('refuses %s (INVALID_INPUT) and writes nothing', async (_label, rules, message) => {
      await call('getRules');
      const before = dump(f);
      const { result } = await call('updateRules', { expectedVersion: 1, rules });
      expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      expect(result.ok === false && result.error.message).toContain(message);
      expect(dump(f)).toEqual(before);
    });

    it('refuses a stale expectedVersion with VERSION_CONFLICT and writes nothing', async () => {
      await update(1, withCap(2000));
      const before = dump(f);
      for (const stale of [1, 3, 7]) {
        const { result } = await update(stale, withCap(2500), OTHER_ADMIN);
        expect(result).toMatchObject({ ok: false, error: { code: 'VERSION_CONFLICT' } });
      }
      expect(dump(f)).toEqual(before);
    });

    it('a replay of a save that went through returns the stored result and writes nothing', async () => {
      const first = await update(1, withCap(2000));
      const before = dump(f);
      const replay = await update(1, withCap(2000));
      expect(replay.result).toEqual({
        ok: true,
        data: { ...(first.result.ok && first.result.data), status: 'replayed' },
      });
      expect(dump(f)).toEqual(before);
      // Still a replay after another admin saved version 3 on top.
      await update(2, withCap(2500), OTHER_ADMIN);
      expect((await update(1, withCap(2000))).result).toMatchObject({
        ok: true,
        data: { status: 'replayed', current: { version: 2 } },
      });
      // The same version with other content is a conflict, not a replay.
      expect((await update(1, withCap(1900))).result).toMatchObject({ ok: false, error: { code: 'VERSION_CONFLICT' } });
    });

    it('saving exactly the current rules answers unchanged and creates no version', async () => {
      await call('getRules');
      const before = dump(f);
      const { result } = await update(1, DEFAULT_RULES);
      expect(result).toMatchObject({ ok: true, data: { status: 'unchanged', current: { version: 1 } } });
      expect(dump(f)).toEqual(before);
    });

    it('two admins saving from the same version at once: exactly one wins, the other gets VERSION_CONFLICT (20 rounds)', async () => {
      for (let round = 0; round < 20; round += 1) {
        f.emu.reset();
        f.emu.insert('admins', [
          { _id: ADMIN, addedBy: 'setup', addedAt: new Date(), note: '' },
          { _id: OTHER_ADMIN, addedBy: ADMIN, addedAt: new Date(), note: '' },
        ]);
        await call('getRules');
        const [a, b] = await Promise.all([update(1, withCap(2000), ADMIN), update(1, withCap(2500), OTHER_ADMIN)]);
        const results = [a.result, b.result];
        const winners = results.filter((result) => result.ok);
        expect(winners).toHaveLength(1);
        expect(results.filter((result) => !result.ok)).toEqual([
          expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'VERSION_CONFLICT' }) }),
        ]);
        const won = (winners[0] as { ok: true; data: { current: RulesView } }).data.current;
        expect(current(f)).toMatchObject({ version: 2, capBp: won.rules.capBp, updatedBy: won.updatedBy });
        expect(history(f).map((doc) => [doc._id, doc.capBp])).toEqual([
          ['v1', DEFAULT_RULES.capBp],
          ['v2', won.rules.capBp],
        ]);
      }
    });

    it('five admins saving at once from version 1: one version 2, four conflicts', async () => {
      await call('getRules');
      const outcomes = await Promise.all([2000, 2100, 2200, 2300, 2400].map((cap) => update(1, withCap(cap))));
      expect(outcomes.filter((outcome) => outcome.result.ok)).toHaveLength(1);
      expect(
        outcomes.filter((outcome) => !outcome.result.ok && outcome.result.error.code === 'VERSION_CONFLICT'),
      ).toHaveLength(4);
      expect(history(f)).toHaveLength(2);
      expect(rulesOf(current(f))).toEqual(rulesOf(history(f)[1]));
    });

    it('a crash between the history write and the current write is completed by the retry', async () => {
      await call('getRules');
      // The conditional update of rules/current fails once: the function dies after writing history v2.
      f.emu.injectFault({ action: 'database.modifyDocument', function: 'admin', kind: 'fail', times: 1 });
      const crashed = await update(1, withCap(2000));
      expect(crashed.error).toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL' });
      expect(history(f).map((doc) => doc._id)).toEqual(['v1', 'v2']);
      expect(current(f)).toMatchObject({ version: 1 });
      const retry = await update(1, withCap(2000));
      expect(retry.result).toMatchObject({
        ok: true,
        data: { status: 'updated', current: { version: 2, rules: withCap(2000) } },
      });
      expect(current(f)).toMatchObject({ version: 2, capBp: 2000 });
      expect(rulesOf(current(f))).toEqual(rulesOf(history(f)[1]));
    });

    it('a stranded history version is rolled forward by the next save from its base, which gets VERSION_CONFLICT', async () => {
      await call('getRules');
      f.emu.injectFault({ action: 'database.modifyDocument', function: 'admin', kind: 'fail', times: 1 });
      await update(1, withCap(2000));
      const other = await update(1, withCap(2500), OTHER_ADMIN);
      expect(other.result).toMatchObject({ ok: false, error: { code: 'VERSION_CONFLICT' } });
      // The stranded save became current rather than being lost or blocking every later save.
      expect(current(f)).toMatchObject({ version: 2, capBp: 2000, updatedBy: ADMIN });
      expect((await update(2, withCap(2500), OTHER_ADMIN)).result).toMatchObject({
        ok: true,
        data: { status: 'updated', current: { version: 3 } },
      });
    });
  });

  describe('rulesHistory', () => {
    it('keeps every version, newest first, in pages', async () => {
      const caps = [2000, 2100, 2200, 2300, 2400];
      for (const [index, cap] of caps.entries()) {
        expect((await update(index + 1, withCap(cap), index % 2 ? OTHER_ADMIN : ADMIN)).result.ok).toBe(true);
      }
      const seen: RulesView[] = [];
      let offset: number | null = 0;
      while (offset !== null) {
        const { result } = await call('rulesHistory', { limit: 2, offset });
        const page = ADMIN_CONTRACTS.rulesHistory.output.parse(result.ok && result.data);
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items);
        offset = page.nextOffset;
      }
      expect(seen.map((view) => view.version)).toEqual([6, 5, 4, 3, 2, 1]);
      expect(seen.map((view) => view.rules.capBp)).toEqual([2400, 2300, 2200, 2100, 2000, DEFAULT_RULES.capBp]);
      expect(seen.map((view) => view.updatedBy)).toEqual([ADMIN, OTHER_ADMIN, ADMIN, OTHER_ADMIN, ADMIN, 'system']);
      // Every stored version is exactly what was saved, and the newest is the current one.
      expect(rulesOf(current(f))).toEqual(seen[0]?.rules);
    });

    it('shows version 1 in a new shop', async () => {
      const { result } = await call('rulesHistory');
      expect(result).toMatchObject({
        ok: true,
        data: { items: [{ version: 1, updatedBy: 'system' }], nextOffset: null },
      });
    });
  });

  describe('rulesLimits', () => {
    it('answers the limits derived from the schema, with the defaults', async () => {
      const { result, invocation } = await call('rulesLimits');
      const limits = ADMIN_CONTRACTS.rulesLimits.output.parse(result.ok && result.data);
      expect(limits).toEqual(JSON.parse(JSON.stringify(rulesLimits())));
      expect(invocation.roundTrips.byAction).toEqual({ 'database.getDocument': 1 });
      expect(limits).toMatchObject({
        maxLevels: 3,
        levels: { min: 1, max: 3 },
        rateBp: { min: 0, max: 10_000 },
        amountFen: { min: 0, max: 10_000_000_000 },
        grades: { count: { min: 1, max: 10 } },
        options: {
          recruitment: ['everyone', 'apply', 'designated'],
          bindingDuration: ['permanent', 'days', 'lastClick'],
          withdrawReview: ['manual', 'autoBelow'],
        },
        defaults: DEFAULT_RULES,
      });
    });

    it('every bound it shows is exactly where the schema starts refusing', () => {
      const limits = rulesLimits();
      const accepts = (changes: Record<string, unknown>): boolean =>
        RulesInput.safeParse({ ...DEFAULT_RULES, ...changes }).success;
      const ratesFor = (levels: number) =>
        DEFAULT_RULES.grades.map((grade) => ({ ...grade, ratesBp: Array.from({ length: levels }, () => 100) }));
      expect(accepts({ levels: limits.levels.max, grades: ratesFor(limits.levels.max) })).toBe(true);
      expect(accepts({ levels: limits.levels.max + 1, grades: ratesFor(limits.levels.max + 1) })).toBe(false);
      expect(accepts({ levels: limits.levels.min, grades: ratesFor(limits.levels.min) })).toBe(true);
      expect(accepts({ levels: limits.levels.min - 1, grades: ratesFor(0) })).toBe(false);
      expect(accepts({ capBp: limits.rateBp.max })).toBe(true);
      expect(accepts({ capBp: limits.rateBp.max + 1 })).toBe(false);
      expect(accepts({ capBp: limits.rateBp.min - 1 })).toBe(false);
      const withdraw = { ...DEFAULT_RULES.withdraw, minAmountFen: 0 };
      expect(accepts({ withdraw: { ...withdraw, maxAmountFen: limits.amountFen.max } })).toBe(true);
      expect(accepts({ withdraw: { ...withdraw, maxAmountFen: limits.amountFen.max + 1 } })).toBe(false);
      expect(accepts({ withdraw: { ...withdraw, maxPerDay: limits.withdrawMaxPerDay.max } })).toBe(true);
      expect(accepts({ withdraw: { ...withdraw, maxPerDay: limits.withdrawMaxPerDay.max + 1 } })).toBe(false);
      for (const field of ['returnWindowDays', 'autoConfirmDays', 'unpaidTimeoutMinutes'] as const) {
        expect(accepts({ [field]: limits[field].max })).toBe(true);
        expect(accepts({ [field]: limits[field].max + 1 })).toBe(false);
        expect(accepts({ [field]: limits[field].min })).toBe(true);
        expect(accepts({ [field]: limits[field].min - 1 })).toBe(false);
      }
      const days = (n: number) => ({ binding: { scope: 'all', duration: { kind: 'days', days: n } } });
      expect(accepts(days(limits.bindingDays.max))).toBe(true);
      expect(accepts(days(limits.bindingDays.max + 1))).toBe(false);
      const grades = (count: number) =>
        Array.from({ length: count }, (_, i) => ({ id: `g${i}`, name: `G${i}`, rank: i, ratesBp: [100, 50] }));
      expect(accepts({ grades: grades(limits.grades.count.max), defaultGradeId: 'g0' })).toBe(true);
      expect(accepts({ grades: grades(limits.grades.count.max + 1), defaultGradeId: 'g0' })).toBe(false);
      expect(new RegExp(limits.grades.idPattern).test('gold_2')).toBe(true);
      expect(new RegExp(limits.grades.idPattern).test('Gold')).toBe(false);
    });
  });
});
