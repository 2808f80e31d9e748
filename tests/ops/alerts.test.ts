/**
 * Alerts (docs/alerts.md): the watchOperations timer raises one alert per stuck or failed money
 * movement, reconciliation mismatch and refused message, messages each subscribed admin once,
 * raises nothing new when it runs again, and resolves the alert when the condition clears. The
 * admin function lists them (with the refused messages) and lets an admin mark one handled.
 */
import type { AfterSaleDocument } from '@shared/afterSales';
import type { AlertDocument } from '@shared/alerts';
import type { ReconciliationDocument } from '@shared/reconciliation';
import { chinaDay } from '@shared/chinaTime';
import type { DashboardOutput } from '@shared/contracts/dashboard';
import type { WatchOperationsOutput } from '@shared/contracts/timers';
import type { MessageFailureDocument } from '@shared/messageFailures';
import type { WithdrawalDocument } from '@shared/withdrawals';
import { useEmulator } from '../helpers/emulator';
import { seedOrder } from '../helpers/orders';
import { seedRules } from '../helpers/referrals';

/** 2026-03-31 12:00 in China. */
const START = Date.parse('2026-03-31T04:00:00Z');
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const ADMIN = 'oAdmin';
/** An admin who never accepted the alert message: the platform answers 43101, which is not a failure. */
const UNSUBSCRIBED = 'oAdminQuiet';
/** The note goes to a `phrase` keyword (at most 5 Chinese characters): every title is fitted to it. */
const ALERT_TEMPLATE = { templateId: 'tpl-alert', keywords: { amount: 'amount1', time: 'time2', note: 'phrase3' } };
const AFTER_SALE_ID = 's0123456789abcdef01234567';

type Json = Record<string, any>;
interface Message {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
}

