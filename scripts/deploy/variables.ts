/**
 * Function environment variables: functions declare the NAMES they need in config.json; the
 * values come from the deployer's environment at deploy time, never from a file in the repo.
 * Every declared name must be described here, so the deploy knows whether it is required,
 * how to check it and whether its value may be printed.
 */
import { setupSecretProblem } from '@shared/setupSecret';
import type { DeployFailure } from './model';

export interface VariableSpec {
  description: string;
  /** When false, `fallback` is deployed if the deployer did not set a value. */
  required: boolean;
  fallback?: string;
  /** Secrets are never printed, not even in part. */
  secret: boolean;
  /** Returns a problem with the value, or null when it is acceptable. */
  check?: (value: string) => string | null;
}

/** Set by the deploy itself: the hash of the uploaded code, see desired.ts. */
export const CODE_HASH_VARIABLE = 'DEPLOY_CODE_HASH';

export const VARIABLES: Readonly<Record<string, VariableSpec>> = {
  ADMIN_SETUP_SECRET: {
    description: 'One-time secret that lets the merchant claim the first admin account.',
    required: true,
    secret: true,
    // Anyone who guesses it becomes the shop's admin, so it must not be guessable.
    check: (value) => setupSecretProblem(value),
  },
  WXPAY_SUB_MCH_ID: {
    description: 'WeChat Pay sub-merchant id bound to the environment for cloud payment.',
    required: true,
    secret: false,
    check: (value) => (/^\d{8,12}$/.test(value) ? null : 'must be the 8-12 digit sub-merchant id (商户号)'),
  },
  // WeChat merchant transfers (商家转账) pay withdrawals of the wechatTransfer channel
  // (cloudfunctions/_lib/payout.ts). Optional: a shop that pays withdrawals by hand (channel
  // manual) leaves them unset, and approving a WeChat transfer then answers PAYOUT_UNAVAILABLE.
  WXPAY_MCH_ID: {
    description: 'WeChat Pay merchant id (商户号) that pays withdrawals by merchant transfer.',
    required: false,
    secret: false,
    check: (value) => (/^\d{8,12}$/.test(value) ? null : 'must be the 8-12 digit merchant id (商户号)'),
  },
  WXPAY_MCH_SERIAL_NO: {
    description: "Serial number of the merchant's WeChat Pay API certificate (证书序列号).",
    required: false,
    secret: false,
    check: (value) => (/^[0-9A-Fa-f]{8,64}$/.test(value) ? null : 'must be the hexadecimal certificate serial number'),
  },
  WXPAY_MCH_PRIVATE_KEY: {
    description: "The API certificate's private key (apiclient_key.pem contents; newlines may be written as \\n).",
    required: false,
    secret: true,
    check: (value) =>
      value.includes('PRIVATE KEY') ? null : 'must be the PEM private key (-----BEGIN PRIVATE KEY----- ...)',
  },
  WXPAY_API_BASE: {
    description: 'WeChat Pay API base URL for merchant transfers; only the emulator sets another.',
    required: false,
    secret: false,
    check: (value) => (/^https?:\/\/\S+$/.test(value) ? null : 'must be an http(s) URL'),
  },
  // The payee's real name (user_name), required by WeChat Pay for a transfer of 2,000 yuan or
  // more, is sent encrypted with WeChat Pay's public key. Optional: without them, withdrawals
  // below 2,000 yuan still pay, and larger WeChat transfers cannot be approved (PAYOUT_UNAVAILABLE).
  WXPAY_PLATFORM_PUBLIC_KEY: {
    description:
      "WeChat Pay's public key (微信支付公钥, pub_key.pem) or platform certificate that encrypts the payee's real name; newlines may be written as \\n.",
    required: false,
    secret: false,
    check: (value) =>
      value.includes('PUBLIC KEY') || value.includes('CERTIFICATE')
        ? null
        : 'must be the PEM public key (-----BEGIN PUBLIC KEY----- ...) or platform certificate',
  },
  WXPAY_PLATFORM_SERIAL: {
    description: "The public key's id (微信支付公钥ID, PUB_KEY_ID_...) or the platform certificate's serial number.",
    required: false,
    secret: false,
    check: (value) =>
      /^(PUB_KEY_ID_\w{1,64}|[0-9A-Fa-f]{8,64})$/.test(value)
        ? null
        : 'must be the public key id (PUB_KEY_ID_...) or the hexadecimal certificate serial number',
  },
  MINIPROGRAM_ENV_VERSION: {
    description: 'Which version of the mini-program generated codes open: release, trial or develop.',
    required: false,
    fallback: 'release',
    secret: false,
    check: (value) => (['release', 'trial', 'develop'].includes(value) ? null : 'must be release, trial or develop'),
  },
};

export interface ResolvedVariables {
  /** Value of every declared name that has one (given, or its fallback). */
  values: Record<string, string>;
  /** Names that were not set and took their fallback, for the plan's output. */
  defaulted: string[];
  /** Undescribed names and invalid values: any of these stops a deploy. */
  invalid: string[];
  /** Required names without a value: these stop a deploy too. */
  missing: string[];
}

/**
 * Looks up the value of every name some function declares and collects every problem at
 * once, so the merchant fixes them in one go. The dry run prints the problems; the deploy
 * refuses to start while there are any (see `variablesFailure`).
 */
export function inspectVariables(names: readonly string[], environment: NodeJS.ProcessEnv): ResolvedVariables {
  const result: ResolvedVariables = { values: {}, defaulted: [], invalid: [], missing: [] };
  for (const name of [...new Set(names)].sort()) {
    const spec = VARIABLES[name];
    if (!spec) {
      result.invalid.push(`${name} is declared by a function but not described in scripts/deploy/variables.ts`);
      continue;
    }
    const given = environment[name];
    if (given === undefined || given === '') {
      if (spec.required) result.missing.push(`${name}: ${spec.description}`);
      else if (spec.fallback !== undefined) {
        result.values[name] = spec.fallback;
        result.defaulted.push(name);
      }
      continue;
    }
    const problem = spec.check?.(given) ?? null;
    if (problem) result.invalid.push(`${name} ${problem}`);
    else result.values[name] = given;
  }
  return result;
}

/** The failure a deploy stops with, or null when every variable is present and valid. */
export function variablesFailure(variables: ResolvedVariables): DeployFailure | null {
  if (variables.invalid.length > 0) {
    return { code: 'INVALID_VARIABLE', message: bulleted('Invalid function variables:', variables.invalid) };
  }
  if (variables.missing.length > 0) {
    const title =
      'Missing function variables (export them in your shell before deploying; they are never read from files):';
    return { code: 'MISSING_VARIABLE', message: bulleted(title, variables.missing) };
  }
  return null;
}

export function isSecret(name: string): boolean {
  return VARIABLES[name]?.secret ?? true;
}

function bulleted(title: string, lines: string[]): string {
  return [title, ...lines.map((line) => `  - ${line}`)].join('\n');
}
