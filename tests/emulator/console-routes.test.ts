/**
 * The control routes behind the console, over plain HTTP: a collection queried with a filter,
 * the invocation log with its input and console output (kept even when the function times out),
 * filtered and with timer firings counted apart, the fault kinds and the bytes of stored files.
 */
import { TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import { Stats } from '../../emulator/src/stats';
import { useEmulator } from '../helpers/emulator';

describe('console control routes', () => {
  const f = useEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR, timers: ['hourlyTick'] });
  const api = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> => {
    const response = await fetch(`${f.emu.url}/_emulator${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: await response.json() };
  };

  beforeEach(() => f.emu.reset());

  it('queries a collection with an EJSON filter, a sort and a page, counting every match', async () => {
    f.emu.insert(
      'categories',
      [1, 2, 3, 4].map((n) => ({ _id: `c${n}`, n, at: new Date(Date.UTC(2026, 0, n)) })),
    );
    const { status, json } = await api('POST', '/collections/categories/query', {
      filter: { at: { $gte: { $date: '2026-01-02T00:00:00Z' } } },
      sort: { n: -1 },
      offset: 1,
      limit: 1,
    });
    expect(status).toBe(200);
    expect(json).toEqual({ total: 3, documents: [{ _id: 'c3', n: 3, at: { $date: '2026-01-03T00:00:00Z' } }] });
    expect((await api('POST', '/collections/categories/query', {})).json.total).toBe(4);

    const bad = await api('POST', '/collections/categories/query', { filter: { n: { $bogus: 1 } } });
    expect(bad).toEqual({
      status: 400,
      json: { error: { code: 'DATABASE_REQUEST_FAILED', message: expect.stringContaining('$bogus') } },
    });
    expect((await api('POST', '/collections/categories/query', { limit: 0 })).status).toBe(400);
    expect((await api('POST', '/collections/nothing/query', {})).status).toBe(404);
  });

  it("keeps an invocation's input and console output, also when it times out", async () => {
    const { invocation } = await f.emu.call('logger', { message: 'late', ms: 10_000 }, { openid: 'oSlow' });
    expect(invocation.status).toBe('error');
    expect(JSON.parse(invocation.input ?? '')).toEqual({
      message: 'late',
      ms: 10_000,
      userInfo: { appId: 'wxemulatorappid', openId: 'oSlow' },
    });
    expect(invocation.logs.map((line) => [line.level, line.text.split('\n')[0]])).toEqual([
      ['log', 'logger log { n: 1 }'],
      ['info', 'logger info'],
      ['warn', 'logger warn'],
      ['error', 'Error: late'],
    ]);
    const { json } = await api('GET', `/stats/invocations/${invocation.id}`);
    expect(json.logs).toHaveLength(4);
  });

  it('lists invocations by function, user and origin, newest first, with timer firings per function', async () => {
    await f.emu.call('probe', { mode: 'identity' }, { openid: 'oA' });
    await f.emu.call('probe', { mode: 'identity' }, { openid: 'oB' });
    await f.emu.call('shopOrder', { orderId: 'ORDER-R-1', amountFen: 100 }, { openid: 'oA' });
    await f.emu.advanceClock(2 * 3_600_000);

    const byUser = await api('GET', '/stats/invocations?openid=oA&origin=calls');
    expect(byUser.json.invocations.map((i: { function: string }) => i.function)).toEqual(['shopOrder', 'probe']);
    const byFunction = await api('GET', '/stats/invocations?function=probe&limit=1');
    expect(byFunction.json).toMatchObject({ total: 2, invocations: [{ function: 'probe', openid: 'oB' }] });
    const timers = await api('GET', '/stats/invocations?origin=timers');
    expect(timers.json.total).toBe(2);
    expect(timers.json.timerGroups).toEqual([
      {
        function: 'hourlyTick',
        count: 2,
        failures: 0,
        totalDurationMs: expect.any(Number),
        lastStartedAt: expect.any(Number),
      },
    ]);
    expect((await api('GET', '/stats/invocations?origin=everything')).status).toBe(400);
  });

  it('keeps user calls when thousands of timer firings pass, and counts the dropped firings', () => {
    const stats = new Stats();
    const run = (id: number, source: string, openid: string | null): void => {
      const record = stats.startInvocation(
        {
          id: `emu-${id.toString(16).padStart(8, '0')}`,
          function: source === 'wx_trigger' ? 'tick' : 'shop',
          openid,
          source,
          startedAt: id,
        },
        `token-${id}`,
      );
      stats.finishInvocation(record, `token-${id}`, { resultJson: 'null' }, 1);
    };
    run(1, 'wx_client', 'oUser');
    for (let id = 2; id < 3_002; id += 1) run(id, 'wx_trigger', null);
    run(3_002, 'wx_client', 'oUser');
    expect(stats.list({ origin: 'calls' }).invocations.map((i) => i.id)).toEqual(['emu-00000bba', 'emu-00000001']);
    expect(stats.list({ origin: 'timers' }).total).toBe(2_000);
    expect(stats.timerGroups()).toEqual([expect.objectContaining({ function: 'tick', count: 3_000 })]);
    const all = stats.snapshot().invocations;
    expect(all[0]?.id).toBe('emu-00000001');
    expect(all.at(-1)?.id).toBe('emu-00000bba');
  });

  it('lists the fault kinds the rules accept', async () => {
    const { json } = await api('GET', '/faults/kinds');
    expect(json.kinds.map((kind: { kind: string }) => kind.kind)).toEqual([
      'fail',
      'delay',
      'loseResponse',
      'killInstance',
      'pause',
    ]);
    for (const { kind } of json.kinds as Array<{ kind: string }>) {
      const added = await api('POST', '/faults', { kind, function: 'probe', delayMs: 1 });
      expect(added.status).toBe(200);
    }
  });

  it("answers a stored file's bytes without a signed link", async () => {
    const bytes = Buffer.from('hello, storage');
    const uploaded = await f.emu.call('storageDemo', {
      mode: 'upload',
      cloudPath: 'notes/a b.txt',
      base64: bytes.toString('base64'),
    });
    expect(uploaded.result).toMatchObject({ ok: true });
    const response = await fetch(`${f.emu.url}/_emulator/files/notes/a%20b.txt`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
    expect((await fetch(`${f.emu.url}/_emulator/files/notes/missing.txt`)).status).toBe(404);
    expect((await fetch(`${f.emu.url}/_emulator/files/notes/..%2Fsecret`)).status).toBe(400);
  });
});
