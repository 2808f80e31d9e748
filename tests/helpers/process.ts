/** Runs the built emulator CLI as a child process, as `npm start` does, for process-level tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { EMULATOR_BUILD_DIR } from '../../scripts/paths';

export interface EmulatorProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts `node dist/emulator/cli.js ...args` and resolves once it prints its URL. */
export function startEmulatorProcess(args: string[]): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [join(EMULATOR_BUILD_DIR, 'cli.js'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1], output: () => output });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${output}`)));
  });
}

export function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}
