/**
 * What `npm start` accepts and says: the option table the CLI parses (one table, so the help can
 * never miss a flag), the help text, and the bilingual lines printed once the emulator is up.
 */
import { relative } from 'node:path';
import { LOCAL_EMULATOR_URL, LOCAL_TEST_USERS } from '../../miniprogram/config';
import { DEFAULT_DATA_DIR, PROJECT_ROOT } from '../../scripts/paths';

interface CliOption {
  type: 'string' | 'boolean';
  /** The value's placeholder in the help, for string options. */
  value?: string;
  /** The default in words, as the help shows it. */
  byDefault: string;
  description: string;
}

const DATA_DIR_SHOWN = relative(PROJECT_ROOT, DEFAULT_DATA_DIR);

/** Every flag the CLI accepts; `parseArgs` reads the types from here and the help the rest. */
export const CLI_OPTIONS = {
  port: {
    type: 'string',
    value: 'N',
    byDefault: '8787',
    description: 'port to listen on; 0 picks a free one',
  },
  host: {
    type: 'string',
    value: 'ADDR',
    byDefault: '127.0.0.1',
    description: 'address to listen on; 0.0.0.0 lets a phone on the LAN reach it',
  },
  'in-memory': {
    type: 'boolean',
    byDefault: 'off',
    description: 'keep the data in memory only: nothing is written, each start is fresh',
  },
  'no-seed': {
    type: 'boolean',
    byDefault: 'off',
    description: 'start an empty store empty, without the demo store',
  },
  'data-dir': {
    type: 'string',
    value: 'DIR',
    byDefault: DATA_DIR_SHOWN,
    description: 'folder of the durable data (ignored with --in-memory)',
  },
  'latency-ms': {
    type: 'string',
    value: 'N',
    byDefault: '0',
    description: 'delay added to every database request, to feel a slow network',
  },
  'max-instances': {
    type: 'string',
    value: 'N',
    byDefault: '8',
    description: 'instances of one function that run at once; further calls queue',
  },
  env: {
    type: 'string',
    value: 'NAME',
    byDefault: 'local-env',
    description: 'the CloudBase environment id the SDK and the functions see',
  },
  help: { type: 'boolean', byDefault: 'off', description: 'show this help and exit' },
} as const satisfies Record<string, CliOption>;

export function helpText(): string {
  const rows = Object.entries(CLI_OPTIONS).map(([name, option]: [string, CliOption]) => {
    const flag = `--${name}${option.value ? ` ${option.value}` : ''}`;
    return `  ${flag.padEnd(20)}${option.description} (default: ${option.byDefault})`;
  });
  return [
    'Local CloudBase emulator with the built cloud functions · 本地云开发模拟器',
    '',
    'usage: npm start -- [options]    or    node dist/emulator/cli.js [options]',
    '',
    'options:',
    ...rows,
  ].join('\n');
}

export interface StartupFacts {
  url: string;
  adminUrl: string;
  envName: string;
  /** The durable data folder, or undefined in memory. */
  dataDir: string | undefined;
  seeded: boolean;
  functions: readonly string[];
  setupSecret: string;
}

/** The lines printed once the emulator listens: what to open next, each in Chinese and English. */
export function startupLines(facts: StartupFacts): string[] {
  const { url, dataDir } = facts;
  const seeded = facts.seeded ? ', 已写入演示店铺 / seeded with the demo store' : '';
  const shownDir = dataDir ? relative(process.cwd(), dataDir) || '.' : '';
  const storage = dataDir ? `持久化 / durable in ${shownDir}${seeded}` : `仅内存 / in memory${seeded}`;
  const users = LOCAL_TEST_USERS.map((user) => `${user.label} ${user.openid}`).join(', ');
  // The mini-program calls LOCAL_EMULATOR_URL; another port or host needs that constant changed too.
  const urlHint = url === LOCAL_EMULATOR_URL ? '' : `, LOCAL_EMULATOR_URL = '${url}'`;
  const count = facts.functions.length;
  const functions = count ? `${count} 个已构建 / ${count} built` : '未构建 / none built: npm run build';
  const stop = dataDir ? `数据保留在 / data stays in ${shownDir}` : '数据随之丢弃 / the data goes with it';
  return [
    `本地云开发模拟器已启动 / CloudBase emulator listening on ${url} (环境 / env ${facts.envName})`,
    `  控制台 / web console      ${url}/_emulator/ui`,
    `  小程序 / mini-program     miniprogram/config.ts: LOCAL_MODE = true${urlHint} (勿提交 / never commit it)`,
    `  测试用户 / test users     在「我的」选择 / pick on 我的: ${users}`,
    `  管理员 / demo admin       我的 → 商家管理, 设置密钥 / setup secret "${facts.setupSecret}" → 成为管理员`,
    `  数据 / storage            ${storage}`,
    `  云函数 / functions        ${functions}`,
    `  SDK 接入 / SDK endpoint   POST ${facts.adminUrl} (TCB_CONTEXT_CNFG={"URL":"${facts.adminUrl}"})`,
    `  控制接口 / control plane  ${url}/_emulator/health, /functions/<name>, /collections, /stats, /clock, /reset`,
    `  停止 / stop               按 Ctrl+C / press Ctrl+C (${stop})`,
  ];
}
