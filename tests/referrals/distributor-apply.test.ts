/** distributor: apply, retractApplication and exit, with replays, races and crashes between steps. */
import {
  ApplyOutput,
  RetractApplicationOutput,
  type DistributorApplicationDocument,
} from '@shared/contracts/distributor';
import type { Rules } from '@shared/rules';
import type { DistributorStatus } from '@shared/users';
import { useEmulator } from '../helpers/emulator';
import { seedRules, seedUsers, userDoc } from '../helpers/referrals';

const FORM = { realName: '张三', phone: '13800138000' };
const OTHER_FORM = { realName: '李四', phone: '13900139000', reason: '我有很多朋友' };

describe('distributor: apply, retractApplication, exit', () => {
  const f = useEmulator();
  beforeEach(() => f.emu.reset());

  const call = (data: Record<string, unknown>, openid: string | null = 'oMe') =>
    f.emu.call('distributor', data, openid ? { openid } : {});
  const now = () => f.emu.emulator.options.clock.now();
  const state = () =>
    JSON.stringify(['users', 'distributorApplications', 'gradeChanges'].map((name) => f.emu.emulator.store.scan(name)));
  /** Waits until the delayed request has reached the emulator: the function has read its state by then. */
  async function delayedRequestStarted(ruleId: string): Promise<void> {
    while (!f.emu.emulator.faults.list().some((rule) => rule.id === ruleId && rule.fired > 0))
      await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const applications = () =>
    f.emu.emulator.store.scan('distributorApplications') as unknown as DistributorApplicationDocument[];
  const application = (id: string) => applications().find((doc) => doc._id === id);
  const status = async (id = 'oMe') => (await userDoc(f.emu, id))?.distributor.status;

  function setup(myStatus: DistributorStatus = 'none', rules: Partial<Rules> = {}): void {
    seedRules(f.emu, rules);
    seedUsers(f.emu, [{ id: 'oMe', status: myStatus }]);
  }

  function seedApplication(
    n: number,
    appStatus: DistributorApplicationDocument['status'],
    extra: Partial<DistributorApplicationDocument> = {},
  ): void {
    const doc: DistributorApplicationDocument = {
      _id: `app-oMe-${n}`,
      userId: 'oMe',
      status: appStatus,
      form: FORM,
      createdAt: new Date(now() - 3_600_000 + n),
      reviewedAt: appStatus === 'pending' ? null : new Date(now() - 1000),
      reviewedBy: appStatus === 'pending' ? null : 'oAdmin',
      reviewReason: appStatus === 'rejected' ? '资料不全' : null,
      ...extra,
    };
    f.emu.insert('distributorApplications', [doc as never]);
  }

  describe('apply', () => {
    it('creates application app-<openid>-1 and moves the user to pending', async () => {
      setup();
      const { result, invocation } = await call({ $url: 'apply', form: FORM });
      expect(result).toEqual({
        ok: true,
        data: {
          application: {
            id: 'app-oMe-1',
            status: 'pending',
            form: FORM,
            createdAt: expect.any(String),
            reviewedAt: null,
            reviewReason: null,
          },
          distributorStatus: 'pending',
        },
      });
      expect(() => ApplyOutput.parse((result as { data: unknown }).data)).not.toThrow();
      const stored = application('app-oMe-1');
      expect(stored).toEqual({
        _id: 'app-oMe-1',
        userId: 'oMe',
        status: 'pending',
        form: FORM,
        createdAt: expect.any(Date),
        reviewedAt: null,
        reviewedBy: null,
        reviewReason: null,
      });
      expect(stored?.createdAt.toISOString()).toBe(
        (result as { data: { application: { createdAt: string } } }).data.application.createdAt,
      );
      expect(await status()).toBe('pending');
      // One aggregation reads user, rules and applications; then the insert and the user's update.
      expect(invocation.roundTrips.database).toBe(3);
    });

    it('normalises the form: +86 and dashes in the phone, a trimmed reason, an empty reason left out', async () => {
      setup();
      await call({ $url: 'apply', form: { realName: ' 王五 ', phone: '+86 139-0013-9000', reason: '  想推广  ' } });
      expect(application('app-oMe-1')?.form).toEqual({ realName: '王五', phone: '13900139000', reason: '想推广' });
      f.emu.reset();
      setup();
      await call({ $url: 'apply', form: { ...FORM, reason: '   ' } });
      expect(application('app-oMe-1')?.form).toEqual(FORM);
    });

    it('creates the user of a first-time caller', async () => {
      seedRules(f.emu);
      const { result } = await call({ $url: 'apply', form: FORM }, 'oNew');
      expect(result).toMatchObject({ ok: true, data: { application: { id: 'app-oNew-1' } } });
      expect(await status('oNew')).toBe('pending');
    });

    it('a replay of the same apply answers the same application and writes nothing', async () => {
      setup();
      const first = await call({ $url: 'apply', form: FORM });
      const before = state();
      const replay = await call({ $url: 'apply', form: { ...FORM, phone: '138 0013 8000' } });
      expect(replay.result).toEqual(first.result);
      expect(replay.invocation.roundTrips.database).toBe(1);
      expect(state()).toBe(before);
    });

    it('refuses another form while one is pending with ALREADY_PENDING and writes nothing', async () => {
      setup();
      await call({ $url: 'apply', form: FORM });
      const before = state();
      expect((await call({ $url: 'apply', form: OTHER_FORM })).result).toMatchObject({
        ok: false,
        error: { code: 'ALREADY_PENDING', message: '你的申请正在审核中' },
      });
      expect(state()).toBe(before);
    });

    it.each<[string, DistributorStatus, Partial<Rules>, string]>([
      ['an approved distributor', 'approved', {}, 'ALREADY_DISTRIBUTOR'],
      ['a disabled distributor', 'disabled', {}, 'DISABLED'],
      ['a pending user whose application is being approved', 'pending', {}, 'ALREADY_PENDING'],
      ['anyone under designated recruitment', 'none', { recruitment: 'designated' }, 'RECRUITMENT_CLOSED'],
      ['anyone under everyone recruitment', 'none', { recruitment: 'everyone' }, 'NOT_NEEDED'],
      ['an exited user under everyone recruitment', 'exited', { recruitment: 'everyone' }, 'NOT_NEEDED'],
      ['a disabled distributor under designated recruitment', 'disabled', { recruitment: 'designated' }, 'DISABLED'],
    ])('refuses %s and writes nothing', async (_label, myStatus, rules, code) => {
      setup(myStatus, rules);
      const before = state();
      expect((await call({ $url: 'apply', form: FORM })).result).toMatchObject({ ok: false, error: { code } });
      expect(state()).toBe(before);
    });

    it.each([
      ['no form', {}],
      ['a phone starting 12', { form: { ...FORM, phone: '12800138000' } }],
      ['a phone of 10 digits', { form: { ...FORM, phone: '1380013800' } }],
      ['a landline', { form: { ...FORM, phone: '021-12345678' } }],
      ['no real name', { form: { phone: FORM.phone } }],
      ['a blank real name', { form: { ...FORM, realName: '  ' } }],
      ['a real name of 31 characters', { form: { ...FORM, realName: '张'.repeat(31) } }],
      ['a reason of 201 characters', { form: { ...FORM, reason: '好'.repeat(201) } }],
      ['a form that is a string', { form: 'hello' }],
    ])('refuses %s with INVALID_INPUT and writes nothing', async (_label, input) => {
      setup();
      const before = state();
      expect((await call({ $url: 'apply', ...input })).result).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
      expect(state()).toBe(before);
    });

    it('after a rejection, a new application gets the next number', async () => {
      setup('rejected');
      seedApplication(1, 'rejected');
      const { result } = await call({ $url: 'apply', form: OTHER_FORM });
      expect(result).toMatchObject({
        ok: true,
        data: { application: { id: 'app-oMe-2', status: 'pending', form: OTHER_FORM } },
      });
      expect(application('app-oMe-1')?.status).toBe('rejected');
      expect(await status()).toBe('pending');
    });

    it('an exited distributor may apply again', async () => {
      setup('exited');
      expect((await call({ $url: 'apply', form: FORM })).result).toMatchObject({
        ok: true,
        data: { application: { id: 'app-oMe-1' } },
      });
      expect(await status()).toBe('pending');
    });

    it('two concurrent applies with the same form make one application, and both answer it', async () => {
      setup();
      const results = await Promise.all([
        call({ $url: 'apply', form: FORM }),
        call({ $url: 'apply', form: FORM }),
        call({ $url: 'apply', form: FORM }),
      ]);
      for (const { result } of results)
        expect(result).toMatchObject({ ok: true, data: { application: { id: 'app-oMe-1' } } });
      expect(applications()).toHaveLength(1);
      expect(await status()).toBe('pending');
    });

    it('two concurrent applies with different forms: one wins, the other gets ALREADY_PENDING', async () => {
      setup();
      const results = await Promise.all([
        call({ $url: 'apply', form: FORM }),
        call({ $url: 'apply', form: OTHER_FORM }),
      ]);
      const codes = results
        .map(({ result }) =>
          (result as { ok: boolean }).ok ? 'ok' : (result as { error: { code: string } }).error.code,
        )
        .sort();
      expect(codes).toEqual(['ALREADY_PENDING', 'ok']);
      expect(applications()).toHaveLength(1);
      expect(applications()[0]?.status).toBe('pending');
      expect(await status()).toBe('pending');
    });

    it('a crash after the application was stored is completed by the retry', async () => {
      setup();
      f.emu.injectFault({ action: 'database.insertDocument', function: 'distributor', kind: 'killInstance' });
      const crashed = await call({ $url: 'apply', form: FORM });
      expect(crashed.error?.code).toBe('FUNCTIONS_EXECUTE_FAIL');
      expect(application('app-oMe-1')?.status).toBe('pending');
      expect(await status()).toBe('none');
      const retry = await call({ $url: 'apply', form: FORM });
      expect(retry.result).toMatchObject({
        ok: true,
        data: { application: { id: 'app-oMe-1', status: 'pending' }, distributorStatus: 'pending' },
      });
      expect(applications()).toHaveLength(1);
      expect(await status()).toBe('pending');
    });

    it('a lost response: the retry answers the original application', async () => {
      setup();
      f.emu.injectFault({ function: 'distributor', kind: 'loseResponse' });
      expect((await call({ $url: 'apply', form: FORM })).error?.code).toBe('FUNCTIONS_EXECUTE_FAIL');
      const retry = await call({ $url: 'apply', form: FORM });
      expect(retry.result).toMatchObject({ ok: true, data: { application: { id: 'app-oMe-1' } } });
      expect(applications()).toHaveLength(1);
    });

    it('an unfinished application with another form is ALREADY_PENDING while its apply may still run', async () => {
      setup();
      seedApplication(1, 'pending', { createdAt: new Date(now() - 5_000) });
      const before = state();
      expect((await call({ $url: 'apply', form: OTHER_FORM })).result).toMatchObject({
        ok: false,
        error: { code: 'ALREADY_PENDING' },
      });
      expect(state()).toBe(before);
    });

    it('an unfinished application older than a minute is closed and the new form applied', async () => {
      setup();
      seedApplication(1, 'pending', { createdAt: new Date(now() - 61_000) });
      const { result } = await call({ $url: 'apply', form: OTHER_FORM });
      expect(result).toMatchObject({ ok: true, data: { application: { id: 'app-oMe-2', form: OTHER_FORM } } });
      expect(application('app-oMe-1')).toMatchObject({
        status: 'retracted',
        reviewedBy: 'oMe',
        reviewedAt: expect.any(Date),
      });
      expect(await status()).toBe('pending');
    });

    it('an unfinished application older than a minute is closed when apply refuses', async () => {
      setup('none', { recruitment: 'designated' });
      seedApplication(1, 'pending', { createdAt: new Date(now() - 61_000) });
      expect((await call({ $url: 'apply', form: FORM })).result).toMatchObject({
        ok: false,
        error: { code: 'RECRUITMENT_CLOSED' },
      });
      expect(application('app-oMe-1')?.status).toBe('retracted');
      expect(await status()).toBe('none');
    });

    it('when the user is appointed while applying, the application is retracted again (compensation)', async () => {
      setup();
      // The insert of the application waits; meanwhile an admin appoints the user.
      const delay = f.emu.injectFault({
        action: 'database.insertDocument',
        function: 'distributor',
        kind: 'delay',
        delayMs: 500,
      });
      const applying = call({ $url: 'apply', form: FORM });
      await delayedRequestStarted(delay.id);
      const user = await userDoc(f.emu, 'oMe');
      f.emu.emulator.put('users', 'oMe', {
        ...user,
        distributor: { ...user!.distributor, status: 'approved' },
      } as never);
      expect((await applying).result).toMatchObject({ ok: false, error: { code: 'ALREADY_DISTRIBUTOR' } });
      expect(application('app-oMe-1')).toMatchObject({ status: 'retracted', reviewedBy: 'oMe' });
      expect(await status()).toBe('approved');
    });
  });

  describe('retractApplication', () => {
    it('retracts the pending application and puts the user back to none', async () => {
      setup();
      await call({ $url: 'apply', form: FORM });
      const { result } = await call({ $url: 'retractApplication' });
      expect(result).toEqual({
        ok: true,
        data: {
          application: {
            id: 'app-oMe-1',
            status: 'retracted',
            form: FORM,
            createdAt: expect.any(String),
            reviewedAt: expect.any(String),
            reviewReason: null,
          },
          distributorStatus: 'none',
        },
      });
      expect(() => RetractApplicationOutput.parse((result as { data: unknown }).data)).not.toThrow();
      expect(application('app-oMe-1')).toMatchObject({
        status: 'retracted',
        reviewedBy: 'oMe',
        reviewedAt: expect.any(Date),
        reviewReason: null,
      });
      expect(await status()).toBe('none');
    });

    it('a replay answers the same and writes nothing', async () => {
      setup();
      await call({ $url: 'apply', form: FORM });
      const first = await call({ $url: 'retractApplication' });
      const before = state();
      expect((await call({ $url: 'retractApplication' })).result).toEqual(first.result);
      expect(state()).toBe(before);
    });

    it('completes a withdrawal that stopped between its steps', async () => {
      setup('pending');
      seedApplication(1, 'retracted', { reviewedBy: 'oMe' });
      expect((await call({ $url: 'retractApplication' })).result).toMatchObject({
        ok: true,
        data: { application: { id: 'app-oMe-1', status: 'retracted' }, distributorStatus: 'none' },
      });
      expect(await status()).toBe('none');
    });

    it('a new application after a withdrawal gets the next number', async () => {
      setup();
      await call({ $url: 'apply', form: FORM });
      await call({ $url: 'retractApplication' });
      expect((await call({ $url: 'apply', form: FORM })).result).toMatchObject({
        ok: true,
        data: { application: { id: 'app-oMe-2' } },
      });
      expect(await status()).toBe('pending');
    });

    it.each<[string, DistributorStatus, DistributorApplicationDocument['status'] | null]>([
      ['nobody who never applied', 'none', null],
      ['a rejected applicant', 'rejected', 'rejected'],
      ['an approved distributor', 'approved', 'approved'],
      ['a pending user whose application was just approved', 'pending', 'approved'],
    ])('refuses %s with NO_PENDING_APPLICATION and writes nothing', async (_label, myStatus, appStatus) => {
      setup(myStatus);
      if (appStatus) seedApplication(1, appStatus);
      const before = state();
      expect((await call({ $url: 'retractApplication' })).result).toMatchObject({
        ok: false,
        error: { code: 'NO_PENDING_APPLICATION' },
      });
      expect(state()).toBe(before);
    });

    it('refuses with CONFLICT while an apply is still between its steps, and writes nothing', async () => {
      setup();
      seedApplication(1, 'pending', { createdAt: new Date(now() - 1_000) });
      const before = state();
      expect((await call({ $url: 'retractApplication' })).result).toMatchObject({
        ok: false,
        error: { code: 'CONFLICT' },
      });
      expect(state()).toBe(before);
    });

    it('closes an unfinished application and leaves the user as they were', async () => {
      setup('rejected');
      seedApplication(1, 'rejected');
      seedApplication(2, 'pending', { createdAt: new Date(now() - 120_000) });
      expect((await call({ $url: 'retractApplication' })).result).toMatchObject({
        ok: true,
        data: { application: { id: 'app-oMe-2', status: 'retracted' }, distributorStatus: 'rejected' },
      });
      expect(await status()).toBe('rejected');
    });
  });

  describe('exit', () => {
    it('an approved distributor exits, and a replay answers the same', async () => {
      setup('approved');
      const first = await call({ $url: 'exit' });
      expect(first.result).toEqual({ ok: true, data: { distributorStatus: 'exited' } });
      expect(await status()).toBe('exited');
      const before = state();
      expect((await call({ $url: 'exit' })).result).toEqual(first.result);
      expect(state()).toBe(before);
    });

    it('under everyone, a user with status none exits and is no distributor any more', async () => {
      setup('none', { recruitment: 'everyone' });
      expect((await call({ $url: 'exit' })).result).toEqual({ ok: true, data: { distributorStatus: 'exited' } });
      expect(await status()).toBe('exited');
      expect((await f.emu.call('profile', { $url: 'get' }, { openid: 'oMe' })).result).toMatchObject({
        data: { distributor: { status: 'exited', isDistributor: false } },
      });
    });

    it.each<[string, DistributorStatus, Partial<Rules>, string]>([
      ['a user under apply recruitment', 'none', {}, 'NOT_DISTRIBUTOR'],
      ['a user under designated recruitment', 'none', { recruitment: 'designated' }, 'NOT_DISTRIBUTOR'],
      ['a pending applicant', 'pending', {}, 'NOT_DISTRIBUTOR'],
      ['a rejected applicant', 'rejected', {}, 'NOT_DISTRIBUTOR'],
      ['a disabled distributor', 'disabled', {}, 'DISABLED'],
    ])('refuses %s and writes nothing', async (_label, myStatus, rules, code) => {
      setup(myStatus, rules);
      const before = state();
      expect((await call({ $url: 'exit' })).result).toMatchObject({ ok: false, error: { code } });
      expect(state()).toBe(before);
    });
  });

  describe('routing and identity', () => {
    it.each([['nope'], [''], [null], ['__proto__'], ['hasOwnProperty']])(
      'answers UNKNOWN_ROUTE for $url %p and writes nothing',
      async (url) => {
        expect((await call({ $url: url })).result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_ROUTE' } });
        expect(f.emu.emulator.store.scan('users')).toHaveLength(0);
      },
    );

    it.each<[string, Record<string, unknown>]>([
      ['apply', { form: FORM }],
      ['retractApplication', {}],
      ['exit', {}],
      ['center', {}],
      ['team', {}],
      ['ranking', {}],
      ['gradeHistory', {}],
    ])(
      'route %s refuses a caller without a user identity with UNAUTHENTICATED and writes nothing',
      async (url, input) => {
        seedRules(f.emu);
        const before = state();
        expect((await call({ $url: url, ...input }, null)).result).toMatchObject({
          ok: false,
          error: { code: 'UNAUTHENTICATED' },
        });
        expect(state()).toBe(before);
      },
    );

    it.each<[string, Record<string, unknown>]>([
      ['apply', { form: FORM, openid: 'oOther' }],
      ['apply', { form: { ...FORM, userId: 'oOther' } }],
      ['retractApplication', { userId: 'oOther' }],
      ['exit', { openid: 'oOther' }],
      ['center', { openid: 'oOther' }],
      ['team', { userId: 'oOther' }],
      ['ranking', { mon: '2026-03' }],
      ['gradeHistory', { userId: 'oOther' }],
    ])('route %s refuses unknown fields %p with INVALID_INPUT and writes nothing', async (url, input) => {
      setup('approved');
      const before = state();
      expect((await call({ $url: url, ...input })).result).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT' },
      });
      expect(state()).toBe(before);
    });
  });
});
