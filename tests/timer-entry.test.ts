/**
 * Every timer function (a config.json with a timer trigger) starts through the one entry,
 * cloudfunctions/_lib/timer.ts `timerMain`, with its contract from shared/contracts/timers.ts, so
 * all of them check the caller, parse their input, budget their time and report the same way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TIMER_TIMEOUT_MS, timerBudgetMs } from '../cloudfunctions/_lib/timer';
import { listFunctionNames, readFunctionConfig } from '../scripts/functions';
import { FUNCTIONS_SOURCE_DIR } from '../scripts/paths';
import { TIMER_CONTRACTS } from '@shared/contracts/timers';

const timerFunctions = listFunctionNames(FUNCTIONS_SOURCE_DIR).filter((name) =>
  readFunctionConfig(join(FUNCTIONS_SOURCE_DIR, name)).triggers.some((trigger) => trigger.type === 'timer'),
);

it('finds every timer function, and each has a contract in shared/contracts/timers.ts', () => {
  expect(timerFunctions.length).toBeGreaterThanOrEqual(6);
  expect([...timerFunctions].sort()).toEqual(Object.keys(TIMER_CONTRACTS).sort());
});

describe.each(timerFunctions)('timer function %s', (name) => {
  const source = readFileSync(join(FUNCTIONS_SOURCE_DIR, name, 'index.ts'), 'utf8');

  it('exports the main that timerMain builds from its own contract', () => {
    expect(source).toMatch(/import \{ timerMain \} from '\.\.\/_lib\/timer';/);
    expect(source).toMatch(
      new RegExp(`export const main\\s*=\\s*timerMain\\(\\s*'${name}'\\s*,\\s*TIMER_CONTRACTS\\.${name}\\s*,`),
    );
    expect(source).not.toMatch(/function main\b/);
  });

  it('leaves the caller check and the time budget to timerMain', () => {
    expect(source).not.toMatch(
      /caller\(|getWXContext|parseEvent|time_limit_in_ms|getRemainingTimeInMillis|Date\.now\(|performance\.now\(/,
    );
  });

  it('sets the timeout timerMain assumes when the runtime does not pass one', () => {
    expect(readFunctionConfig(join(FUNCTIONS_SOURCE_DIR, name)).timeout * 1000).toBe(TIMER_TIMEOUT_MS);
  });
});

describe('the time budget', () => {
  it('is half the time limit the runtime passes, or of the configured timeout without one', () => {
    expect(timerBudgetMs(60_000, undefined)).toBe(30_000);
    expect(timerBudgetMs(10_000, undefined)).toBe(5_000);
    expect(timerBudgetMs(undefined, undefined)).toBe(TIMER_TIMEOUT_MS / 2);
  });

  it('may be lowered by the input, never raised', () => {
    expect(timerBudgetMs(60_000, 0)).toBe(0);
    expect(timerBudgetMs(60_000, 100)).toBe(100);
    expect(timerBudgetMs(60_000, 45_000)).toBe(30_000);
  });
});
