import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sdkEnvironment } from '../../emulator/src/index';
import { startEmulatorProcess, waitForExit, type EmulatorProcess } from '../helpers/process';

/** Points this process's wx-server-sdk at an emulator process and returns its database. */
function connect(url: string): ReturnType<typeof import('wx-server-sdk').database> {
  // SILENCE: requests cut off by the kill would otherwise leave the SDK's 3 s slow-request timers running.
  Object.assign(process.env, sdkEnvironment(`${url}/admin`, 'local-env'), { SILENCE: 'true' });
  const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');
  cloud.init({ env: 'local-env' });
  return cloud.database();
}

describe('durable mode', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'emulator-durable-'));
  let running: EmulatorProcess | undefined;

  afterAll(async () => {
    running?.child.kill('SIGKILL');
    if (running) await waitForExit(running.child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged write when the process is SIGKILLed mid-stream', async () => {
    running = await startEmulatorProcess(['--port', '0', '--no-seed', '--data-dir', dataDir]);
    const db = connect(running.url);
    const acknowledged: string[] = [];
    let stop = false;
    // Four writers stream inserts and updates; each records an id only after the SDK returned.
    const writer = async (w: number): Promise<void> => {
      for (let i = 0; !stop; i += 1) {
        const id = `w${w}-${i}`;
        try {
          await db
            .collection('system')
            .add({ data: { _id: id, writer: w, n: i, at: new Date(1_700_000_000_000 + i) } });
          await db
            .collection('system')
            .doc(id)
            .update({ data: { confirmed: true } });
          acknowledged.push(id);
        } catch {
          return; // The process died under this request: it was never acknowledged.
        }
      }
    };
    const writers = [0, 1, 2, 3].map((w) => writer(w));
    while (acknowledged.length < 200) await new Promise((resolve) => setTimeout(resolve, 5));
    running.child.kill('SIGKILL');
    await waitForExit(running.child);
    stop = true;
    await Promise.all(writers);

    running = await startEmulatorProcess(['--port', '0', '--no-seed', '--data-dir', dataDir]);
    const revived = connect(running.url);
    const _ = revived.command;
    for (let start = 0; start < acknowledged.length; start += 100) {
      const ids = acknowledged.slice(start, start + 100);
      const { data } = (await revived
        .collection('system')
        .where({ _id: _.in(ids) })
        .limit(100)
        .get()) as unknown as { data: Array<{ _id: string; confirmed?: boolean; at: Date }> };
      expect(data.map((doc) => doc._id).sort()).toEqual([...ids].sort());
      expect(data.every((doc) => doc.confirmed === true && doc.at instanceof Date)).toBe(true);
    }
    // Start-up compacted the journal into the snapshot.
    expect(readFileSync(join(dataDir, 'journal.ndjson'), 'utf8')).toBe('');
  });

  it('serves the control plane and keeps data across a clean restart', async () => {
    const health = (await (await fetch(`${running?.url}/_emulator/health`)).json()) as { ok: boolean };
    expect(health.ok).toBe(true);
    const before = (await (await fetch(`${running?.url}/_emulator/collections`)).json()) as {
      collections: Array<{ name: string; count: number }>;
    };
    const count = before.collections.find((c) => c.name === 'system')?.count;
    running?.child.kill('SIGTERM');
    if (running) await waitForExit(running.child);
    running = await startEmulatorProcess(['--port', '0', '--no-seed', '--data-dir', dataDir]);
    const after = (await (await fetch(`${running.url}/_emulator/collections`)).json()) as {
      collections: Array<{ name: string; count: number }>;
    };
    expect(after.collections.find((c) => c.name === 'system')?.count).toBe(count);
  });
});
