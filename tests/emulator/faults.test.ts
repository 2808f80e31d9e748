import { TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import { rejection, useEmulator } from '../helpers/emulator';

describe('fault injection', () => {
  const f = useEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR });
  const stock = async (id: string): Promise<number> =>
    ((await f.db.collection('products').doc(id).get()) as unknown as { data: { stock: number } }).data.stock;

  beforeEach(() => f.emu.reset());

  it('loses the response of an update after it committed: the caller sees an error, the document is updated', async () => {
    f.emu.insert('products', [{ _id: 'p1', slug: 'p1', stock: 5 }]);
    f.emu.injectFault({ action: 'database.modifyDocument', kind: 'loseResponse' });
    const error = await rejection(
      f.db
        .collection('products')
        .doc('p1')
        .update({ data: { stock: f.db.command.inc(-1) } }),
    );
    expect(String(error.errMsg ?? error.message)).toMatch(/socket hang up|ECONNRESET/);
    expect(await stock('p1')).toBe(4);
  });

  it('loses the response inside a function: the function fails although its write happened', async () => {
    f.emu.insert('products', [{ _id: 'p2', slug: 'p2', stock: 5 }]);
    f.emu.injectFault({ action: 'database.modifyDocument', function: 'decrementStock', kind: 'loseResponse' });
    const response = await f.emu.call('decrementStock', { productId: 'p2' }, { openid: 'o1' });
    expect(response.error?.code).toBe('FUNCTIONS_EXECUTE_FAIL');
    expect(await stock('p2')).toBe(4);
    // Only the first matching request: the retry goes through.
    expect((await f.emu.call('decrementStock', { productId: 'p2' }, { openid: 'o1' })).result).toEqual({ sold: true });
    expect(await stock('p2')).toBe(3);
  });

  it('fails exactly the nth matching request with the given code, and nothing is written', async () => {
    f.emu.insert('products', [{ _id: 'p3', slug: 'p3', stock: 5 }]);
    f.emu.injectFault({
      action: 'database.modifyDocument',
      kind: 'fail',
      nth: 2,
      code: 'DATABASE_REQUEST_FAILED',
      message: 'injected',
    });
    const update = () =>
      f.db
        .collection('products')
        .doc('p3')
        .update({ data: { stock: f.db.command.inc(-1) } });
    await update();
    const error = await rejection(update());
    expect(error.errCode).toBe(-502001);
    await update();
    expect(await stock('p3')).toBe(3);
  });

  it('delays matching requests', async () => {
    f.emu.injectFault({ action: 'database.calculateDocument', kind: 'delay', delayMs: 300 });
    const started = Date.now();
    await f.db.collection('products').count();
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('kills the instance right after its write committed', async () => {
    f.emu.insert('products', [{ _id: 'p4', slug: 'p4', stock: 5 }]);
    f.emu.injectFault({ action: 'database.modifyDocument', function: 'decrementStock', kind: 'killInstance' });
    const response = await f.emu.call('decrementStock', { productId: 'p4' }, { openid: 'o1' });
    expect(response.error).toEqual({
      code: 'FUNCTIONS_EXECUTE_FAIL',
      message: 'Error: the function instance was killed (fault injected by the emulator)',
    });
    expect(await stock('p4')).toBe(4);
    expect((await f.emu.call('decrementStock', { productId: 'p4' }, { openid: 'o1' })).result).toEqual({ sold: true });
  });

  it('kills an instance a given time into an invocation', async () => {
    f.emu.injectFault({ function: 'probe', kind: 'killInstance', delayMs: 100 });
    const started = Date.now();
    const response = await f.emu.call('probe', { mode: 'sleep', ms: 1500 }, { openid: 'o1' });
    // Killed, not finished (the sleep would answer a result) nor timed out (2 s): the kill came
    // while it slept, and not before its delay. Only lower bounds on elapsed time hold on a busy machine.
    expect(response.error?.message).toContain('killed');
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('loses the response of a callee: cloud.callFunction fails although the callee finished', async () => {
    // The outer call is the first invocation of probe, the callee the second.
    f.emu.injectFault({ function: 'probe', kind: 'loseResponse', nth: 2 });
    const response = await f.emu.call('probe', { mode: 'call', target: 'probe' }, { openid: 'o1' });
    expect(response.error?.message).toContain('callFunction:fail');
    expect(response.error?.message).toContain('the response was lost');
    const invocations = f.emu.emulator.stats
      .snapshot()
      .invocations.filter((invocation) => invocation.function === 'probe');
    expect(invocations.map((invocation) => invocation.status)).toEqual(['error', 'error']);
  });

  it('is settable through the control plane', async () => {
    const post = await fetch(`${f.emu.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'database.getDocument', kind: 'fail', times: 0 }),
    });
    const rule = (await post.json()) as { id: string };
    await expect(f.db.collection('products').get()).rejects.toMatchObject({ errCode: -501001 });
    await expect(f.db.collection('products').get()).rejects.toMatchObject({ errCode: -501001 });
    const listed = (await (await fetch(`${f.emu.url}/_emulator/faults`)).json()) as {
      faults: Array<{ id: string; fired: number }>;
    };
    expect(listed.faults).toEqual([expect.objectContaining({ id: rule.id, fired: 2 })]);
    await fetch(`${f.emu.url}/_emulator/faults/${rule.id}`, { method: 'DELETE' });
    await expect(f.db.collection('products').get()).resolves.toMatchObject({ data: [] });
    const bad = await fetch(`${f.emu.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'killInstance' }),
    });
    expect(bad.status).toBe(400);
  });
});
