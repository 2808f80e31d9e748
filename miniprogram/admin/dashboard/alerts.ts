/**
 * 待处理 on the dashboard: the open alerts (docs/alerts.md) as the page shows them, and what their
 * buttons do. A button runs the alert's admin route where one exists (re-submitting a refund,
 * syncing a transfer) or opens the page where the merchant acts; 标记已处理 resolves the alert,
 * which the next watch run raises again if its condition lasts.
 */
import { chinaDay, chinaFormat } from '@shared/chinaTime';
import type { AlertView } from '@shared/contracts/alerts';
import { formatFen } from '@shared/money';
import {
  approveAfterSale,
  redriveAfterSaleRefund,
  resolveAlert,
  retryShippingUpload,
  syncWithdrawal,
} from '../../services/admin';
import { adminFailureMessage } from '../gate';

export interface AlertItem {
  id: string;
  kind: string;
  title: string;
  /** The money concerned through the one formatter; '' when there is none. */
  amount: string;
  /** When it was raised: HH:mm on the dashboard's day, MM-DD HH:mm before. */
  when: string;
  detail: string;
  actionText: string;
  button: string | null;
}

export function alertItems(alerts: AlertView[], day: string): AlertItem[] {
  return alerts.map((alert) => {
    const at = Date.parse(alert.firstSeenAt);
    return {
      id: alert.id,
      kind: alert.kind,
      title: alert.title,
      amount: alert.amountFen === null ? '' : formatFen(alert.amountFen),
      when: chinaFormat(at, chinaDay(at) === day ? 'HH:mm' : 'MM-DD HH:mm'),
      detail: alert.detail,
      actionText: alert.action.text,
      button: alert.action.button,
    };
  });
}

type Answer = { ok: true } | { ok: false; error: { code: string; message: string } };

/** Shows how an action went: its own words when it worked, the function's message when not. */
async function report(answer: Promise<Answer>, done: string): Promise<boolean> {
  const result = await answer;
  await wx.showToast({
    title: result.ok ? done : adminFailureMessage(result.error),
    icon: result.ok ? 'success' : 'none',
  });
  return result.ok;
}

/** Runs the alert's action; true when something changed and the dashboard should reload. */
export async function runAlertAction(alert: AlertView): Promise<boolean> {
  const { route, page } = alert.action;
  if (route?.name === 'approveAfterSale') return report(approveAfterSale(route.input), '已重新发起');
  if (route?.name === 'redriveAfterSaleRefund') return report(redriveAfterSaleRefund(route.input), '已查询');
  if (route?.name === 'syncWithdrawal') return report(syncWithdrawal(route.input), '已同步');
  if (route?.name === 'retryShippingUpload') return report(retryShippingUpload(route.input), '已重新上报');
  if (page) await wx.navigateTo({ url: `/admin/${page}` });
  return false;
}

export function markHandled(alertId: string): Promise<boolean> {
  return report(resolveAlert({ alertId }), '已标记处理');
}

/** Asks the admin to accept one alert message (each acceptance lets the platform deliver one). */
export async function subscribeToAlerts(templateId: string): Promise<void> {
  if (typeof wx.requestSubscribeMessage !== 'function') return;
  try {
    const answer = await wx.requestSubscribeMessage({ tmplIds: [templateId] });
    const accepted = (answer as unknown as Record<string, string>)[templateId] === 'accept';
    await wx.showToast({ title: accepted ? '有新的待处理时会提醒你' : '未订阅', icon: 'none' });
  } catch {
    // Refused or unavailable: the alerts stay on this page.
  }
}
