/**
 * The backup format and the command lines of npm run backup / restore, without an emulator
 * (docs/operations.md, "Backup and restore").
 */
import { parseArgs } from '../../scripts/backup/args';
import { decodeDocument, encodeDocument, schemaVersion } from '../../scripts/backup/format';
import { DEFAULT_EMULATOR_URL } from '../../scripts/backup/target';
import { COLLECTIONS } from '@shared/collections';

describe('the backup encoding', () => {
  it('gives back the same values, dates as dates', () => {
    const doc = {
      _id: 'o1',
      at: new Date('2026-01-01T00:00:00.123Z'),
      old: new Date(-86_400_000),
      amounts: [0, -1, 2.5, 2 ** 53 - 1, Number.NaN],
      nested: { none: null, yes: true, text: '换行\n"引号"', when: [new Date(0)] },
    };
    const line = encodeDocument(doc);
    expect(line).not.toContain('\n');
    expect(line).toContain('"at":{"$date":"2026-01-01T00:00:00.123Z"}');
    expect(decodeDocument(line)).toEqual(doc);
    expect(decodeDocument(line).at).toBeInstanceOf(Date);
  });

  it('refuses values it cannot carry exactly, naming where they are', () => {
    expect(() => encodeDocument({ _id: 'a', rule: { match: /x/ } })).toThrow(
      'unsupported value (RegExp) at rule.match',
    );
    expect(() => encodeDocument({ _id: 'a', list: [new Map()] })).toThrow('unsupported value (Map) at list[0]');
    expect(() => encodeDocument({ _id: 'a', at: new Date(Number.NaN) })).toThrow('invalid date at at');
  });

  it('reads only documents with an _id', () => {
    expect(() => decodeDocument('[1]')).toThrow('not a document');
    expect(() => decodeDocument('{"a":1}')).toThrow('the document has no _id');
    expect(() => decodeDocument('{"_id":')).toThrow();
  });

  it('has a schema version that follows the collections and indexes, not their descriptions', () => {
    expect(schemaVersion()).toMatch(/^sha256:[0-9a-f]{16}$/);
    const described = COLLECTIONS.map((spec) => ({ ...spec, description: 'changed' }));
    expect(schemaVersion(described)).toBe(schemaVersion());
    const [first, ...rest] = COLLECTIONS;
    const indexed = [
      { ...first!, indexes: [{ name: 'idx_x', keys: [{ field: 'x', direction: 1 as const }], unique: false }] },
      ...rest,
    ];
    expect(schemaVersion(indexed)).not.toBe(schemaVersion());
  });
});

describe('the command lines', () => {
  const backup = (argv: string[]) => parseArgs(argv, '--out', []);
  const restore = (argv: string[]) => parseArgs(argv, '--from', ['--wipe', '--allow-schema-mismatch']);

  it('takes a real environment or an emulator, npm start’s by default', () => {
    expect(backup(['--env', 'shop-1', '--out', 'x'])).toEqual({
      ok: true,
      args: { target: { envId: 'shop-1', emulatorUrl: null, region: null }, dir: 'x', switches: new Set() },
    });
    expect(backup(['--emulator', '--out', 'x'])).toMatchObject({
      ok: true,
      args: { target: { envId: null, emulatorUrl: DEFAULT_EMULATOR_URL } },
    });
    expect(restore(['--emulator=http://127.0.0.1:9000', '--from=d', '--wipe'])).toMatchObject({
      ok: true,
      args: { target: { emulatorUrl: 'http://127.0.0.1:9000' }, dir: 'd', switches: new Set(['--wipe']) },
    });
  });

  it('refuses anything else', () => {
    expect(backup([])).toMatchObject({ ok: false, message: 'Give exactly one of --env <envId> and --emulator [url].' });
    expect(backup(['--env', 'a', '--emulator'])).toMatchObject({ ok: false });
    expect(backup(['--env', 'bad/env'])).toMatchObject({ ok: false, message: 'bad/env is not an environment id.' });
    expect(backup(['--env', 'a', '--wipe'])).toMatchObject({ ok: false, message: 'Unknown argument --wipe.' });
    expect(restore(['--env', 'a', '--from'])).toMatchObject({ ok: false, message: '--from needs a value.' });
    expect(restore(['--help'])).toEqual({ ok: 'help' });
  });
});
