/**
 * systemCheck: proves a deployment end to end. It counts itself in a transaction (database and
 * transactions work), then calls whoami with cloud.callFunction (function-to-function calls and
 * identity propagation work). Merchants run it after a deploy; tests run it against the emulator.
 */
import { callFunction, db, parseEvent } from '../_lib/cloud';
import { SystemCheckInput, type SystemCheckOutput, type WhoamiOutput } from '../../shared/contracts/system';
import { fail, ok, type Result } from '../../shared/result';

const HEARTBEAT_ID = 'heartbeat';

/** Increments the heartbeat counter atomically and returns its new value. */
async function beat(): Promise<number> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the SDK types the callback as any
  return db.runTransaction(async (transaction: any) => {
    const heartbeat = transaction.collection('system').doc(HEARTBEAT_ID);
    const { data } = await heartbeat.get();
    const count = (typeof data?.count === 'number' ? data.count : 0) + 1;
    await heartbeat.set({ data: { count, lastBeatAt: db.serverDate() } });
    return count;
  });
}

export async function main(event: unknown): Promise<Result<SystemCheckOutput>> {
  const input = parseEvent(SystemCheckInput, event);
  if (!input.ok) return input;
  const heartbeatCount = await beat();
  const callee = await callFunction<Result<WhoamiOutput>>('whoami', {});
  if (!callee.ok) return fail('CALLEE_FAILED', callee.error.message);
  return ok({ note: input.data.note ?? null, heartbeatCount, callee: callee.data });
}
