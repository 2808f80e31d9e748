/**
 * What the 秒杀 page shows (pure, tested): each session with its countdown, each SKU with the
 * flash price, the original struck through, a progress bar of sold / allotted and its button.
 * Countdowns run from the catalog's clock: the page keeps the difference between the server's
 * time and the phone's (`clockOffsetMs`), so a phone whose clock is wrong still counts right.
 */
import type { FlashSaleSession, FlashSalesOutput } from '@shared/contracts/flashSale';
import { formatFen } from '@shared/money';

export interface FlashItemView {
  key: string;
  skuId: string;
  productId: string;
  name: string;
  spec: string;
  coverUrl: string;
  price: string;
  original: string;
  /** 0-100, the width of the progress bar. */
  soldPercent: number;
  progressText: string;
  /** 'buy' (马上抢), 'soldOut' (已抢光) or 'upcoming' (即将开始). */
  action: 'buy' | 'soldOut' | 'upcoming';
  actionText: string;
  /** The checkout for one unit in this session (the flash price needs the activity). */
  buyUrl: string;
}

export interface FlashSessionView {
  id: string;
  name: string;
  state: FlashSaleSession['state'];
  stateText: string;
  /** The instant the countdown counts to (the end of a running session, the start of an upcoming one). */
  targetMs: number;
  countdown: string;
  items: FlashItemView[];
}

const pad = (value: number): string => String(value).padStart(2, '0');

/** "02:03:04" (with "1天 " before it beyond a day) until `targetMs`, server time; "00:00:00" once passed. */
export function clockText(targetMs: number, clockOffsetMs: number, phoneNowMs: number): string {
  const left = Math.max(0, Math.floor((targetMs - (phoneNowMs + clockOffsetMs)) / 1000));
  const days = Math.floor(left / 86400);
  const clock = `${pad(Math.floor((left % 86400) / 3600))}:${pad(Math.floor((left % 3600) / 60))}:${pad(left % 60)}`;
  return days > 0 ? `${days}天 ${clock}` : clock;
}

export function countdownOf(session: FlashSessionView, clockOffsetMs: number, phoneNowMs: number): string {
  const prefix = session.state === 'running' ? '距结束' : '距开始';
  return `${prefix} ${clockText(session.targetMs, clockOffsetMs, phoneNowMs)}`;
}

function itemView(session: FlashSaleSession, item: FlashSaleSession['items'][number]): FlashItemView {
  const soldOut = item.soldCount >= item.stock;
  const soldPercent = item.stock > 0 ? Math.min(100, Math.floor((item.soldCount * 100) / item.stock)) : 100;
  const action = session.state === 'upcoming' ? 'upcoming' : soldOut ? 'soldOut' : 'buy';
  return {
    key: `${session.id}-${item.skuId}`,
    skuId: item.skuId,
    productId: item.productId,
    name: item.name,
    spec: item.spec,
    coverUrl: item.coverUrl ?? '',
    price: formatFen(item.priceFen),
    original: formatFen(item.originalPriceFen),
    soldPercent,
    progressText: soldOut ? '已抢光' : `已抢 ${soldPercent}%`,
    action,
    actionText: { buy: '马上抢', soldOut: '已抢光', upcoming: '即将开始' }[action],
    buyUrl: `/shop/checkout/checkout?skuId=${encodeURIComponent(item.skuId)}&quantity=1&activityId=${encodeURIComponent(session.id)}`,
  };
}

/** The sessions as the page lists them, and the server-minus-phone clock offset. */
export function flashSaleView(
  output: FlashSalesOutput,
  phoneNowMs: number,
): { clockOffsetMs: number; sessions: FlashSessionView[] } {
  const clockOffsetMs = Date.parse(output.serverTime) - phoneNowMs;
  const sessions = output.sessions.map((session): FlashSessionView => {
    const view: FlashSessionView = {
      id: session.id,
      name: session.name,
      state: session.state,
      stateText: session.state === 'running' ? '抢购中' : '即将开始',
      targetMs: Date.parse(session.state === 'running' ? session.endAt : session.startAt),
      countdown: '',
      items: session.items.map((item) => itemView(session, item)),
    };
    return { ...view, countdown: countdownOf(view, clockOffsetMs, phoneNowMs) };
  });
  return { clockOffsetMs, sessions };
}
