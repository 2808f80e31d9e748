/** Seeding helpers for referral tests: users and rules written straight into the emulator. */
import { dayNumber, shareDayId } from '@shared/analytics';
import { DEFAULT_RULES, RulesInput, type Rules, type RulesDocument } from '@shared/rules';
import { newUser, type DistributorStatus, type UserDocument } from '@shared/users';
import type { EmulatorHandle } from '../../emulator/src/index';
import type { EmulatorFixture } from './emulator';

let codeCounter = 0;

/** A deterministic, valid share code for test users (the alphabet has no 0, 1, I, L, O). */
export function testShareCode(): string {
  codeCounter += 1;
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  let n = codeCounter;
  let code = '';
  for (let i = 0; i < 8; i += 1) {
    code = (alphabet[n % alphabet.length] as string) + code;
    n = Math.floor(n / alphabet.length);
  }
  return code;
}

export interface SeedUser {
  id: string;
  status?: DistributorStatus;
  referrerId?: string | null;
  ancestors?: string[];
  hasPaidOrder?: boolean;
  bindingExpiresAt?: Date | null;
  nickname?: string;
}

export function seedUsers(emu: EmulatorHandle, users: SeedUser[]): UserDocument[] {
  const docs = users.map((user) => {
    const doc = newUser(user.id, testShareCode(), new Date(emu.emulator.options.clock.now()));
    doc.nickname = user.nickname ?? user.id;
    doc.distributor.status = user.status ?? 'none';
    doc.referrerId = user.referrerId ?? null;
    doc.ancestors = user.ancestors ?? (user.referrerId ? [user.referrerId] : []);
    doc.boundAt = user.referrerId ? new Date(emu.emulator.options.clock.now()) : null;
    doc.bindingVersion = user.referrerId ? 1 : 0;
    doc.bindingExpiresAt = user.bindingExpiresAt ?? null;
    doc.hasPaidOrder = user.hasPaidOrder ?? false;
    return doc;
  });
  emu.insert('users', docs as unknown as Array<Record<string, unknown>>);
  return docs;
}

/** Stores rules (defaults overridden by `changes`) as the current version. */
export function seedRules(emu: EmulatorHandle, changes: Partial<Rules> = {}, version = 1): RulesDocument {
  const rules = RulesInput.parse({ ...DEFAULT_RULES, ...changes });
  const doc: RulesDocument = {
    _id: 'current',
    ...rules,
    version,
    updatedAt: new Date(emu.emulator.options.clock.now()),
    updatedBy: 'test',
  };
  emu.emulator.put('rules', 'current', doc as unknown as Record<string, unknown>);
  return doc;
}

/**
 * The share visits' document of `sharerId` for today (at 0), as after the day's first visit: a
 * bindReferrer call through their code then costs one increment, the round trip of the usual case.
 */
export function seedShareDay(emu: EmulatorHandle, sharerId: string): void {
  const now = emu.emulator.options.clock.now();
  emu.insert('shareDailyStats', [{ _id: shareDayId(sharerId, now), sharerId, day: dayNumber(now), visits: 0 }]);
}

export async function userDoc(emu: EmulatorHandle, id: string): Promise<UserDocument | null> {
  const docs = emu.emulator.store.scan('users');
  return (docs.find((doc) => doc._id === id) as unknown as UserDocument | undefined) ?? null;
}

/**
 * Runs `call` while `openid`'s binding keeps changing under it: every write bindReferrer sends
 * waits 300 ms, and meanwhile the user's `bindingVersion` moves on every 40 ms, so each of the
 * call's compare-and-set writes finds the binding changed (what BIND_CONFLICT answers). Answers
 * what `call` answered, once the mover has stopped.
 */
export async function whileBindingMoves<T>(
  f: Pick<EmulatorFixture, 'emu' | 'db'>,
  openid: string,
  call: () => Promise<T>,
): Promise<T> {
  f.emu.injectFault({
    action: 'database.modifyDocument',
    function: 'bindReferrer',
    kind: 'delay',
    delayMs: 300,
    times: 0,
  });
  let changing = true;
  const mover = (async () => {
    while (changing) {
      await f.db
        .collection('users')
        .doc(openid)
        .update({ data: { bindingVersion: f.db.command.inc(1) } });
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  })();
  try {
    return await call();
  } finally {
    changing = false;
    await mover;
  }
}
