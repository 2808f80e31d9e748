import { startEmulatorProcess, waitForExit, type EmulatorProcess } from '../helpers/process';

/** The control plane as `npm start` serves it: a real emulator process, plain HTTP. */
describe('control plane of the emulator process', () => {
  let emu: EmulatorProcess;
  const api = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> => {
    const response = await fetch(`${emu.url}/_emulator${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: await response.json() };
  };

  beforeAll(async () => {
    emu = await startEmulatorProcess(['--port', '0', '--in-memory']);
  });
  afterAll(async () => {
    emu.child.kill('SIGTERM');
    await waitForExit(emu.child);
  });

  it('prints where things are and seeds the demo store into empty storage', async () => {
    expect(emu.output()).toContain('/_emulator/health');
    expect(emu.output()).toContain('seeded with the demo store');
    const { json } = await api('GET', '/collections/products/documents');
    expect(json.total).toBeGreaterThanOrEqual(4);
    expect(json.documents[0]).toMatchObject({ _id: 'p-longjing', minPriceFen: 12800, onSale: true });
    const skus = await api('GET', '/collections/skus/documents');
    expect(skus.json.documents[0]).toMatchObject({
      _id: 'p-longjing-250',
      productId: 'p-longjing',
      priceFen: 12800,
      stock: 50,
    });
  });

  it('invokes a function as a chosen user and returns its result with the invocation stats', async () => {
    const { status, json } = await api('POST', '/functions/whoami', { openid: 'oCTL', data: {} });
    expect(status).toBe(200);
    expect(json.result).toEqual({ ok: true, data: { openid: 'oCTL', appid: 'wxemulatorappid', source: 'wx_client' } });
    expect(json.invocation).toMatchObject({ function: 'whoami', status: 'ok', roundTrips: { total: 0 } });
    const byId = await api('GET', `/stats/invocations/${json.invocation.id}`);
    expect(byId.json.function).toBe('whoami');
  });

  it('answers an unknown function with 404 and a platform error', async () => {
    const { status, json } = await api('POST', '/functions/nope', { openid: 'o1' });
    expect(status).toBe(404);
    expect(json.error.code).toBe('FUNCTIONS_EXECUTE_FAIL');
  });

  it('reads and writes documents for inspection and seeding, with EJSON dates', async () => {
    await api('POST', '/collections/system/documents', {
      documents: [{ _id: 'd1', at: { $date: '2026-01-02T03:04:05.000Z' }, n: 1 }],
    });
    await api('PUT', '/collections/system/documents/d2', { document: { n: 2 } });
    let listed = await api('GET', '/collections/system/documents');
    expect(listed.json.documents).toEqual([
      { _id: 'd1', at: { $date: '2026-01-02T03:04:05Z' }, n: 1 },
      { _id: 'd2', n: 2 },
    ]);
    await api('DELETE', '/collections/system/documents/d1');
    listed = await api('GET', '/collections/system/documents');
    expect(listed.json.total).toBe(1);
    const missing = await api('POST', '/collections/nope/documents', { documents: [{}] });
    expect(missing).toMatchObject({ status: 404, json: { error: { code: 'DATABASE_COLLECTION_NOT_EXIST' } } });
  });

  it('counts requests per wire action and resets everything', async () => {
    await api('POST', '/functions/systemCheck', { source: 'wx_devtools', data: {} });
    const { json } = await api('GET', '/stats');
    expect(json.actions['database.startTransaction']).toBeGreaterThanOrEqual(1);
    expect(json.actions['functions.invokeFunction']).toBeGreaterThanOrEqual(1);
    await api('POST', '/reset');
    const after = await api('GET', '/collections');
    expect(after.json.collections.every((c: { count: number }) => c.count === 0)).toBe(true);
    expect((await api('GET', '/stats')).json.invocations).toEqual([]);
  });
});
