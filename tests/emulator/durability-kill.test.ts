/**
 * Durable mode keeps more than the database: sandbox payments, refunds, transfer bills, pending
 * notification re-deliveries and the virtual clock survive `kill -9` too. The emulator process
 * runs a mixed load (payments created, paid and refunded through the real SDK and the control
 * plane, transfer bills created and confirmed, clock advances) and is SIGKILLed in the middle;
 * after a restart every action that was acknowledged is there, and what was pending goes on.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sdkEnvironment } from '../../emulator/src/index';
import { startEmulatorProcess, waitForExit, type EmulatorProcess } from '../helpers/process';

type Json = Record<string, any>;

const ENV = 'local-env';
const SUB_MCH_ID = '1900000109';
const AUTHORIZATION =
  'WECHATPAY2-SHA256-RSA2048 mchid="1900000001",nonce_str="n",timestamp="1700000000",serial_no="S",signature="x"';

/** The real wx-server-sdk of this process, pointed at an emulator process. */
function connect(url: string): any {
  // SILENCE: requests cut off by the kill would otherwise leave the SDK's 3 s slow-request timers running.
  Object.assign(process.env, sdkEnvironment(`${url}/admin`, ENV), { SILENCE: 'true' });
  const cloud = require('wx-server-sdk') as any;
  cloud.init({ env: ENV });
  return cloud;
}

