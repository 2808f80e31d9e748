/** claimAdmin when the function's ADMIN_SETUP_SECRET is missing, empty, too short or too weak. */
import { COLLECTIONS } from '@shared/collections';
import { useEmulator, type EmulatorFixture } from '../helpers/emulator';

function dump(f: EmulatorFixture): Record<string, unknown[]> {
  return Object.fromEntries(
    COLLECTIONS.map((collection) => [collection.name, f.emu.emulator.store.scan(collection.name)]),
  );
}

describe.each([
  ['unset', undefined, 'SETUP_SECRET_UNSET'],
  ['empty', '', 'SETUP_SECRET_UNSET'],
  ['too short', 'short-secret', 'SETUP_SECRET_TOO_SHORT'],
  ['16 × "a"', 'a'.repeat(16), 'SETUP_SECRET_WEAK'],
] as const)('claimAdmin with ADMIN_SETUP_SECRET %s', (_label, secret, code) => {
  const f = useEmulator(secret === undefined ? {} : { functionEnv: { ADMIN_SETUP_SECRET: secret } });

  it(`refuses every claim with ${code} and writes nothing`, async () => {
    const before = dump(f);
    for (const given of ['short-secret', 'anything at all', 'x']) {
      const response = await f.emu.call('admin', { $url: 'claimAdmin', secret: given }, { openid: 'oOWNER' });
      expect(response.result).toMatchObject({ ok: false, error: { code } });
    }
    expect(dump(f)).toEqual(before);
    expect(f.emu.emulator.store.scan('admins')).toEqual([]);
  });
});
