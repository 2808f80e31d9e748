/**
 * The command lines of `npm run backup` and `npm run restore`: the target (`--env <id>` or
 * `--emulator [url]`), `--region`, a folder, and each command's own switches.
 */
import { DEFAULT_EMULATOR_URL, type TargetOptions } from './target';

export interface ParsedArgs {
  target: TargetOptions;
  /** `--out` of backup, `--from` of restore; null when not given. */
  dir: string | null;
  /** The switches given, e.g. `--wipe`. */
  switches: Set<string>;
}

export type ParseOutcome = { ok: true; args: ParsedArgs } | { ok: false; message: string } | { ok: 'help' };

/**
 * Parses `argv` against the value flag that names the folder (`--out` or `--from`) and the
 * switches the command takes. `--emulator` takes an optional URL: without one it is npm start's.
 */
export function parseArgs(argv: readonly string[], dirFlag: string, allowedSwitches: readonly string[]): ParseOutcome {
  const target: TargetOptions = { envId: null, emulatorUrl: null, region: null };
  const parsed: ParsedArgs = { target, dir: null, switches: new Set() };
  for (let i = 0; i < argv.length; i += 1) {
    const [flag = '', inline] = (argv[i] ?? '').split(/=(.*)/s, 2);
    const next = argv[i + 1];
    const takeValue = (): string | null => {
      const value = inline ?? (next !== undefined && !next.startsWith('--') ? ((i += 1), next) : undefined);
      return value === undefined || value === '' ? null : value;
    };
    if (flag === '--help' || flag === '-h') return { ok: 'help' };
    if (allowedSwitches.includes(flag)) parsed.switches.add(flag);
    else if (flag === '--emulator') target.emulatorUrl = takeValue() ?? DEFAULT_EMULATOR_URL;
    else if (flag === '--env' || flag === '--region' || flag === dirFlag) {
      const value = takeValue();
      if (value === null) return { ok: false, message: `${flag} needs a value.` };
      if (flag === '--env') target.envId = value;
      else if (flag === '--region') target.region = value;
      else parsed.dir = value;
    } else return { ok: false, message: `Unknown argument ${argv[i] ?? ''}.` };
  }
  if ((target.envId === null) === (target.emulatorUrl === null))
    return { ok: false, message: 'Give exactly one of --env <envId> and --emulator [url].' };
  if (target.envId !== null && !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(target.envId))
    return { ok: false, message: `${target.envId} is not an environment id.` };
  return { ok: true, args: parsed };
}
