/**
 * The alert routes (docs/alerts.md): `listAlerts` shows the alerts the watchOperations timer
 * keeps and the latest refused subscribe messages; `resolveAlert` lets an admin mark an alert
 * handled. Marking handled does not change what the alert is about: if its condition lasts (the
 * refund still refused, the settlement still pending), the next watch run raises it again.
 */
import { alertView } from '@shared/contracts/alerts';
import type { AdminError, AdminInput, AdminOutput } from '@shared/contracts/admin';
import { messageFailureView } from '@shared/contracts/alerts';
import { fail, ok, type Result } from '@shared/result';
import { findWhere, getDoc, updateWhere } from '../_lib/db';
import { pageOf } from '../_lib/paging';
import type { AdminContext } from './context';

/** Refused messages listed with the alerts. */
const FAILURES_LISTED = 10;

export async function listAlerts(
  input: AdminInput<'listAlerts'>,
): Promise<Result<AdminOutput<'listAlerts'>, AdminError>> {
  const [rows, failures] = await Promise.all([
    findWhere(
      'alerts',
      { state: input.state },
      {
        orderBy: [
          ['lastSeenAt', 'desc'],
          ['_id', 'asc'],
        ],
        skip: input.offset,
        limit: input.limit + 1,
      },
    ),
    findWhere('messageFailures', {}, { orderBy: [['at', 'desc']], limit: FAILURES_LISTED }),
  ]);
  const { items, nextOffset } = pageOf(rows, input.offset, input.limit);
  return ok({ items: items.map(alertView), nextOffset, failures: failures.map(messageFailureView) });
}

export async function resolveAlert(
  context: AdminContext,
  input: AdminInput<'resolveAlert'>,
): Promise<Result<AdminOutput<'resolveAlert'>, AdminError>> {
  const resolved = await updateWhere(
    'alerts',
    { _id: input.alertId, state: 'open' },
    { state: 'resolved', resolvedAt: context.now, resolvedBy: context.openid },
  );
  const alert = await getDoc('alerts', input.alertId);
  if (!alert) return fail('ALERT_NOT_FOUND', `提醒 ${input.alertId} 不存在 (no such alert)`);
  return ok({ status: resolved === 1 ? 'resolved' : 'unchanged', alert: alertView(alert) });
}
