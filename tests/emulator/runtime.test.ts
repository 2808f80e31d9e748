import { TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import { useEmulator } from '../helpers/emulator';

describe('function runtime: instances, identity, timeouts and errors', () => {
  const f = useEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR, maxInstancesPerFunction: 3 });

  it('gives each invocation its own identity, event userInfo and context', async () => {
    const [a, b] = await Promise.all([
      f.emu.call('probe', { mode: 'identity' }, { openid: 'oA', appid: 'wxA' }),
      f.emu.call('probe', { mode: 'identity' }, { openid: 'oB', appid: 'wxB' }),
    ]);
    expect(a.result).toMatchObject({
      openid: 'oA',
      appid: 'wxA',
      source: 'wx_client',
      event: { mode: 'identity', userInfo: { openId: 'oA', appId: 'wxA' } },
    });
    expect(b.result).toMatchObject({ openid: 'oB', appid: 'wxB', functionName: 'probe', timeLimitMs: 20000 });
  });

  it('propagates the caller identity through cloud.callFunction with source wx_client,scf', async () => {
    const { result } = await f.emu.call('probe', { mode: 'call', target: 'probe' }, { openid: 'oCaller' });
    expect(result).toMatchObject({ openid: 'oCaller', source: 'wx_client,scf' });
  });

  it('keeps module state in warm instances and runs at most the cap in parallel', async () => {
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 9 }, () => f.emu.call('probe', { mode: 'instance', ms: 150 }, { openid: 'o1' })),
    );
    // Three instances serving one invocation at a time need at least three rounds of 150 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    const counters = new Map<string, number[]>();
    for (const { result } of results) {
      const { instanceId, invocationsOfThisInstance } = result as {
        instanceId: string;
        invocationsOfThisInstance: number;
      };
      counters.set(instanceId, [...(counters.get(instanceId) ?? []), invocationsOfThisInstance]);
    }
    expect(counters.size).toBe(3);
    // Module state survives between warm invocations: each instance counted consecutively.
    for (const seen of counters.values()) {
      const sorted = [...seen].sort((x, y) => x - y);
      expect(sorted).toEqual(sorted.map((_, i) => (sorted[0] as number) + i));
    }
  });

  it('enforces the timeout and kills the instance', async () => {
    // noConfig runs with the platform's default timeout of 3 s; probe's is large, so that its
    // other tests pass on a busy machine.
    const response = await f.emu.call('noConfig', { sleepMs: 8000 }, { openid: 'o1' });
    expect(response.error).toEqual({
      code: 'FUNCTIONS_EXECUTE_FAIL',
      message: 'Invoking task timed out after 3 seconds',
    });
    const after = await f.emu.call('noConfig', {}, { openid: 'o1' });
    expect(after.result).toEqual({ timeLimitMs: 3000, memoryLimitMb: 256 });
  });

  it('reports a thrown error with its stack text', async () => {
    const response = await f.emu.call('probe', { mode: 'throw', message: 'boom' }, { openid: 'o1' });
    expect(response.error?.code).toBe('FUNCTIONS_EXECUTE_FAIL');
    expect(response.error?.message).toMatch(/^Error: boom\n\s+at /);
  });

  it('survives an instance that dies mid-invocation', async () => {
    const response = await f.emu.call('probe', { mode: 'crash' }, { openid: 'o1' });
    expect(response.error?.code).toBe('FUNCTIONS_EXECUTE_FAIL');
    expect((await f.emu.call('probe', { mode: 'sleep', ms: 1 })).result).toEqual({ slept: 1 });
  });

  it('fails cloud.callFunction to an unknown function as the platform does', async () => {
    const response = await f.emu.call('probe', { mode: 'call', target: 'nope' }, { openid: 'o1' });
    expect(response.error?.message).toContain('callFunction:fail');
    expect(response.error?.message).toContain('nope');
    const direct = await f.emu.call('nope', {});
    expect(direct.error).toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL' });
  });

  it('lets a timer-style invocation run without a user identity', async () => {
    const { result } = await f.emu.call('probe', { mode: 'identity' }, { source: 'wx_trigger' });
    expect(result).toMatchObject({ openid: '', source: 'wx_trigger' });
  });
});
