/**
 * The address function: the stored document (as placeOrder reads it), create with its replay,
 * edit, remove, setDefault, the limit of 20 and every refusal. Concurrent defaults and creates
 * are in address-race.test.ts.
 */
import { COLLECTIONS } from '@shared/collections';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';

/** A function's answer as tests read it (`data` on ok, `error` otherwise). */
type Answer = { ok: boolean; data?: any; error?: any };

const ME = 'oSHOPPER';

function addressApi(f: EmulatorFixture) {
  return async (route: string, input: object = {}, openid: string | null = ME) => {
    const response = await f.emu.call('address', { $url: route, ...input }, openid === null ? {} : { openid });
    if (response.error) throw new Error(`address ${route} failed: ${response.error.message}`);
    return { result: response.result as Answer, invocation: response.invocation };
  };
}

function dump(f: EmulatorFixture): Record<string, unknown[]> {
  return Object.fromEntries(
    COLLECTIONS.map((collection) => [collection.name, f.emu.emulator.store.scan(collection.name)]),
  );
}

const stored = (f: EmulatorFixture): Array<Record<string, any>> =>
  f.emu.emulator.store.scan('addresses') as Array<Record<string, any>>;
const defaults = (f: EmulatorFixture, userId = ME): string[] =>
  stored(f)
    .filter((doc) => doc.userId === userId && doc.isDefault)
    .map((doc) => doc._id as string);

const HOME = {
  name: '张三',
  phone: '138 0013 8000',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  detail: '文三路 1 号',
};
const OFFICE = {
  name: '李四',
  phone: '+86 139-0000-0001',
  province: '上海市',
  city: '上海市',
  district: '浦东新区',
  detail: '世纪大道 100 号 8 楼',
};

