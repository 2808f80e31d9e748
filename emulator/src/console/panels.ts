/// <reference lib="dom" />
/** The console's sandbox views: payments and payouts, the clock and timers, subscribe messages, shipping uploads. */
import { formatFen } from '@shared/money';
import { apiPath, button, call, el, pre, section, table, when, type Json } from './dom';

const fen = (value: unknown): string => (typeof value === 'number' ? formatFen(value) : '');

export async function paymentsView(): Promise<HTMLElement[]> {
  const { payments } = await call('GET', '/payments');
  const rows = (payments as Json[]).map((payment) => [
    payment.outTradeNo,
    fen(payment.totalFee),
    el('span', { className: payment.state === 'SUCCESS' ? 'ok' : 'muted', 'data-state': payment.state }, payment.state),
    payment.functionName ?? '',
    String(payment.callback?.attempts?.length ?? 0),
    el(
      'span',
      {},
      ...(payment.state === 'NOTPAY'
        ? [
            button('pay', () => call('POST', `${apiPath('payments', payment.outTradeNo)}/pay`)),
            button('fail', () => call('POST', `${apiPath('payments', payment.outTradeNo)}/fail`), true),
          ]
        : []),
    ),
  ]);
  const payouts = await call('GET', '/payouts').catch(() => ({ payouts: [] }));
  const payoutRows = (payouts.payouts as Json[]).map((payout) => [
    payout.outBillNo,
    fen(payout.transferAmount),
    payout.state,
    el(
      'span',
      {},
      ...(payout.state === 'WAIT_USER_CONFIRM'
        ? [
            button('confirm', () => call('POST', `${apiPath('payouts', payout.outBillNo)}/confirm`, {})),
            button('decline', () => call('POST', `${apiPath('payouts', payout.outBillNo)}/decline`, {}), true),
          ]
        : []),
    ),
  ]);
  return [
    section('Payments 支付沙箱', table(['out_trade_no', 'amount', 'state', 'callback', 'deliveries', ''], rows)),
    section('Payouts 商家转账', table(['out_bill_no', 'amount', 'state', ''], payoutRows)),
  ];
}

export async function clockView(): Promise<HTMLElement[]> {
  const [clock, timers] = await Promise.all([call('GET', '/clock'), call('GET', '/timers')]);
  const advance = (label: string, ms: number): HTMLElement =>
    button(label, () => call('POST', '/clock', { advanceMs: ms }));
  const controls = el(
    'div',
    { className: 'row' },
    `now ${when(clock.nowMs)}`,
    advance('+1 h', 3_600_000),
    advance('+1 d', 86_400_000),
    advance('+7 d', 7 * 86_400_000),
  );
  const timerRows = (timers.timers as Json[]).map((t) => [
    t.function,
    t.trigger,
    t.cron,
    when(t.nextAt),
    button('fire now', () => call('POST', apiPath('timers', t.trigger))),
  ]);
  const firingRows = (timers.firings as Json[])
    .slice(-100)
    .reverse()
    .map((f) => [when(f.dueAt), f.function, el('span', { className: f.ok ? 'ok' : 'bad' }, f.ok ? 'ok' : 'error')]);
  return [
    section('Clock 虚拟时钟', controls),
    section('Timers 定时触发器', table(['function', 'trigger', 'cron (UTC+8)', 'next', ''], timerRows)),
    section('Firings', table(['slot', 'function', 'status'], firingRows)),
  ];
}

export async function messagesView(): Promise<HTMLElement[]> {
  const { messages } = await call('GET', '/messages').catch(() => ({ messages: [] }));
  return [
    section(
      'Subscribe messages 订阅消息',
      table(
        ['sent', 'to', 'template', 'data'],
        (messages as Json[]).map((m) => [
          when(m.sentAt ?? m.at),
          m.touser,
          m.templateId ?? m.template_id ?? '',
          pre(m.data),
        ]),
      ),
    ),
  ];
}

/** 发货信息: the shipping uploads of the open API, newest first; the shopper's receipt can be confirmed here. */
export async function shippingView(): Promise<HTMLElement[]> {
  const { uploads } = await call('GET', '/shipping').catch(() => ({ uploads: [] }));
  const logistics: Record<number, string> = { 1: '快递', 2: '同城配送', 3: '虚拟商品', 4: '用户自提' };
  const rows = (uploads as Json[]).map((upload) => [
    upload.outTradeNo,
    upload.transactionId,
    logistics[upload.logisticsType as number] ?? String(upload.logisticsType),
    (upload.shippingList as Json[])
      .map((entry) => [entry.express_company, entry.tracking_no].filter(Boolean).join(' ') || entry.item_desc)
      .join('; '),
    String(upload.uploads),
    el('span', { className: upload.state === 'confirmed' ? 'ok' : 'muted', 'data-state': upload.state }, upload.state),
    when(upload.lastUploadedAt),
    upload.state === 'shipped'
      ? button('confirm receipt', () => call('POST', '/shipping/confirm', { transactionId: upload.transactionId }))
      : '',
  ]);
  return [
    section(
      'Shipping 发货信息',
      table(['out_trade_no', 'transaction_id', 'logistics', 'shipping', 'uploads', 'state', 'uploaded', ''], rows),
    ),
  ];
}
