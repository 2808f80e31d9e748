/**
 * Concurrent address calls of one user: exactly one default once the calls have returned
 * (claim-and-settle, cloudfunctions/address/defaults.ts), and never more than 20 addresses.
 */
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';

/** A function's answer as tests read it (`data` on ok, `error` otherwise). */
type Answer = { ok: boolean; data?: any; error?: any };

const HOME = {
  name: '张三',
  phone: '13800138000',
  province: '浙江省',
  city: '杭州市',
  district: '西湖区',
  detail: '文三路 1 号',
};

const docsOf = (f: EmulatorFixture, userId: string): Array<Record<string, any>> =>
  (f.emu.emulator.store.scan('addresses') as Array<Record<string, any>>).filter((doc) => doc.userId === userId);
const defaultsOf = (f: EmulatorFixture, userId: string): string[] =>
  docsOf(f, userId)
    .filter((doc) => doc.isDefault)
    .map((doc) => doc._id as string);

function seedAddresses(f: EmulatorFixture, userId: string, count: number, defaultIndex: number | null): string[] {
  const at = new Date(1_700_000_000_000);
  const ids = Array.from({ length: count }, (_, i) => `addr_${userId}_${i}`);
  f.emu.insert(
    'addresses',
    ids.map((_id, i) => ({
      _id,
      userId,
      ...HOME,
      isDefault: i === defaultIndex,
      defaultSetAt: i === defaultIndex ? at : null,
      createdAt: at,
      updatedAt: at,
    })),
  );
  return ids;
}

describe('address under concurrency', () => {
  const f = useEmulator({ maxInstancesPerFunction: 8 });
  const call = async (route: string, input: object, openid: string) => {
    const response = await f.emu.call('address', { $url: route, ...input }, { openid });
    if (response.error) throw new Error(response.error.message);
    return response.result as Answer;
  };

  beforeEach(() => f.emu.reset());

  it('five concurrent setDefault calls on five addresses leave exactly one default, 15 times', async () => {
    for (let round = 0; round < 15; round += 1) {
      const user = `oDef${round}`;
      const ids = seedAddresses(f, user, 6, round % 2 === 0 ? 5 : null);
      const results = await Promise.all(ids.slice(0, 5).map((id) => call('setDefault', { id }, user)));
      expect(results.every((result) => result.ok)).toBe(true);
      const final = defaultsOf(f, user);
      expect(final).toHaveLength(1);
      // The address left default is one that was asked for, and its own call said it won.
      const winner = results.find((result) => result.data.address.id === final[0]);
      expect(winner?.data.address.isDefault).toBe(true);
      const listed = await call('list', {}, user);
      expect(
        listed.data.items
          .filter((item: { isDefault: boolean }) => item.isDefault)
          .map((item: { id: string }) => item.id),
      ).toEqual(final);
    }
  });

  it('concurrent creates with isDefault and a setDefault leave exactly one default, 10 times', async () => {
    for (let round = 0; round < 10; round += 1) {
      const user = `oMix${round}`;
      const [existing] = seedAddresses(f, user, 1, null);
      const results = await Promise.all([
        call('save', { requestId: `form-${round}-a-xx`, ...HOME, isDefault: true }, user),
        call('save', { requestId: `form-${round}-b-xx`, ...HOME, isDefault: true }, user),
        call('save', { requestId: `form-${round}-c-xx`, ...HOME }, user),
        call('setDefault', { id: existing }, user),
      ]);
      expect(results.every((result) => result.ok)).toBe(true);
      expect(docsOf(f, user)).toHaveLength(4);
      expect(defaultsOf(f, user)).toHaveLength(1);
    }
  });

  it('two first addresses created at once: exactly one becomes the default, 10 times', async () => {
    for (let round = 0; round < 10; round += 1) {
      const user = `oFirst${round}`;
      await Promise.all([
        call('save', { requestId: `first-${round}-a-x`, ...HOME }, user),
        call('save', { requestId: `first-${round}-b-x`, ...HOME }, user),
      ]);
      expect(docsOf(f, user)).toHaveLength(2);
      expect(defaultsOf(f, user)).toHaveLength(1);
    }
  });

  it('five concurrent creates next to 18 addresses: never more than 20, every refusal is ADDRESS_LIMIT, 5 times', async () => {
    for (let round = 0; round < 5; round += 1) {
      const user = `oLimit${round}`;
      seedAddresses(f, user, 18, 0);
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => call('save', { requestId: `limit-${round}-${i}-x`, ...HOME }, user)),
      );
      const created = results.filter((result) => result.ok).length;
      for (const result of results.filter((outcome) => !outcome.ok)) expect(result.error.code).toBe('ADDRESS_LIMIT');
      expect(created).toBeLessThanOrEqual(2);
      expect(docsOf(f, user)).toHaveLength(18 + created);
    }
  });
});
