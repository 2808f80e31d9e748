/**
 * A small project in a temporary folder (two functions, two collections) for tests that want
 * exact expected calls no matter what the real repository holds today.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CollectionSpec } from '@shared/collections';
import type { RunContext } from '../../scripts/deploy/run';
import type { FakeCloudBase } from './fake-api';

export const FIXTURE_COLLECTIONS: CollectionSpec[] = [
  {
    name: 'catalog',
    description: 'Public products.',
    clientAccess: 'read',
    indexes: [{ name: 'uniq_slug', keys: [{ field: 'slug', direction: 1 }], unique: true }],
  },
  {
    name: 'orders',
    description: 'Private orders.',
    indexes: [
      {
        name: 'idx_user_created',
        keys: [
          { field: 'userId', direction: 1 },
          { field: 'createdAt', direction: -1 },
        ],
        unique: false,
      },
    ],
  },
];

export const FIXTURE_CONFIGS: Record<string, object> = {
  alpha: { timeout: 10, permissions: { openapi: ['wxacode.getUnlimited'] }, envVariables: ['ADMIN_SETUP_SECRET'] },
  beta: { timeout: 60, memorySize: 512, triggers: [{ name: 'nightly', type: 'timer', config: '0 0 3 * * * *' }] },
};

export const FIXTURE_ENVIRONMENT = {
  TENCENTCLOUD_SECRETID: 'AKIDfixture',
  TENCENTCLOUD_SECRETKEY: 'fixture-secret-key',
  ADMIN_SETUP_SECRET: 'correct-horse-battery-staple',
};

export class FixtureProject {
  readonly root = mkdtempSync(join(tmpdir(), 'deploy-fixture-'));
  readonly sourceRoot = join(this.root, 'cloudfunctions');
  readonly buildRoot = join(this.root, 'dist', 'cloudfunctions');

  constructor() {
    for (const [name, config] of Object.entries(FIXTURE_CONFIGS)) {
      this.writeFunction(name, config, `exports.main = async () => ${JSON.stringify(name)};\n`);
    }
    writeFileSync(join(this.root, 'project.config.json'), JSON.stringify({ appid: 'touristappid' }));
  }

  /** Writes a function's source folder and its "built" folder, as the build would. */
  writeFunction(name: string, config: object, code: string): void {
    for (const dir of [join(this.sourceRoot, name), join(this.buildRoot, name)]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
    }
    const built = join(this.buildRoot, name);
    writeFileSync(join(built, 'index.js'), code);
    writeFileSync(join(built, 'index.js.map'), '{"version":3}');
    writeFileSync(
      join(built, 'package.json'),
      JSON.stringify({ name, main: 'index.js', dependencies: { 'wx-server-sdk': '4.0.2' } }),
    );
  }

  /** A deploy of this project against `api`, with the output collected in `output`. */
  context(
    api: FakeCloudBase,
    argv: Partial<RunContext['args']> = {},
    environment: NodeJS.ProcessEnv = FIXTURE_ENVIRONMENT,
  ): RunContext & { output: string[]; connected: number } {
    const output: string[] = [];
    const context = {
      args: { envId: 'shop-1', dryRun: false, skipBuild: true, functionsDir: null, region: null, appId: null, ...argv },
      environment,
      projectRoot: this.root,
      sourceRoot: this.sourceRoot,
      defaultBuildRoot: this.buildRoot,
      collections: FIXTURE_COLLECTIONS,
      build: async () => {},
      connect: () => {
        context.connected += 1;
        return api;
      },
      log: (text: string) => output.push(text),
      output,
      connected: 0,
    };
    return context;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
