/**
 * The new-commission subscribe message: after a settlement committed,
 * each beneficiary credited something gets one message with what their frozen balance gained.
 * A courtesy only (see _lib/notify.ts): it is sent after the money changed, a user without a
 * subscription is the normal case, and a failure never fails the settlement. A beneficiary whose
 * whole commission was refunded before settlement (a credit of 0) gets no message.
 */
import { notify, type NotifyOutcome } from './notify';
import type { RulesDocument } from '@shared/rules';

/** The distributor center page of the mini-program (subpackage `distributor`). */
export const COMMISSION_NOTICE_PAGE = 'distributor/center/center';
export const COMMISSION_NOTICE_NOTE = '新佣金待结算';

export async function notifyNewCommissions(
  credits: ReadonlyMap<string, number>,
  now: Date,
  rules: Pick<RulesDocument, 'notifications'> | null,
): Promise<NotifyOutcome[]> {
  const recipients = [...credits].filter(([, amountFen]) => amountFen > 0);
  if (recipients.length === 0) return [];
  // The current rules (read by the settlement before its transaction), not the order's version:
  // the merchant may have switched messages on since. Unreadable rules skip the courtesy.
  const template = rules?.notifications.commission;
  if (!template) return [];
  return Promise.all(
    recipients.map(([touser, amountFen]) =>
      notify({
        purpose: 'commission',
        touser,
        template,
        page: COMMISSION_NOTICE_PAGE,
        amountFen,
        time: now,
        note: COMMISSION_NOTICE_NOTE,
      }),
    ),
  );
}
