import { nextStatus, type OrderEvent, type OrderStatus } from '@shared/orderStates';

const STATUSES: OrderStatus[] = ['pending_payment', 'paid', 'shipped', 'completed', 'closed'];
const EVENTS: OrderEvent[] = ['pay', 'close', 'ship', 'complete', 'revive'];
const ALLOWED: Record<string, OrderStatus> = {
  'pending_payment pay': 'paid',
  'pending_payment close': 'closed',
  'paid ship': 'shipped',
  'shipped complete': 'completed',
  'closed revive': 'paid',
};

describe('order state machine', () => {
  it.each(STATUSES.flatMap((status) => EVENTS.map((event) => [status, event] as const)))(
    '%s --%s-->',
    (status, event) => {
      expect(nextStatus(status, event)).toBe(ALLOWED[`${status} ${event}`]);
    },
  );
});
