/**
 * The binding side of risk holds (docs/rules.md section 9): bindReferrer counts every binding it
 * writes per share code + client IP + hour (the bindBurst signal settlement reads later) and per
 * client IP + hour (the rate limit it checks before writing). Nothing is counted or limited while
 * risk is off or the IP names no client (shared/risk.ts isKnownIp).
 *
 * The limit is read, then the counter increased after the binding: two concurrent binds from one
 * IP at the limit may both pass. That is the price of not putting a shared counter into the
 * binding's write; the limit is a brake on scripts, not an exact quota.
 */
import { bindHour, codeBindCounterId, ipBindCounterId, isKnownIp, riskRulesOf } from '@shared/risk';
import type { Rules } from '@shared/rules';
import { incrementCounter } from './counters';
import { _, getDoc } from './db';

/** What a binding under risk rules records and counts; `source` null when the IP is unknown. */
export interface RiskBind {
  source: { ip: string; counterId: string; hour: string } | null;
  ipCounterId: string | null;
  /** Binds per IP per hour allowed; 0: no limit. */
  limit: number;
}

/** The binding's risk record under `rules`; null while risk is off. */
export function riskBindOf(rules: Rules, shareCode: string, clientIp: string, now: Date): RiskBind | null {
  const risk = riskRulesOf(rules);
  if (!risk.enabled) return null;
  if (!isKnownIp(clientIp)) return { source: null, ipCounterId: null, limit: 0 };
  const hour = bindHour(now);
  return {
    source: { ip: clientIp, counterId: codeBindCounterId(shareCode, clientIp, hour), hour },
    ipCounterId: ipBindCounterId(clientIp, hour),
    limit: risk.bindsPerIpPerHour,
  };
}

/** Whether the IP already made the allowed binds this hour (one read; none without a limit). */
export async function overBindLimit(risk: RiskBind): Promise<boolean> {
  if (risk.limit === 0 || !risk.ipCounterId) return false;
  const counter = await getDoc('bindCounters', risk.ipCounterId);
  return (counter?.count ?? 0) >= risk.limit;
}

/** Adds one to a counter, creating it at 1 (_lib/counters.ts). */
function increment(id: string, hour: string, now: Date): Promise<void> {
  return incrementCounter(
    'bindCounters',
    { count: _.inc(1), updatedAt: now },
    { _id: id, count: 1, hour, updatedAt: now },
  );
}

/** Counts a written binding for its code + IP and its IP (one round trip each, at once). */
export async function countBind(risk: RiskBind, now: Date): Promise<void> {
  const { source, ipCounterId } = risk;
  if (!source || !ipCounterId) return;
  await Promise.all([increment(source.counterId, source.hour, now), increment(ipCounterId, source.hour, now)]);
}
