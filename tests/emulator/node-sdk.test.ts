/**
 * @cloudbase/node-sdk 3.17.2 is the layer under wx-server-sdk; used directly it surfaces
 * platform errors differently (it throws the raw `{ code, message }` instead of wx-server-sdk's
 * `errCode`/`errMsg` wrapping). These tests pin that the emulator serves both.
 */
import { useEmulator, rejection } from '../helpers/emulator';

const tcb = require('@cloudbase/node-sdk') as {
  init(config: Record<string, unknown>): {
    database(): any;
    callFunction(params: { name: string; data?: unknown }): Promise<{ result: unknown }>;
  };
};

describe('@cloudbase/node-sdk against the emulator', () => {
  const f = useEmulator();
  const app = (): ReturnType<typeof tcb.init> => tcb.init({ env: f.emu.envName });

  it('reads and writes documents with the same wire protocol', async () => {
    const db = app().database();
    const added = (await db.collection('categories').add({ name: '茶叶', sortOrder: 1, at: new Date(0) })) as {
      id: string;
    };
    expect(added.id).toMatch(/^[0-9a-f]{32}$/);
    const { data } = (await db.collection('categories').where({ name: '茶叶' }).get()) as {
      data: Array<Record<string, unknown>>;
    };
    expect(data).toEqual([{ _id: added.id, name: '茶叶', sortOrder: 1, at: new Date(0) }]);
  });

  it('throws the raw platform error for a missing collection', async () => {
    const error = await rejection(app().database().collection('nope').get());
    expect(error.code).toBe('DATABASE_COLLECTION_NOT_EXIST');
    expect(error.message).toContain('Db or Table not exist: nope');
  });

  it('calls a function and gets its parsed result', async () => {
    const { result } = await app().callFunction({ name: 'whoami', data: {} });
    expect(result).toEqual({ ok: true, data: { openid: '', appid: '', source: 'scf' } });
  });
});
