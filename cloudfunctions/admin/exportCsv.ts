/**
 * The rows and text of the order export's CSV file (exportOrders.ts reads the orders and stores
 * the file). One row per order line, Chinese headers, amounts in yuan with two decimals.
 *
 * Choices made for the merchant's spreadsheet (Excel, WPS, Numbers):
 * - UTF-8 with a byte order mark and CRLF line ends: without the mark Excel reads the file as
 *   the system's legacy code page and garbles every Chinese character.
 * - Amounts come from the one formatter (formatFen) without its `¥` and thousands separators, so
 *   the spreadsheet reads them as numbers it can sum.
 * - The order's own amounts (运费, 订单实付) stand on its first line only, so a column sum is
 *   the total over the orders, not a multiple of it; the line amounts stand on every line.
 * - Long digit strings (order and tracking numbers) are written as `="…"`: Excel would otherwise
 *   turn a 16-digit order number into 2.02612E+15 and lose its last digits.
 * - A cell that starts with = + - @ gets a leading apostrophe, so text a shopper typed (an
 *   address, a note, a nickname) can never run as a spreadsheet formula.
 */
import { chinaDateTime } from '@shared/chinaTime';
import { formatFen } from '@shared/money';
import { ORDER_STATUS_LABELS } from '@shared/orderStates';
import { displayOrderNo, type OrderDocument } from '@shared/orders';

export const EXPORT_HEADERS = [
  '订单号',
  '下单时间',
  '付款时间',
  '状态',
  '买家',
  '商品',
  '规格',
  '数量',
  '单价',
  '小计',
  '商品实付',
  '已退款',
  '运费',
  '订单实付',
  '收货人',
  '电话',
  '地址',
  '买家备注',
  '快递公司',
  '快递单号',
  '分销员',
  '佣金',
] as const;

/** The BOM that tells spreadsheet programs the file is UTF-8. */
const BOM = '\uFEFF';

/** Yuan with two decimals as a plain number: formatFen's text without its currency sign and separators. */
export function csvYuan(amountFen: number): string {
  return formatFen(amountFen).replace(/[¥,]/g, '');
}

/** 138****0000: the middle four digits of a mainland mobile number hidden. */
function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}

/** Text a shopper or the merchant typed, made inert for spreadsheets. */
function text(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** An identifier that must stay text: long digit strings as a formula that yields the text itself. */
function identifier(value: string): string {
  return /^\d{12,}$/.test(value) ? `="${value}"` : text(value);
}

export interface ExportNames {
  /** Nickname of every buyer and distributor the orders name ('' when they set none). */
  nicknames: Map<string, string>;
  phone: 'masked' | 'full';
}

const who = (names: ExportNames, openid: string | undefined): string =>
  openid === undefined ? '' : text(names.nicknames.get(openid) || openid);

/** The order's rows: one per line, the order's fields repeated, its own amounts on the first line only. */
export function orderRows(order: OrderDocument, names: ExportNames): string[][] {
  const { address, shipping } = order;
  const head = [
    identifier(displayOrderNo(order)),
    chinaDateTime(order.createdAt),
    order.payment.paidAt ? chinaDateTime(order.payment.paidAt) : '',
    ORDER_STATUS_LABELS[order.status],
    who(names, order.buyerId),
  ];
  const delivery = [
    text(address.name),
    names.phone === 'full' ? address.phone : maskPhone(address.phone),
    text(`${address.province}${address.city}${address.district}${address.detail}`),
    text(order.note),
    text(shipping?.carrier ?? ''),
    identifier(shipping?.trackingNo ?? ''),
    who(names, order.chain[0]),
  ];
  return order.lines.map((line, index) => [
    ...head,
    text(line.name),
    text(line.spec),
    String(line.quantity),
    csvYuan(line.unitPriceFen),
    csvYuan(line.lineTotalFen),
    csvYuan(line.paidFen),
    csvYuan(line.refundedFen),
    index === 0 ? csvYuan(order.shippingFen) : '',
    index === 0 ? csvYuan(order.payableFen) : '',
    ...delivery,
    csvYuan(line.attribution.totalFen),
  ]);
}

/** RFC 4180 quoting: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The whole file: BOM, header and rows, CRLF line ends. */
export function csvText(rows: string[][]): string {
  return BOM + [[...EXPORT_HEADERS], ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
