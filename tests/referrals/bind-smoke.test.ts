import { useEmulator } from '../helpers/emulator';
import { seedRules, seedUsers, userDoc } from '../helpers/referrals';

describe('bindReferrer smoke', () => {
  const f = useEmulator();
  it('binds a new user and an existing one', async () => {
    seedRules(f.emu, { recruitment: 'everyone' });
    const [a] = seedUsers(f.emu, [{ id: 'oA' }, { id: 'oB' }]);
    const first = await f.emu.call('bindReferrer', { shareCode: a?.shareCode }, { openid: 'oNew' });
    expect(first.result).toMatchObject({ ok: true, data: { status: 'bound' } });
    expect(first.invocation.roundTrips.database).toBe(2);
    const second = await f.emu.call('bindReferrer', { shareCode: a?.shareCode }, { openid: 'oB' });
    expect(second.result).toMatchObject({ ok: true, data: { status: 'bound' } });
    expect(second.invocation.roundTrips.database).toBe(4);
    expect((await userDoc(f.emu, 'oB'))?.ancestors).toEqual(['oA']);
  });
});
