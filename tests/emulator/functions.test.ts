import { useEmulator } from '../helpers/emulator';

/** systemCheck answers callers without a user and admins; these tests call it as admins. */
function seedAdmins(f: ReturnType<typeof useEmulator>, ids: readonly string[]): void {
  f.emu.insert(
    'admins',
    ids.map((id) => ({ _id: id, addedBy: 'setup', addedAt: new Date(), note: '' })),
  );
}

describe('function runtime', () => {
  const f = useEmulator();
  beforeAll(() => seedAdmins(f, ['oUSER1', 'oUSER2', 'oUSER3']));

  it('runs systemCheck end to end: transaction, serverDate and callFunction with the caller identity', async () => {
    const first = await f.emu.call('systemCheck', { note: 'hi' }, { openid: 'oUSER1' });
    expect(first.error).toBeUndefined();
    expect(first.result).toEqual({
      ok: true,
      data: {
        note: 'hi',
        heartbeatCount: 1,
        callee: { openid: 'oUSER1', appid: 'wxemulatorappid', source: 'wx_client,scf' },
      },
    });
    const second = await f.emu.call('systemCheck', {}, { openid: 'oUSER2' });
    expect(second.result).toMatchObject({ ok: true, data: { heartbeatCount: 2, callee: { openid: 'oUSER2' } } });
    const { data } = (await f.db.collection('system').doc('heartbeat').get()) as { data: Record<string, unknown> };
    expect(data).toMatchObject({ count: 2 });
    expect(data.lastBeatAt).toBeInstanceOf(Date);
  });

  it('answers bad input with a stable code and writes nothing', async () => {
    const before = await f.db.collection('system').count();
    const response = await f.emu.call('systemCheck', { note: 42 }, { openid: 'oUSER1' });
    expect(response.result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await f.db.collection('system').count()).toEqual(before);
  });

  it('reports the exact round trips of a known call', async () => {
    const { invocation } = await f.emu.call('systemCheck', {}, { openid: 'oUSER3' });
    // the admin check, start, doc get, doc set, commit, then one functions.invokeFunction.
    expect(invocation.roundTrips).toEqual({
      total: 6,
      database: 5,
      byAction: {
        'database.startTransaction': 1,
        'database.getDocument': 2,
        'database.modifyDocument': 1,
        'database.commitTransaction': 1,
        'functions.invokeFunction': 1,
      },
    });
    expect(invocation.status).toBe('ok');
  });
});

describe('latency option', () => {
  const f = useEmulator({ latencyMs: 25 });
  beforeAll(() => seedAdmins(f, ['oLAT']));

  it('adds the configured delay to every database request of an invocation', async () => {
    const { invocation } = await f.emu.call('systemCheck', {}, { openid: 'oLAT' });
    expect(invocation.roundTrips.database).toBe(5);
    expect(invocation.databaseMs).toBeGreaterThanOrEqual(5 * 25 - 1);
  });
});
