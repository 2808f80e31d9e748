/**
 * The alert message to the admins: one subscribe message per newly raised alert to every admin,
 * with the template the merchant chose for alerts (rules `notifications.alert`). An admin who has
 * not subscribed gets none (43101, the normal case: each acceptance of wx.requestSubscribeMessage
 * on the dashboard lets the platform deliver one message); any other refusal is recorded by
 * _lib/notify.ts. The alert is claimed before sending (`notifiedAt`), so it is messaged once;
 * with the message off it is claimed all the same, so that switching it on later does not send
 * a burst of old alerts.
 */
import { alertTexts, type AlertDocument } from '@shared/alerts';
import { findWhere, updateWhere } from '../_lib/db';
import { notify } from '../_lib/notify';
import { loadRules } from '../_lib/rules';

/** The page an alert message opens: the merchant's dashboard, whose 待处理 lists the alert. */
export const ALERT_PAGE = 'admin/dashboard/dashboard';
/** A shop has a handful of admins. */
const MAX_ADMINS = 100;

/** Sends the messages of `alerts` (open, not yet messaged); answers how many were delivered. */
export async function messageAdmins(alerts: AlertDocument[], now: Date): Promise<number> {
  if (alerts.length === 0) return 0;
  const [rules, admins] = await Promise.all([loadRules(), findWhere('admins', {}, { limit: MAX_ADMINS })]);
  const template = rules.notifications.alert ?? null;
  let delivered = 0;
  for (const alert of alerts) {
    const claimed = await updateWhere(
      'alerts',
      { _id: alert._id, state: 'open', notifiedAt: null },
      { notifiedAt: now },
    );
    if (claimed !== 1 || !template) continue;
    const outcomes = await Promise.all(
      admins.map((admin) =>
        notify({
          purpose: 'alert',
          touser: admin._id,
          template,
          page: ALERT_PAGE,
          amountFen: alert.amountFen ?? 0,
          time: new Date(alert.firstSeenAt),
          note: alertTexts(alert).title,
        }),
      ),
    );
    delivered += outcomes.filter((outcome) => outcome === 'sent').length;
  }
  return delivered;
}
