/**
 * Who may start what (docs/platform.md, "Who calls a function"): every timer answers only its
 * timer trigger and the two payment callbacks only the payment platform; everyone else, a
 * CloudBase web user included, is refused before any read or write, in the function's usual
 * answer shape (a Result for timers, `{ errcode: 403 }` for callbacks). The diagnostics are
 * strict too: systemCheck writes for the console and admins only, and whoami takes no input.
 */
import { join } from 'node:path';
import { COLLECTIONS } from '@shared/collections';
import { listFunctionNames, readFunctionConfig } from '../../scripts/functions';
import { FUNCTIONS_SOURCE_DIR } from '../../scripts/paths';
import { useEmulator } from '../helpers/emulator';

const TIMERS = listFunctionNames(FUNCTIONS_SOURCE_DIR).filter((name) =>
  readFunctionConfig(join(FUNCTIONS_SOURCE_DIR, name)).triggers.some((trigger) => trigger.type === 'timer'),
);

/**
 * Callers that are not the platform's trigger: a shopper in the mini-program, a CloudBase web
 * user (no OPENID; the SOURCE of a web or HTTP call), a caller claiming nothing, another function,
 * a server script, DevTools.
 */
const STRANGERS = [
  { label: 'a mini-program user', openid: 'oSHOPPER', source: 'wx_client' },
  { label: 'a CloudBase web user', openid: '', source: 'wx_http' },
  { label: 'a caller of unknown source', openid: '', source: 'wx_unknown' },
  { label: 'a caller without source', openid: '', source: '' },
  { label: 'another function', openid: '', source: 'wx_client,scf' },
  { label: 'a server script', openid: '', source: 'scf' },
  { label: 'DevTools', openid: '', source: 'wx_devtools' },
];

describe('trigger sources and strict diagnostics', () => {
  const f = useEmulator({ runScheduler: false, timers: [] });
  const dump = (): string =>
    JSON.stringify(COLLECTIONS.map((collection) => f.emu.emulator.store.scan(collection.name)));

  beforeEach(() => f.emu.reset());

  it('lists the timers it checks', () => {
    expect(TIMERS.length).toBeGreaterThanOrEqual(10);
    expect(TIMERS).toEqual(
      expect.arrayContaining([
        'sweepRefunds',
        'reconcilePayments',
        'watchOperations',
        'uploadShipping',
        'closeGroups',
        'expirePoints',
        'computeTeamBonus',
      ]),
    );
  });

  it.each(TIMERS)(
    '%s answers FORBIDDEN to everyone but its timer trigger, reading and writing nothing',
    async (name) => {
      const before = dump();
      for (const stranger of STRANGERS) {
        const { result, invocation } = await f.emu.call(name, {}, { openid: stranger.openid, source: stranger.source });
        expect([stranger.label, result]).toEqual([
          stranger.label,
          { ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } },
        ]);
        expect([stranger.label, invocation.roundTrips.total]).toEqual([stranger.label, 0]);
      }
      expect(dump()).toBe(before);
    },
  );

  it.each(['onPayCallback', 'onRefundCallback'])(
    '%s answers 403 to everyone but the payment platform, reading and writing nothing',
    async (name) => {
      const before = dump();
      for (const stranger of [...STRANGERS, { label: 'a timer', openid: '', source: 'wx_trigger' }]) {
        const event = { outTradeNo: 'o-1', outRefundNo: 'a-1', resultCode: 'SUCCESS', transactionId: 't-1' };
        const { result, invocation } = await f.emu.call(name, event, {
          openid: stranger.openid,
          source: stranger.source,
        });
        expect([stranger.label, (result as { errcode: number }).errcode]).toEqual([stranger.label, 403]);
        expect([stranger.label, invocation.roundTrips.total]).toEqual([stranger.label, 0]);
      }
      expect(dump()).toBe(before);
    },
  );

  it('systemCheck writes only for a caller without a user or an admin, and refuses unknown fields', async () => {
    const heartbeat = () => f.emu.emulator.store.scan('system').find((doc) => doc._id === 'heartbeat');
    const shopper = await f.emu.call('systemCheck', { note: 'hi' }, { openid: 'oSHOPPER' });
    expect(shopper.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const unknown = await f.emu.call('systemCheck', { note: 'hi', write: true }, { openid: '', source: 'wx_devtools' });
    expect(unknown.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(heartbeat()).toBeUndefined();

    const console = await f.emu.call('systemCheck', { note: 'deploy' }, { openid: '', source: 'wx_devtools' });
    expect(console.result).toMatchObject({ ok: true, data: { note: 'deploy', heartbeatCount: 1 } });
    f.emu.insert('admins', [{ _id: 'oADMIN', addedBy: 'setup', addedAt: new Date(), note: '' }]);
    const admin = await f.emu.call('systemCheck', {}, { openid: 'oADMIN' });
    expect(admin.result).toMatchObject({
      ok: true,
      data: { heartbeatCount: 2, callee: { openid: 'oADMIN', source: 'wx_client,scf' } },
    });
  });

  it('whoami answers the identity and refuses any input field', async () => {
    expect((await f.emu.call('whoami', {}, { openid: 'oSHOPPER' })).result).toMatchObject({
      ok: true,
      data: { openid: 'oSHOPPER', source: 'wx_client' },
    });
    expect((await f.emu.call('whoami', { openid: 'oSOMEONE' }, { openid: 'oSHOPPER' })).result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });
});
