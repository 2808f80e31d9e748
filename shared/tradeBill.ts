/**
 * WeChat Pay's trade bill (交易账单), as cloudPay.downloadBill answers it, read into payments
 * and refunds (docs/reconciliation.md). Pure.
 *
 * The bill, as WeChat Pay writes it: a header line of column names, one line per payment that
 * succeeded that day and per refund accepted that day, then a summary header and the summary.
 * Every field of a data line starts with a backtick, fields are separated by commas, amounts are
 * yuan with two decimals. Columns are found by name, because older merchant accounts still get
 * an older header (总金额 instead of 应结订单金额 and 订单金额).
 */
import { fail, ok, type Result } from './result';

export interface BillPayment {
  outTradeNo: string;
  transactionId: string;
  /** What was paid, fen (订单金额, or the settlement amount on an older header). */
  fen: number;
}

export interface BillRefund {
  outRefundNo: string;
  outTradeNo: string;
  refundId: string;
  /** What was refunded, fen (申请退款金额, or 退款金额 on an older header). */
  fen: number;
  /** When the bill was generated: SUCCESS, PROCESSING, REFUNDCLOSE or CHANGE (never updated later). */
  status: string;
}

export interface TradeBill {
  payments: BillPayment[];
  refunds: BillRefund[];
}

/** The first column of `names` the header has. */
type Columns = Map<string, number>;
const PAYMENT_AMOUNT = ['订单金额', '应结订单金额', '总金额'];
const REFUND_AMOUNT = ['申请退款金额', '退款金额'];
/** The summary column that adds up each amount column. */
const TOTAL_OF: Record<string, string[]> = {
  订单金额: ['订单总金额'],
  应结订单金额: ['应结订单总金额'],
  总金额: ['总交易额'],
  申请退款金额: ['申请退款总金额'],
  退款金额: ['退款总金额', '总退款金额'],
};

/** Yuan text (`12.30`, `-0.02`) as fen, exactly; null when it is not an amount. */
export function yuanToFen(text: string): number | null {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const fen = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -fen : fen;
}

/** A data or summary line's fields, without their backticks (a field may itself hold a comma). */
function fieldsOf(line: string): string[] | null {
  return line.startsWith('`') ? line.slice(1).split(',`') : null;
}

function firstColumn(columns: Columns, names: string[]): string | undefined {
  return names.find((name) => columns.has(name));
}

interface Table {
  columns: Columns;
  rows: string[][];
  summary: Map<string, string>;
}

/** The bill's lines as a table: its header, its data lines by field and its summary by column. */
function tableOf(text: string): Result<Table, 'BAD_BILL'> {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '');
  const [head, summaryHead, summaryLine] = [lines[0], lines[lines.length - 2], lines[lines.length - 1]];
  if (lines.length < 3 || !head || !summaryHead || !summaryLine) return fail('BAD_BILL', 'the bill has no summary');
  const columns: Columns = new Map(head.split(',').map((name, index) => [name.trim(), index]));
  const summaryFields = fieldsOf(summaryLine) ?? [];
  const summaryNames = summaryHead.split(',').map((name) => name.trim());
  if (summaryFields.length !== summaryNames.length) return fail('BAD_BILL', 'the summary does not fit its header');
  const rows: string[][] = [];
  for (const [index, line] of lines.slice(1, -2).entries()) {
    const fields = fieldsOf(line);
    if (!fields || fields.length !== columns.size)
      return fail('BAD_BILL', `line ${index + 2} has ${fields?.length ?? 0} fields, the header ${columns.size}`);
    rows.push(fields);
  }
  return ok({ columns, rows, summary: new Map(summaryNames.map((name, index) => [name, summaryFields[index] ?? ''])) });
}

/** The summary's row count and totals must be those of the lines: a cut download is not a bill. */
function checkSummary(table: Table): string | null {
  if (Number(table.summary.get('总交易单数')) !== table.rows.length)
    return `the summary counts ${table.summary.get('总交易单数') ?? '?'} lines, the bill has ${table.rows.length}`;
  for (const [column, totals] of Object.entries(TOTAL_OF)) {
    const index = table.columns.get(column);
    const total = totals.map((name) => table.summary.get(name)).find((value) => value !== undefined);
    if (index === undefined || total === undefined) continue;
    const sum = table.rows.reduce((acc, row) => acc + (yuanToFen(row[index] ?? '') ?? NaN), 0);
    if (sum !== yuanToFen(total)) return `${column} adds up to ${sum} fen, the summary says ${total}`;
  }
  return null;
}

/** Reads a trade bill (the ALL, SUCCESS or REFUND type). */
export function parseTradeBill(text: string): Result<TradeBill, 'BAD_BILL'> {
  const table = tableOf(text);
  if (!table.ok) return table;
  const { columns, rows } = table.data;
  const payAmount = firstColumn(columns, PAYMENT_AMOUNT);
  const refundAmount = firstColumn(columns, REFUND_AMOUNT);
  const required = ['交易状态', '商户订单号', '微信订单号'];
  const missing = required.find((name) => !columns.has(name)) ?? (payAmount ? undefined : '订单金额');
  if (missing) return fail('BAD_BILL', `the header has no ${missing}`);
  const broken = checkSummary(table.data);
  if (broken) return fail('BAD_BILL', broken);
  const field = (row: string[], name: string | undefined): string =>
    name === undefined ? '' : (row[columns.get(name) ?? -1] ?? '');
  const bill: TradeBill = { payments: [], refunds: [] };
  for (const row of rows) {
    const [state, outTradeNo, transactionId] = required.map((name) => field(row, name)) as [string, string, string];
    if (state === 'SUCCESS') {
      bill.payments.push({ outTradeNo, transactionId, fen: yuanToFen(field(row, payAmount)) ?? NaN });
    } else if (state === 'REFUND' && refundAmount && columns.has('商户退款单号')) {
      const [outRefundNo, refundId, status] = ['商户退款单号', '微信退款单号', '退款状态'].map((name) =>
        field(row, name),
      );
      const fen = yuanToFen(field(row, refundAmount)) ?? NaN;
      bill.refunds.push({
        outRefundNo: outRefundNo ?? '',
        outTradeNo,
        refundId: refundId ?? '',
        fen,
        status: status ?? '',
      });
    } else return fail('BAD_BILL', `a line of ${outTradeNo} has the state ${state}, which this reader does not know`);
  }
  const unreadable = [...bill.payments, ...bill.refunds].some((entry) => !Number.isInteger(entry.fen));
  return unreadable ? fail('BAD_BILL', 'an amount is not yuan with two decimals') : ok(bill);
}
