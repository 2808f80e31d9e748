/**
 * The rules' exit section on 分销规则 (docs/team.md section 4): what happens to the frozen
 * commission of a distributor who leaves (照常结算 / 作废) and when a leaver may come back. Rules
 * saved before the section existed read as the defaults, and the form writes the section only
 * when it exists already or the merchant chose something else, so an untouched form saves the
 * rules as they were.
 */
import type { Rules } from '@shared/rules';

export interface ExitForm {
  exitFrozen: string;
  exitRejoin: string;
  exitRejoinDays: string;
}

export const EXIT_FROZEN_OPTIONS = [
  { value: 'keep', label: '照常结算（售后期结束后释放）' },
  { value: 'forfeit', label: '作废' },
];

export const EXIT_REJOIN_OPTIONS = [
  { value: 'allowed', label: '随时可以重新加入' },
  { value: 'afterDays', label: '退出若干天后' },
  { value: 'never', label: '不能重新加入' },
];

const MAX_REJOIN_DAYS = 3650;
export const REJOIN_DAYS_HINT = `1-${MAX_REJOIN_DAYS} 天`;

type Exit = NonNullable<Rules['exit']>;
const DEFAULT_EXIT: Exit = { frozenOnExit: 'keep', rejoin: { kind: 'allowed' } };

export function exitFormOf(rules: Rules): ExitForm {
  const exit = rules.exit ?? DEFAULT_EXIT;
  return {
    exitFrozen: exit.frozenOnExit,
    exitRejoin: exit.rejoin.kind,
    exitRejoinDays: exit.rejoin.kind === 'afterDays' ? String(exit.rejoin.days) : '',
  };
}

/** The exit section the form describes (or nothing, see the top of this file); problems go into `errors`. */
export function exitOf(form: ExitForm, base: Rules, errors: Record<string, string>): { exit?: Exit } {
  const frozenOnExit = form.exitFrozen === 'forfeit' ? 'forfeit' : 'keep';
  let rejoin: Exit['rejoin'] = { kind: 'allowed' };
  if (form.exitRejoin === 'never') rejoin = { kind: 'never' };
  else if (form.exitRejoin === 'afterDays') {
    const text = form.exitRejoinDays.trim();
    const days = /^\d{1,4}$/.test(text) ? Number(text) : 0;
    if (days < 1 || days > MAX_REJOIN_DAYS) errors.exitRejoinDays = `应在 ${REJOIN_DAYS_HINT} 之间`;
    rejoin = { kind: 'afterDays', days };
  }
  const exit: Exit = { frozenOnExit, rejoin };
  const isDefault = frozenOnExit === 'keep' && rejoin.kind === 'allowed';
  return base.exit === undefined && isDefault ? {} : { exit };
}