async function control(url: string, method: string, path: string, body?: unknown, headers = {}): Promise<Json> {
  const response = await fetch(`${url}/_emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = (await response.json()) as Json;
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
  return answer;
}

/** What the load saw acknowledged before the kill. */
interface Acknowledged {
  created: Set<string>;
  paid: Set<string>;
  refunds: Map<string, string>;
  bills: Set<string>;
  confirmed: Set<string>;
  clockMs: number;
  count(): number;
}

function acknowledged(): Acknowledged {
  const ack = {
    created: new Set<string>(),
    paid: new Set<string>(),
    refunds: new Map<string, string>(),
    bills: new Set<string>(),
    confirmed: new Set<string>(),
    clockMs: 0,
    count: () => ack.created.size + ack.paid.size + ack.refunds.size + ack.bills.size + ack.confirmed.size,
  };
  return ack;
}

/** Creates, pays and refunds payments until the process dies; records what was acknowledged. */
async function paymentLoad(cloud: any, url: string, worker: number, ack: Acknowledged): Promise<void> {
  for (let i = 0; ; i += 1) {
    const outTradeNo = `K${worker}x${i}`;
    try {
      const order = await cloud.cloudPay.unifiedOrder({
        body: 'kill test',
        outTradeNo,
        spbillCreateIp: '127.0.0.1',
        subMchId: SUB_MCH_ID,
        totalFee: 100,
        envId: ENV,
        functionName: 'onPayCallback',
        nonceStr: 'n',
        tradeType: 'JSAPI',
        subOpenid: 'oKILLTEST',
      });
      if (order.resultCode !== 'SUCCESS') throw new Error(JSON.stringify(order));
      ack.created.add(outTradeNo);
      if (i % 3 === 0) continue; // Left unpaid.
      await control(url, 'POST', `/payments/${outTradeNo}/pay`);
      ack.paid.add(outTradeNo);
      if (i % 3 === 1) continue;
      const refund = await cloud.cloudPay.refund({
        outTradeNo,
        outRefundNo: `R${outTradeNo}`,
        subMchId: SUB_MCH_ID,
        totalFee: 100,
        refundFee: 40,
        envId: ENV,
        functionName: 'onRefundCallback',
        nonceStr: 'n',
      });
      if (refund.resultCode !== 'SUCCESS') throw new Error(JSON.stringify(refund));
      ack.refunds.set(outTradeNo, `R${outTradeNo}`);
    } catch {
      return; // The process died under this request: it was never acknowledged.
    }
  }
}

/** Creates transfer bills and confirms every other one until the process dies. */
async function payoutLoad(url: string, ack: Acknowledged): Promise<void> {
  for (let i = 0; ; i += 1) {
    const outBillNo = `B${i}`;
    try {
      await control(
        url,
        'POST',
        '/wxpay/v3/fund-app/mch-transfer/transfer-bills',
        {
          appid: 'wxemulatorappid',
          out_bill_no: outBillNo,
          transfer_scene_id: '1000',
          openid: 'oKILLTEST',
          transfer_amount: 100,
          transfer_remark: 'kill test',
          transfer_scene_report_infos: [{ info_type: '活动名称', info_content: '测试' }],
        },
        { authorization: AUTHORIZATION },
      );
      ack.bills.add(outBillNo);
      if (i % 2 === 1) continue;
      await control(url, 'POST', `/payouts/${outBillNo}/confirm`, {});
      ack.confirmed.add(outBillNo);
    } catch {
      return;
    }
  }
}

/** Moves the clock by a second at a time until the process dies; records the latest acknowledged time. */
async function clockLoad(url: string, ack: Acknowledged): Promise<void> {
  for (;;) {
    try {
      const moved = await control(url, 'POST', '/clock', { advanceMs: 1_000 });
      ack.clockMs = Math.max(ack.clockMs, moved.nowMs as number);
    } catch {
      return;
    }
  }
}

describe('durable mode under kill -9: payments, payouts, jobs and the clock', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'emulator-kill-'));
  const args = ['--port', '0', '--no-seed', '--data-dir', dataDir];
  let running: EmulatorProcess | undefined;

  afterAll(async () => {
    running?.child.kill('SIGKILL');
    if (running) await waitForExit(running.child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged action, and pending work goes on after the restart', async () => {
    running = await startEmulatorProcess(args);
    const cloud = connect(running.url);
    const ack = acknowledged();
    const url = running.url;
    const loads = [
      paymentLoad(cloud, url, 0, ack),
      paymentLoad(cloud, url, 1, ack),
      payoutLoad(url, ack),
      clockLoad(url, ack),
    ];
    while (ack.count() < 80 || ack.refunds.size < 3) await new Promise((resolve) => setTimeout(resolve, 5));
    running.child.kill('SIGKILL');
    await waitForExit(running.child);
    await Promise.all(loads);

    running = await startEmulatorProcess(args);
    const revived = running.url;
    const clock = await control(revived, 'GET', '/clock');
    expect(clock.nowMs).toBeGreaterThanOrEqual(ack.clockMs);

    const payments = new Map<string, Json>(
      ((await control(revived, 'GET', '/payments')).payments as Json[]).map((p) => [p.outTradeNo, p]),
    );
    for (const outTradeNo of ack.created) expect(payments.get(outTradeNo)).toBeDefined();
    for (const outTradeNo of ack.paid) {
      expect(['SUCCESS', 'REFUND']).toContain(payments.get(outTradeNo)?.state);
      // The shop knows no such order, so it never acknowledges: a re-delivery is always pending.
      expect(payments.get(outTradeNo)?.callback).toMatchObject({ state: 'DELIVERING' });
    }
    for (const [outTradeNo, outRefundNo] of ack.refunds)
      expect(payments.get(outTradeNo)?.refunds.map((r: Json) => r.outRefundNo)).toContain(outRefundNo);
    const payouts = new Map<string, Json>(
      ((await control(revived, 'GET', '/payouts')).payouts as Json[]).map((p) => [p.outBillNo, p]),
    );
    for (const outBillNo of ack.bills) expect(payouts.get(outBillNo)).toBeDefined();
    for (const outBillNo of ack.confirmed) expect(payouts.get(outBillNo)?.state).toBe('SUCCESS');

    // A payment created but never paid can be paid now, and its notification is delivered.
    const unpaid = [...ack.created].find((no) => payments.get(no)?.state === 'NOTPAY') as string;
    const paidNow = await control(revived, 'POST', `/payments/${unpaid}/pay`);
    expect(paidNow.callback.attempts).toHaveLength(1);

    // Pending re-deliveries and refund completions fire when their time comes.
    const refundedNo = [...ack.refunds.keys()][0] as string;
    const attemptsBefore = payments.get(refundedNo)?.callback.attempts.length as number;
    // An hour covers the next re-delivery whatever its place in the schedule reached before the kill.
    await control(revived, 'POST', '/clock', { advanceMs: 60 * 60_000 });
    const after = await control(revived, 'GET', `/payments/${refundedNo}`);
    expect(after.callback.attempts.length).toBeGreaterThan(attemptsBefore);
    expect(after.refunds[0].status).toBe('SUCCESS');
    expect(after.refunds[0].callback.attempts.length).toBeGreaterThanOrEqual(1);
  });
});