describe('alerts: watchOperations and the admin routes', () => {
  const f = useEmulator({ clock: { now: () => START }, runScheduler: false, timers: [] });
  const now = (): Date => new Date(f.emu.emulator.options.clock.now());
  const scan = <T>(collection: string): T[] => f.emu.emulator.store.scan(collection) as unknown as T[];
  const openAlerts = () => scan<AlertDocument>('alerts').filter((alert) => alert.state === 'open');
  const put = (collection: string, doc: { _id: string } & Json) =>
    f.emu.emulator.put(collection, doc._id, doc as unknown as Record<string, unknown>);

  async function control(path: string, body?: Json): Promise<Json> {
    const response = await fetch(`${f.emu.url}/_emulator${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    return (await response.json()) as Json;
  }
  const messagesTo = async (touser: string): Promise<Message[]> =>
    (await control(`/messages?touser=${touser}`)).messages as Message[];

  async function watch(): Promise<WatchOperationsOutput> {
    const { result, invocation } = await f.emu.runTimer('watchOperations');
    // Every lookup of the run is served by an index (the emulator lists the scans that are not).
    expect(invocation.unindexedScans ?? []).toEqual([]);
    const reply = result as { ok: boolean; data: WatchOperationsOutput };
    expect(reply.ok).toBe(true);
    return reply.data;
  }
  const admin = async (route: string, data: Json = {}) =>
    (await f.emu.call('admin', { $url: route, ...data }, { openid: ADMIN })).result as {
      ok: boolean;
      data: any;
      error?: { code: string };
    };

  beforeEach(async () => {
    f.emu.emulator.faults.clear();
    f.emu.reset();
    seedRules(f.emu, { notifications: { commission: null, withdrawal: null, alert: ALERT_TEMPLATE } });
    f.emu.insert(
      'admins',
      [ADMIN, UNSUBSCRIBED].map((id) => ({ _id: id, addedBy: 'test', addedAt: now(), note: '' })),
    );
    await control('/messages/refuse', { touser: UNSUBSCRIBED });
  });

  /** Raised once and messaged once to the subscribed admin; a second run raises and sends nothing. */
  async function raisedOnce(id: string): Promise<AlertDocument> {
    expect(await watch()).toMatchObject({ done: true, failed: 0, raised: 1, open: 1, messages: 1 });
    expect(openAlerts().map((alert) => alert._id)).toEqual([id]);
    expect(await messagesTo(ADMIN)).toHaveLength(1);
    expect(await messagesTo(UNSUBSCRIBED)).toEqual([]);
    expect(await watch()).toMatchObject({ raised: 0, refreshed: 1, resolved: 0, open: 1, messages: 0 });
    expect(await messagesTo(ADMIN)).toHaveLength(1);
    // Not subscribing is the normal case, not a failure.
    expect(scan('messageFailures')).toEqual([]);
    return openAlerts()[0] as AlertDocument;
  }

  it('a settlement the sweep keeps failing: one alert, one message; resolved once it settles', async () => {
    seedOrder(f.emu, {
      _id: 'o-stuck',
      buyerId: 'oBuyer',
      status: 'paid',
      payment: { params: null, transactionId: 'tx-1', paidFen: 12_800, paidAt: now() },
      settlement: { state: 'pending', settledAt: null },
    });
    f.emu.injectFault({ function: 'sweepSettlements', kind: 'fail', times: 0 });
    for (let minutes = 0; minutes < 35; minutes += 5) {
      await f.emu.advanceClock(5 * MINUTE);
      expect((await f.emu.runTimer('sweepSettlements')).error).toBeDefined();
    }
    const alert = await raisedOnce('settlement:o-stuck');
    expect(alert).toMatchObject({
      kind: 'settlement',
      condition: 'stuck',
      amountFen: 12_800,
      notifiedAt: expect.any(Date),
    });
    const [message] = await messagesTo(ADMIN);
    expect(message).toMatchObject({
      templateId: 'tpl-alert',
      page: 'admin/dashboard/dashboard',
      // The title 佣金结算长时间未完成 fitted to the phrase keyword; the amount without grouping.
      data: { amount1: { value: '¥128.00' }, time2: { value: '2026-03-31 12:35' }, phrase3: { value: '佣金结算长' } },
    });

    // The dashboard's 待处理 carries it, with its title and action.
    const dashboard = (await admin('dashboard')).data as DashboardOutput;
    expect(dashboard.alerts).toMatchObject({
      open: 1,
      templateId: 'tpl-alert',
      items: [{ id: 'settlement:o-stuck', title: '佣金结算长时间未完成', amountFen: 12_800, action: { button: null } }],
    });

    f.emu.emulator.faults.clear();
    expect((await f.emu.runTimer('sweepSettlements')).result).toMatchObject({ ok: true, data: { settled: 1 } });
    expect(await watch()).toMatchObject({ raised: 0, resolved: 1, open: 0, messages: 0 });
    expect(scan<AlertDocument>('alerts')).toEqual([
      expect.objectContaining({ state: 'resolved', resolvedBy: 'watch', resolvedAt: expect.any(Date) }),
    ]);
  });

  function afterSale(fields: Partial<AfterSaleDocument>): AfterSaleDocument {
    const at = now();
    return {
      _id: AFTER_SALE_ID,
      orderId: 'o-refund',
      buyerId: 'oBuyer',
      idempotencyKey: 'refund-0001',
      kind: 'refundOnly',
      wholeOrder: true,
      status: 'approved',
      orderStatusAtRequest: 'paid',
      lines: [],
      shippingFen: 0,
      amountFen: 5_000,
      reason: '不想要了',
      returnShipment: null,
      review: { decision: 'approve', by: ADMIN, at, reason: null, goodsReceived: false },
      refund: {
        outRefundNo: `a${AFTER_SALE_ID}`,
        refundId: null,
        attempts: 1,
        lastAttemptAt: at,
        acceptedAt: null,
        lastError: 'NOTENOUGH: 基本账户余额不足',
        succeededAt: null,
      },
      applied: null,
      createdAt: at,
      updatedAt: at,
      cancelledAt: null,
      ...fields,
    };
  }

  it('a refund WeChat Pay did not accept: the action re-drives it; marked handled, it comes back while it lasts', async () => {
    put('afterSales', afterSale({}));
    const alert = await raisedOnce(`refund:${AFTER_SALE_ID}`);
    expect(alert).toMatchObject({ condition: 'refused', amountFen: 5_000 });
    expect(alert.detail).toContain('NOTENOUGH');

    const listed = await admin('listAlerts');
    expect(listed.data.items).toEqual([
      expect.objectContaining({
        id: `refund:${AFTER_SALE_ID}`,
        title: '退款未被微信支付受理',
        action: expect.objectContaining({
          button: '重新发起退款',
          route: { name: 'approveAfterSale', input: { afterSaleId: AFTER_SALE_ID } },
        }),
      }),
    ]);

    // Marked handled while the refund is still refused: the next run raises it again, without a new message.
    expect(await admin('resolveAlert', { alertId: `refund:${AFTER_SALE_ID}` })).toMatchObject({
      ok: true,
      data: { status: 'resolved', alert: { state: 'resolved', resolvedBy: ADMIN } },
    });
    expect((await admin('resolveAlert', { alertId: `refund:${AFTER_SALE_ID}` })).data.status).toBe('unchanged');
    expect((await admin('resolveAlert', { alertId: 'refund:none' })).error?.code).toBe('ALERT_NOT_FOUND');
    expect(await watch()).toMatchObject({ raised: 1, open: 1, messages: 0 });
    expect(await messagesTo(ADMIN)).toHaveLength(1);

    // WeChat Pay accepted it on a retry: refunding, recently accepted, is no condition.
    put(
      'afterSales',
      afterSale({ status: 'refunding', refund: { ...afterSale({}).refund!, lastError: null, acceptedAt: now() } }),
    );
    expect(await watch()).toMatchObject({ resolved: 1, open: 0 });
  });

  it('a failed transfer: one alert and one message; marked handled it stays handled; it clears after 3 days', async () => {
    const at = now();
    const withdrawal: WithdrawalDocument = {
      _id: 'w:oDist:req-0001',
      userId: 'oDist',
      amountFen: 3_000,
      feeFen: 0,
      payoutFen: 3_000,
      channel: 'wechatTransfer',
      status: 'failed',
      rulesVersion: 1,
      dayKey: chinaDay(at),
      transfer: {
        outBillNo: 'wb0001',
        appId: 'wx-test',
        transferBillNo: 'tb0001',
        state: 'FAIL',
        packageInfo: null,
        failReason: 'ACCOUNT_FROZEN',
      },
      rejectReason: null,
      history: [
        { status: 'reviewing', at, by: 'oDist' },
        { status: 'paying', at, by: ADMIN },
        { status: 'failed', at, by: 'system', note: 'ACCOUNT_FROZEN' },
      ],
      createdAt: at,
      updatedAt: at,
    };
    put('withdrawals', withdrawal);
    const alert = await raisedOnce('transfer:w:oDist:req-0001');
    expect(alert).toMatchObject({ condition: 'failed', amountFen: 3_000 });

    // A failure is an event: once marked handled it is not raised again by the same failure.
    await admin('resolveAlert', { alertId: alert._id });
    expect(await watch()).toMatchObject({ raised: 0, open: 0 });

    // Raised again by a newer failure of the same withdrawal (say, a bill re-created and failed), then cleared after 3 days.
    await f.emu.advanceClock(MINUTE);
    put('withdrawals', { ...withdrawal, updatedAt: now() });
    expect(await watch()).toMatchObject({ raised: 1, open: 1, messages: 0 });
    await f.emu.advanceClock(3 * DAY);
    expect(await watch()).toMatchObject({ resolved: 1, open: 0 });
  });

  it('a reconciliation mismatch: one alert with the differences; resolved once every mismatch is', async () => {
    const day = chinaDay(now().getTime() - DAY);
    const mismatch = {
      kind: 'payment_amount_differs' as const,
      shopFen: 10_000,
      wechatFen: 9_000,
      detail: 'amounts differ',
      resolved: false,
    };
    const recon: Pick<ReconciliationDocument, '_id' | 'day' | 'mismatchCount' | 'mismatches'> = {
      _id: `recon:${day}`,
      day,
      mismatchCount: 2,
      mismatches: [
        { id: 'm1', ref: 'o-1', ...mismatch },
        {
          id: 'm2',
          ref: 'o-2',
          ...mismatch,
          kind: 'payment_unknown_to_shop',
          shopFen: null,
          wechatFen: 500,
          detail: 'only in the WeChat Pay bill',
        },
      ],
    };
    put('reconciliations', recon);
    const alert = await raisedOnce(`reconciliation:${day}`);
    expect(alert).toMatchObject({ condition: 'mismatch', amountFen: 1_500 });
    expect(alert.detail).toContain('2 of 2 mismatches');

    put('reconciliations', { ...recon, mismatches: recon.mismatches.map((m) => ({ ...m, resolved: true })) });
    expect(await watch()).toMatchObject({ resolved: 1, open: 0 });
  });

  it('a message the platform refuses is recorded, raised as an alert, and shown by listAlerts', async () => {
    // The merchant deleted the alert template from the mini-program: every alert message is refused.
    await control('/messages/templates/revoke', { templateId: 'tpl-alert' });
    put('afterSales', afterSale({}));
    expect(await watch()).toMatchObject({ raised: 1, messages: 0, failed: 0 });
    // An unknown template is refused before the platform looks at the recipient: both admins' sends are recorded.
    const failures = scan<MessageFailureDocument>('messageFailures');
    expect(failures.map((failure) => failure.touser).sort()).toEqual([ADMIN, UNSUBSCRIBED]);
    const failure = failures.find((candidate) => candidate.touser === ADMIN);
    expect(failure).toMatchObject({
      purpose: 'alert',
      templateId: 'tpl-alert',
      touser: ADMIN,
      page: 'admin/dashboard/dashboard',
      errCode: 40037,
      data: { amount1: { value: '¥50.00' }, phrase3: { value: '退款未被微' } },
    });
    expect(failure?.errMsg).toContain('invalid template id');

    // The next run raises the refused message as an alert of its own; its message fails too and is recorded, once.
    expect(await watch()).toMatchObject({ raised: 1, open: 2, messages: 0 });
    expect(scan('messageFailures')).toHaveLength(4);
    expect(await watch()).toMatchObject({ raised: 0, open: 2 });
    const listed = await admin('listAlerts');
    expect(listed.data.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: 'message:tpl-alert',
          title: '订阅消息发送失败',
          amountFen: null,
          action: expect.objectContaining({ page: 'rules/rules' }),
          detail: expect.stringContaining('40037'),
        }),
      ]),
    );
    expect(listed.data.failures).toHaveLength(4);
    expect(listed.data.failures[0]).toMatchObject({ purpose: 'alert', templateId: 'tpl-alert', errCode: 40037 });

    // No refusal for a day: the message alert clears by itself.
    await control('/messages/templates/restore', { templateId: 'tpl-alert' });
    await f.emu.advanceClock(DAY + MINUTE);
    expect(await watch()).toMatchObject({ resolved: 1, open: 1 });
    expect(openAlerts().map((alert) => alert._id)).toEqual([`refund:${AFTER_SALE_ID}`]);
  });

  it('a refusal that cannot be recorded is only logged: the run that sent the message goes on', async () => {
    await control('/messages/templates/revoke', { templateId: 'tpl-alert' });
    put('afterSales', afterSale({}));
    // The first insert of the run is the alert; every later one (the two refusal records) fails.
    f.emu.injectFault({
      action: 'database.insertDocument',
      function: 'watchOperations',
      kind: 'fail',
      nth: 2,
      times: 0,
    });
    expect(await watch()).toMatchObject({ done: true, failed: 0, raised: 1, open: 1, messages: 0 });
    expect(scan('messageFailures')).toEqual([]);
    expect(f.emu.emulator.faults.list()[0]?.fired).toBe(2);
    expect(openAlerts()).toEqual([
      expect.objectContaining({ _id: `refund:${AFTER_SALE_ID}`, notifiedAt: expect.any(Date) }),
    ]);
  });
});
