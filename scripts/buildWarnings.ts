/**
 * esbuild warnings as one line each. Every bundling step returns its warnings so that the build
 * scripts fail on them and a test can assert there are none: a warning such as "may crash at
 * run-time" describes a bundle that is wrong, not a message to tolerate.
 */
import type { Message } from 'esbuild';

export function describeWarnings(messages: readonly Message[]): string[] {
  return messages.map((message) => {
    const where = message.location
      ? `${message.location.file}:${message.location.line}:${message.location.column}: `
      : '';
    return `${where}${message.text}`;
  });
}
