/**
 * Invariant 7 of docs/rules.md section 8 under random sequences of binds, distributor status changes and policy
 * changes: every ancestors chain is acyclic, at most 3 long, and consistent with referrerId
 * (ancestors[0] is the referrer and the rest is the referrer's own chain).
 */
import fc from 'fast-check';
import type { Rules } from '@shared/rules';
import type { DistributorStatus, UserDocument } from '@shared/users';
import { useEmulator } from '../helpers/emulator';
import { seedRules, seedUsers } from '../helpers/referrals';

const PEOPLE = ['o0', 'o1', 'o2', 'o3', 'o4', 'o5'];
const VALID_ANSWERS = new Set([
  'bound',
  'unchanged',
  'ALREADY_BOUND',
  'CYCLE',
  'SELF_BINDING',
  'REFERRER_NOT_DISTRIBUTOR',
  'NOT_NEW_CUSTOMER',
]);

type Command =
  | { kind: 'bind'; caller: number; referrer: number }
  | { kind: 'status'; user: number; status: DistributorStatus }
  | { kind: 'duration'; duration: Rules['binding']['duration'] };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('bind' as const),
      caller: fc.nat(PEOPLE.length - 1),
      referrer: fc.nat(PEOPLE.length - 1),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('status' as const),
      user: fc.nat(PEOPLE.length - 1),
      status: fc.constantFrom<DistributorStatus>('none', 'approved', 'disabled', 'exited'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('duration' as const),
      duration: fc.constantFrom<Rules['binding']['duration']>(
        { kind: 'permanent' },
        { kind: 'lastClick' },
        { kind: 'days', days: 1 },
      ),
    }),
  },
);

function checkChains(users: UserDocument[]): void {
  const byId = new Map(users.map((user) => [user._id, user]));
  for (const user of users) {
    const { ancestors, referrerId } = user;
    expect(ancestors.length).toBeLessThanOrEqual(3);
    expect(new Set(ancestors).size).toBe(ancestors.length);
    expect(ancestors).not.toContain(user._id);
    if (referrerId === null) {
      expect(ancestors).toEqual([]);
      continue;
    }
    const referrer = byId.get(referrerId) as UserDocument;
    expect(ancestors).toEqual([referrerId, ...referrer.ancestors].slice(0, 3));
  }
}

describe('ancestor chains (invariant 7 of docs/rules.md section 8)', () => {
  // No timers: the property moves the clock by half days, which is not what it is about.
  const f = useEmulator({ timers: [] });

  it('stay acyclic, at most 3 long and consistent with referrerId after any sequence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 14 }), async (commands) => {
        f.emu.reset();
        let rules = seedRules(f.emu, {
          recruitment: 'everyone',
          binding: { scope: 'all', duration: { kind: 'lastClick' } },
        });
        const users = seedUsers(
          f.emu,
          PEOPLE.map((id) => ({ id })),
        );
        for (const step of commands) {
          if (step.kind === 'bind') {
            const { result } = await f.emu.call(
              'bindReferrer',
              { shareCode: users[step.referrer]?.shareCode },
              { openid: PEOPLE[step.caller] as string },
            );
            const answer = result as { ok: boolean; data?: { status: string }; error?: { code: string } };
            expect(
              VALID_ANSWERS.has(answer.ok ? (answer.data?.status as string) : (answer.error?.code as string)),
            ).toBe(true);
          } else if (step.kind === 'status') {
            await f.db
              .collection('users')
              .doc(PEOPLE[step.user] as string)
              .update({ data: { distributor: { status: step.status } } });
          } else {
            rules = seedRules(
              f.emu,
              { recruitment: 'everyone', binding: { scope: 'all', duration: step.duration } },
              rules.version + 1,
            );
            // Let days:1 bindings lapse now and then.
            await f.emu.advanceClock(12 * 3_600_000);
          }
          checkChains(f.emu.emulator.store.scan('users') as unknown as UserDocument[]);
        }
      }),
      { numRuns: 100 },
    );
  });
});