describe('address', () => {
  const f = useEmulator();
  const call = addressApi(f);
  const create = async (fields: object, requestId: string, extra: object = {}, openid = ME) =>
    (await call('save', { requestId, ...fields, ...extra }, openid)).result;

  beforeEach(() => f.emu.reset());

  it('creates the first address as the default, stored as placeOrder reads it', async () => {
    const result = await create(HOME, 'form-000001');
    expect(result).toEqual({
      ok: true,
      data: {
        status: 'created',
        address: {
          id: expect.stringMatching(/^addr_[0-9a-f]{24}$/),
          name: '张三',
          phone: '13800138000',
          province: '浙江省',
          city: '杭州市',
          district: '西湖区',
          detail: '文三路 1 号',
          isDefault: true,
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
        },
      },
    });
    const id = result.data.address.id;
    const date = expect.any(Date);
    expect(stored(f)).toEqual([
      {
        _id: id,
        userId: ME,
        name: '张三',
        phone: '13800138000',
        province: '浙江省',
        city: '杭州市',
        district: '西湖区',
        detail: '文三路 1 号',
        isDefault: true,
        defaultSetAt: date,
        createdAt: date,
        updatedAt: date,
      },
    ]);
    const { data } = (await f.db.collection('addresses').where({ _id: id, userId: ME }).get()) as unknown as {
      data: unknown[];
    };
    expect(data).toHaveLength(1);
  });

  it('a replayed create answers unchanged and stores one address; another request makes another, not default', async () => {
    const first = await create(HOME, 'form-000001');
    const before = dump(f);
    const replay = await create(HOME, 'form-000001');
    expect(replay).toEqual({ ok: true, data: { status: 'unchanged', address: first.data.address } });
    expect(dump(f)).toEqual(before);
    const second = await create(OFFICE, 'form-000002');
    expect(second.data).toMatchObject({
      status: 'created',
      address: { name: '李四', phone: '13900000001', isDefault: false },
    });
    expect(stored(f)).toHaveLength(2);
  });

  it('the same request id of two users makes two addresses', async () => {
    await create(HOME, 'form-000001', {}, 'oA');
    await create(HOME, 'form-000001', {}, 'oB');
    expect(new Set(stored(f).map((doc) => doc._id)).size).toBe(2);
  });

  it('a create with isDefault takes the default over', async () => {
    const home = (await create(HOME, 'form-000001')).data.address.id;
    const office = (await create(OFFICE, 'form-000002', { isDefault: true })).data.address;
    expect(office.isDefault).toBe(true);
    expect(defaults(f)).toEqual([office.id]);
    expect(home).not.toBe(office.id);
  });

  it('edits fields and the default flag; an identical edit is unchanged and writes nothing', async () => {
    const id = (await create(HOME, 'form-000001')).data.address.id;
    const edited = await call('save', { id, ...HOME, detail: '文三路 2 号' });
    expect(edited.result.data).toMatchObject({
      status: 'updated',
      address: { id, detail: '文三路 2 号', isDefault: true },
    });
    const before = dump(f);
    expect((await call('save', { id, ...HOME, detail: '文三路 2 号' })).result.data.status).toBe('unchanged');
    expect(dump(f)).toEqual(before);
    const undefaulted = await call('save', { id, ...HOME, detail: '文三路 2 号', isDefault: false });
    expect(undefaulted.result.data).toMatchObject({ status: 'updated', address: { isDefault: false } });
    expect(defaults(f)).toEqual([]);
    expect(
      (await call('save', { id, ...HOME, detail: '文三路 2 号', isDefault: true })).result.data.address.isDefault,
    ).toBe(true);
    expect(defaults(f)).toEqual([id]);
  });

  it('setDefault moves the default; list shows it first, then the most recently changed', async () => {
    const home = (await create(HOME, 'form-000001')).data.address.id;
    await f.emu.advanceClock(1000);
    const office = (await create(OFFICE, 'form-000002')).data.address.id;
    await f.emu.advanceClock(1000);
    const third = (await create({ ...HOME, detail: '三号' }, 'form-000003')).data.address.id;
    expect(
      (await call('list')).result.data.items.map((item: { id: string; isDefault: boolean }) => [
        item.id,
        item.isDefault,
      ]),
    ).toEqual([
      [home, true],
      [third, false],
      [office, false],
    ]);
    const moved = await call('setDefault', { id: office });
    expect(moved.result.data.address).toMatchObject({ id: office, isDefault: true, name: '李四' });
    expect(defaults(f)).toEqual([office]);
    expect((await call('list')).result.data.items.map((item: { id: string }) => item.id)).toEqual([
      office,
      third,
      home,
    ]);
  });

  it('list shows one default even while two are marked (a setDefault still settling)', async () => {
    const at = (ms: number) => new Date(1_700_000_000_000 + ms);
    const base = { userId: ME, ...HOME, phone: '13800138000', createdAt: at(0), updatedAt: at(0) };
    f.emu.insert('addresses', [
      { _id: 'addr_a', ...base, isDefault: true, defaultSetAt: at(5) },
      { _id: 'addr_b', ...base, isDefault: true, defaultSetAt: at(9) },
      { _id: 'addr_c', ...base, isDefault: false, defaultSetAt: null },
    ]);
    const { result } = await call('list');
    expect(result.data.items.map((item: { id: string; isDefault: boolean }) => [item.id, item.isDefault])).toEqual([
      ['addr_b', true],
      ['addr_a', false],
      ['addr_c', false],
    ]);
  });

  it('remove: removes, a replay is unchanged, another user cannot remove it; removing the default leaves none', async () => {
    const id = (await create(HOME, 'form-000001')).data.address.id;
    expect((await call('remove', { id }, 'oOTHER')).result).toEqual({ ok: true, data: { status: 'unchanged', id } });
    expect(stored(f)).toHaveLength(1);
    expect((await call('remove', { id })).result).toEqual({ ok: true, data: { status: 'removed', id } });
    expect((await call('remove', { id })).result).toEqual({ ok: true, data: { status: 'unchanged', id } });
    expect(stored(f)).toEqual([]);
  });

  it('ADDRESS_NOT_FOUND: editing or defaulting an unknown address or another user’s; nothing written', async () => {
    const id = (await create(HOME, 'form-000001', {}, 'oOTHER')).data.address.id;
    const before = dump(f);
    for (const [route, input] of [
      ['save', { id, ...OFFICE }],
      ['save', { id: 'addr_unknown', ...OFFICE }],
      ['setDefault', { id }],
      ['setDefault', { id: 'addr_unknown' }],
    ] as const) {
      expect((await call(route, input)).result).toEqual({
        ok: false,
        error: { code: 'ADDRESS_NOT_FOUND', message: '收货地址不存在' },
      });
    }
    expect(dump(f)).toEqual(before);
  });

  it('ADDRESS_LIMIT: a 21st address is refused and leaves nothing behind', async () => {
    const at = new Date(1_700_000_000_000);
    f.emu.insert(
      'addresses',
      Array.from({ length: 20 }, (_, i) => ({
        _id: `addr_${i}`,
        userId: ME,
        ...HOME,
        phone: '13800138000',
        isDefault: i === 0,
        defaultSetAt: i === 0 ? at : null,
        createdAt: at,
        updatedAt: at,
      })),
    );
    const before = dump(f);
    expect(await create(OFFICE, 'form-000021')).toEqual({
      ok: false,
      error: { code: 'ADDRESS_LIMIT', message: '最多保存 20 个收货地址，请先删除不用的地址' },
    });
    expect(dump(f)).toEqual(before);
    expect((await create(OFFICE, 'form-000021', {}, 'oOTHER')).ok).toBe(true);
  });

  it.each(['list', 'save', 'remove', 'setDefault'])(
    '%s: UNAUTHENTICATED without OPENID, touching nothing',
    async (route) => {
      const input =
        { save: { requestId: 'form-000001', ...HOME }, remove: { id: 'addr_x' }, setDefault: { id: 'addr_x' } }[
          route as 'save'
        ] ?? {};
      const { result, invocation } = await call(route, input, null);
      expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      expect(invocation.roundTrips.database).toBe(0);
    },
  );

  it.each([
    ['list', { userId: 'oOTHER' }],
    ['save', { ...HOME }],
    ['save', { id: 'addr_x', requestId: 'form-000001', ...HOME }],
    ['save', { requestId: 'form-000001', ...HOME, phone: '12345678901' }],
    ['save', { requestId: 'form-000001', ...HOME, phone: '010-12345678' }],
    ['save', { requestId: 'form-000001', ...HOME, name: '  ' }],
    ['save', { requestId: 'form-000001', ...HOME, detail: '长'.repeat(101) }],
    ['save', { requestId: 'form-000001', ...HOME, city: 'a\u0000b' }],
    ['save', { requestId: 'form-000001', ...HOME, userId: 'oOTHER' }],
    ['save', { requestId: 'short', ...HOME }],
    ['remove', { id: '' }],
    ['setDefault', { id: 'a/b' }],
  ])('%s answers INVALID_INPUT for %j without touching the database', async (route, input) => {
    const before = dump(f);
    const { result, invocation } = await call(route, input);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(invocation.roundTrips.database).toBe(0);
    expect(dump(f)).toEqual(before);
  });

  it('answers UNKNOWN_ROUTE for an unknown $url', async () => {
    expect((await call('deleteAll')).result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ROUTE' } });
  });
});
