/**
 * The built `npm start` CLI as a user meets it: `--help` names every flag the parser accepts with
 * its default, a wrong flag is answered with an error and the help, and a start says what to open
 * next in Chinese and English.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CLI_OPTIONS } from '../../emulator/src/cliText';
import { EMULATOR_BUILD_DIR } from '../../scripts/paths';
import { startEmulatorProcess, waitForExit, type EmulatorProcess } from '../helpers/process';

const CLI = join(EMULATOR_BUILD_DIR, 'cli.js');

function runCli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Resolves once the output holds `text`; the whole banner is one write, but a pipe may split it. */
async function outputContaining(emu: EmulatorProcess, text: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!emu.output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" in the emulator's output: ${emu.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return emu.output();
}

describe('emulator CLI', () => {
  it('--help lists every flag the parser accepts, each with its default', () => {
    const { status, stdout } = runCli(['--help']);
    expect(status).toBe(0);
    const lines = stdout.split('\n');
    for (const [name, option] of Object.entries(CLI_OPTIONS)) {
      const line = lines.find((text) => text.trimStart().startsWith(`--${name} `) || text.trim() === `--${name}`);
      expect(line).toBeDefined();
      expect(line).toContain(`(default: ${option.byDefault})`);
    }
    // The flags the README documents are all there, --host included.
    for (const flag of [
      '--port',
      '--host',
      '--in-memory',
      '--no-seed',
      '--data-dir',
      '--latency-ms',
      '--max-instances',
    ])
      expect(stdout).toContain(flag);
  });

  it('answers an unknown flag with an error naming it and the help, exit code 2', () => {
    const { status, stdout, stderr } = runCli(['--no-such-flag']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^error: Unknown option '--no-such-flag'/);
    expect(stderr).toContain('--max-instances N');
  });

  it('answers a malformed number or a stray argument the same way', () => {
    const port = runCli(['--port', 'eighty']);
    expect(port.status).toBe(2);
    expect(port.stderr).toContain('error: --port must be a non-negative integer, got "eighty"');
    const stray = runCli(['in-memory']);
    expect(stray.status).toBe(2);
    expect(stray.stderr).toContain("Unexpected argument 'in-memory'");
  });

  it('starts on a free port and says, in Chinese and English, what to open next and how to stop', async () => {
    const emu = await startEmulatorProcess(['--in-memory', '--port', '0']);
    try {
      const output = await outputContaining(emu, 'press Ctrl+C');
      const lines = output.trimEnd().split('\n');
      expect(lines.length).toBeLessThanOrEqual(12);
      for (const line of lines) expect(line).toMatch(/[\u4e00-\u9fff].*[A-Za-z]{3}|[A-Za-z]{3}.*[\u4e00-\u9fff]/);
      expect(output).toContain(`控制台 / web console      ${emu.url}/_emulator/ui`);
      expect(output).toContain('miniprogram/config.ts: LOCAL_MODE = true');
      // A port other than the mini-program's default needs its URL constant changed as well.
      expect(output).toContain(`LOCAL_EMULATOR_URL = '${emu.url}'`);
      expect(output).toMatch(/顾客 oDEV_SHOPPER, 分销员 oDEV_DISTRIBUTOR, 管理员 oDEV_ADMIN/);
      expect(output).toContain('setup secret "local-demo-setup-secret"');
      expect(output).toContain('仅内存 / in memory, 已写入演示店铺 / seeded with the demo store');
      expect(output).toContain('按 Ctrl+C / press Ctrl+C');
    } finally {
      emu.child.kill('SIGTERM');
      await waitForExit(emu.child);
    }
    expect([emu.child.exitCode, emu.child.signalCode]).toEqual([0, null]);
  });
});
