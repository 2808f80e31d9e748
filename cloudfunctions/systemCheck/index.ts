/**
 * systemCheck: proves a deployment end to end. It counts itself in a transaction (database and
 * transactions work), then calls whoami with cloud.callFunction (function-to-function calls and
 * identity propagation work). Merchants run it after a deploy; tests run it against the emulator.
 *
 * Who may run it: a caller without a user (the cloud console's test run, DevTools, a server
 * script) or one of the shop's admins (checking identity propagation from the mini-program). Any
 * other mini-program user is answered FORBIDDEN before anything is written: a diagnostic must not
 * be a way for shoppers to make the shop write.
 */
import { callFunction, db } from '../_lib/cloud';
import { getDoc } from '../_lib/db';
import { serveOne, type RouteContext } from '../_lib/router';
import type { RawTransaction } from '../_lib/tx';
import {
  SYSTEM_CHECK_CONTRACT,
  type SystemCheckError,
  type SystemCheckOutput,
  type WhoamiOutput,
} from '@shared/contracts/system';
import { fail, ok, type CommonError, type Result } from '@shared/result';

const HEARTBEAT_ID = 'heartbeat';

/** Increments the heartbeat counter atomically and returns its new value. */
async function beat(): Promise<number> {
  return db.runTransaction(async (transaction: RawTransaction) => {
    const heartbeat = transaction.collection('system').doc(HEARTBEAT_ID);
    const { data } = await heartbeat.get();
    const count = (typeof data?.count === 'number' ? data.count : 0) + 1;
    await heartbeat.set({ data: { count, lastBeatAt: db.serverDate() } });
    return count;
  });
}

async function check(note: string | undefined): Promise<Result<SystemCheckOutput, SystemCheckError>> {
  const heartbeatCount = await beat();
  const callee = await callFunction<Result<WhoamiOutput>>('whoami', {});
  if (!callee.ok) return fail('CALLEE_FAILED', callee.error.message);
  return ok({ note: note ?? null, heartbeatCount, callee: callee.data });
}

/** Refuses mini-program users who are not admins (one read); callers without a user pass. */
async function adminsOnly(context: RouteContext): Promise<Result<never, CommonError> | null> {
  if (context.openid === '' || (await getDoc('admins', context.openid))) return null;
  return fail('FORBIDDEN', "systemCheck is for the console and the shop's admins");
}

// Public: merchants run it from the console after a deploy, without a user.
export const main = serveOne(SYSTEM_CHECK_CONTRACT, (input) => check(input.note), {
  name: 'systemCheck',
  public: true,
  guard: adminsOnly,
});
