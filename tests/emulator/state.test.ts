/**
 * The whole local state as one file: GET /_emulator/state exports it, PUT /_emulator/state puts
 * it back. After export, reset and import, every document, index, payment, pending job, timer
 * slot, the clock and every stored file are back, and a payment left unpaid can still be paid.
 */
import { TEST_FUNCTIONS_BUILD_DIR } from '../../scripts/paths';
import { useEmulator } from '../helpers/emulator';

type Json = Record<string, any>;

const BUYER = 'oBUYER0000000000000000001';
const ENV = 'state-test-env';
const SUB_MCH_ID = '1900000109';

describe('state export and import', () => {
  const frozen = { now: () => Date.parse('2025-03-01T04:00:00Z') };
  const f = useEmulator({ functionsDir: TEST_FUNCTIONS_BUILD_DIR, runScheduler: false, clock: frozen, envName: ENV });

  const control = async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> => {
    const response = await fetch(`${f.emu.url}/_emulator${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as Json };
  };

  const placeOrder = async (outTradeNo: string, totalFee: number): Promise<void> => {
    const { error } = await f.emu.call('payDemo', { outTradeNo, totalFee }, { openid: BUYER });
    expect(error).toBeUndefined();
  };

  const refund = async (outRefundNo: string, refundFee: number): Promise<void> => {
    const params = { subMchId: SUB_MCH_ID, outTradeNo: 'S-PAID', outRefundNo, totalFee: 200, refundFee };
    const { result } = await f.emu.call(
      'payApi',
      { api: 'refund', params: { ...params, functionName: 'payDemoCallback', nonceStr: 'n' } },
      { openid: BUYER },
    );
    expect(result).toMatchObject({ result: { resultCode: 'SUCCESS' } });
  };

  const paymentCallbacks = async (outTradeNo: string): Promise<Json[]> => {
    const { data } = (await f.db
      .collection('system')
      .where({ type: 'payCallback', kind: 'payment', 'event.outTradeNo': outTradeNo })
      .get()) as unknown as { data: Json[] };
    return data;
  };

  it('exports everything, and an import after a reset brings all of it back', async () => {
    const at = new Date('2025-02-01T00:00:00Z');
    f.emu.insert('system', [{ _id: 'doc-1', at, count: 3, ratio: 1.5, nested: { list: [1, 'two'] } }]);
    await placeOrder('S-UNPAID', 100);
    await placeOrder('S-PAID', 200);
    expect((await control('POST', '/payments/S-PAID/pay')).status).toBe(200);
    await refund('R-1', 50);
    await f.emu.advanceClock(60_000);
    // Accepted, not completed: a pending job at the export.
    await refund('R-2', 30);
    const upload = await f.emu.call('storageDemo', {
      mode: 'upload',
      cloudPath: 'state/a.txt',
      base64: Buffer.from('hello').toString('base64'),
    });
    const fileID = (upload.result as Json).result.fileID as string;

    const exported = await control('GET', '/state');
    expect(exported.status).toBe(200);
    const file = exported.body;
    expect(file).toMatchObject({ format: 'cloudbase-emulator-state', version: 1, envName: ENV });
    expect(Object.keys(file.modules)).toEqual(
      expect.arrayContaining(['clock', 'scheduler', 'payments', 'payouts', 'storage']),
    );
    const pending = (await control('GET', '/clock')).body.pending as Json[];
    const clockBefore = (await control('GET', '/clock')).body;

    expect((await control('POST', '/reset', {})).status).toBe(200);
    expect((await control('GET', '/payments')).body.payments).toEqual([]);
    expect((await control('PUT', '/state', file)).status).toBe(200);

    // Documents keep their types (a date, an int, a double), collections their indexes.
    const { data: doc } = (await f.db.collection('system').doc('doc-1').get()) as unknown as { data: Json };
    expect(doc).toEqual({ _id: 'doc-1', at, count: 3, ratio: 1.5, nested: { list: [1, 'two'] } });
    const collections = (await control('GET', '/collections')).body.collections as Json[];
    expect(collections.map((c) => ({ name: c.name, indexes: c.indexes }))).toEqual(
      file.collections.map((c: Json) => ({ name: c.name, indexes: c.indexes })),
    );
    // Payments with their refunds and notification attempts, the clock and the pending jobs.
    const paid = (await control('GET', '/payments/S-PAID')).body;
    expect(paid).toMatchObject({ state: 'REFUND', refundedFee: 80, callback: { state: 'ACKNOWLEDGED' } });
    expect(paid.refunds.map((r: Json) => [r.outRefundNo, r.status])).toEqual([
      ['R-1', 'SUCCESS'],
      ['R-2', 'PROCESSING'],
    ]);
    const clockAfter = (await control('GET', '/clock')).body;
    expect(clockAfter.offsetMs).toBe(clockBefore.offsetMs);
    expect(clockAfter.pending).toEqual(pending);
    const files = (await control('GET', '/files')).body.files as Json[];
    expect(files.map((entry) => entry.cloudPath)).toEqual(['state/a.txt']);
    const download = await f.emu.call('storageDemo', { mode: 'download', fileID });
    expect(Buffer.from((download.result as Json).result.base64, 'base64').toString()).toBe('hello');
    // The export of the imported state is the same file, but for its time of export.
    const again = (await control('GET', '/state')).body;
    expect({ ...again, exportedAt: null }).toEqual({ ...file, exportedAt: null });

    // The unpaid payment can still be paid, and its notification arrives.
    expect((await control('POST', '/payments/S-UNPAID/pay')).body).toMatchObject({
      state: 'SUCCESS',
      callback: { state: 'ACKNOWLEDGED' },
    });
    expect(await paymentCallbacks('S-UNPAID')).toHaveLength(1);
    // The pending refund completes on time.
    await f.emu.advanceClock(10_000);
    expect((await control('GET', '/payments/S-PAID')).body.refunds[1]).toMatchObject({
      status: 'SUCCESS',
      callback: { state: 'ACKNOWLEDGED' },
    });
  });

  it('refuses a file that is not a state file, or that breaks a unique index, and changes nothing', async () => {
    const before = (await control('GET', '/state')).body;
    const wrong = await control('PUT', '/state', { format: 'something-else' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('BAD_STATE_FILE');
    const duplicate = {
      ...before,
      collections: [
        ...before.collections,
        {
          name: 'dup',
          indexes: [{ name: 'k_1', keys: [{ field: 'k', direction: 1 }], unique: true }],
          documents: [
            { _id: 'a', k: 1 },
            { _id: 'b', k: 1 },
          ],
        },
      ],
    };
    expect((await control('PUT', '/state', duplicate)).status).toBe(400);
    const after = (await control('GET', '/state')).body;
    expect({ ...after, exportedAt: null }).toEqual({ ...before, exportedAt: null });
  });
});
