/**
 * The state machines are what the functions run: only cloudfunctions/_lib/transitions.ts writes
 * the `status` of an order, an after-sale or a withdrawal, so every status change is a named
 * transition of its table (shared/orderStates.ts, shared/afterSales.ts, shared/withdrawals.ts).
 *
 * The functions' sources are compiled with the TypeScript compiler and every database write is
 * checked: the db layer's writes (updateWhere, insertDoc, setDoc), a transaction's writes
 * (tx.update, tx.set, tx.add) and raw SDK access (`.collection(...)`). A write is refused when
 * its collection is (or may be) one of the three and its data has (or may have) a `status`
 * field, judged by the data's type: a `status` property, or an index signature that could hold
 * one. A scratch file with stray writes of each kind is compiled alongside, to prove the check
 * finds them. The transitions named in code must exist in their table.
 */
import path from 'node:path';
import ts from 'typescript';
import { AFTER_SALE_MACHINE } from '@shared/afterSales';
import { GROUP_MACHINE } from '@shared/groupBuy';
import { ORDER_MACHINE } from '@shared/orderStates';
import { TOP_UP_MACHINE } from '@shared/topUps';
import { WITHDRAWAL_MACHINE } from '@shared/withdrawals';

const ROOT = path.resolve(__dirname, '../..');
const FUNCTIONS = path.join(ROOT, 'cloudfunctions');
const MACHINES: Record<string, { collection: string; transitions: object }> = {
  ORDER_MACHINE,
  AFTER_SALE_MACHINE,
  WITHDRAWAL_MACHINE,
  GROUP_MACHINE,
  TOP_UP_MACHINE,
};
const GOVERNED = new Set(Object.values(MACHINES).map((machine) => machine.collection));
/** The helper and the db layer it writes through. */
const ALLOWED = new Set(['_lib/transitions.ts', '_lib/db.ts', '_lib/tx.ts'].map((file) => path.join(FUNCTIONS, file)));
const TRANSITION_CALLS = new Set(['transition', 'transitionUpdate', 'transitionInTx']);

/** Stray writes of every kind the check must catch (compiled as if it were a function's file). */
const SCRATCH = path.join(FUNCTIONS, '_scratch', 'strayWrites.ts');
const SCRATCH_SOURCE = `
import { _, insertDoc, setDoc, updateWhere } from '../_lib/db';
import { inTransaction } from '../_lib/tx';
import type { OrderDocument } from '@shared/orders';
const ORDERS = 'orders';
export async function stray(order: OrderDocument, collection: string): Promise<void> {
  await updateWhere(ORDERS, { _id: order._id }, { status: 'shipped' });
  const fields = { status: 'refunded' as const, updatedAt: new Date() };
  await updateWhere('afterSales', { _id: 'a' }, fields);
  await insertDoc('orders', order);
  await setDoc('withdrawals', 'w', { status: 'paying' });
  await updateWhere(collection, { _id: 'x' }, { status: 'closed' });
  const loose: Record<string, unknown> = {};
  await updateWhere('orders', { _id: order._id }, loose);
  await inTransaction(async (tx) => {
    await tx.update('withdrawals', 'w', { status: 'failed' });
    await tx.set('orders', order._id, { ...order });
    await tx.add('afterSales', { _id: 'b', status: 'requested' });
  });
}
`;
const SCRATCH_WRITES = 9;

function functionSources(dir: string): string[] {
  return ts.sys.readDirectory(dir, ['.ts'], ['**/node_modules/**'], ['**/*']);
}

function compile(): ts.Program {
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (!config) throw new Error('tsconfig.json could not be read');
  const host = ts.createCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, ...rest) =>
    path.resolve(fileName) === SCRATCH
      ? ts.createSourceFile(fileName, SCRATCH_SOURCE, language)
      : getSourceFile(fileName, language, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => path.resolve(fileName) === SCRATCH || fileExists(fileName);
  return ts.createProgram([...functionSources(FUNCTIONS), SCRATCH], config.options, host);
}

interface Write {
  file: string;
  line: number;
  text: string;
}

/** The argument positions of a write call (collection, data), or null when it is no write. */
function writeOf(
  call: ts.CallExpression,
  checker: ts.TypeChecker,
): { collection: number; data: number } | 'raw' | null {
  const callee = call.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
  const declared = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(callee) ? callee.name : callee);
  const declaration =
    declared &&
    (declared.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(declared) : declared).declarations?.[0];
  const from = declaration ? path.resolve(declaration.getSourceFile().fileName) : '';
  if (from === path.join(FUNCTIONS, '_lib/db.ts')) {
    if (name === 'updateWhere' || name === 'setDoc') return { collection: 0, data: 2 };
    if (name === 'insertDoc') return { collection: 0, data: 1 };
  }
  // Only the Tx interface's writes take (collection, id, data); the raw SDK handles declared in
  // the same file (RawTransaction's doc().set) are caught as raw `.collection(...)` access instead.
  const ofTx =
    declaration?.parent && ts.isInterfaceDeclaration(declaration.parent) && declaration.parent.name.text === 'Tx';
  if (from === path.join(FUNCTIONS, '_lib/tx.ts') && ofTx && ts.isPropertyAccessExpression(callee)) {
    if (name === 'update' || name === 'set') return { collection: 0, data: 2 };
    if (name === 'add') return { collection: 0, data: 1 };
  }
  // Raw SDK access (db.collection, transaction.collection) bypasses both layers.
  if (name === 'collection' && ts.isPropertyAccessExpression(callee)) return 'raw';
  return null;
}

function mayBeGoverned(collection: ts.Expression, checker: ts.TypeChecker): boolean {
  const type = checker.getTypeAtLocation(collection);
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((part) => !part.isStringLiteral() || GOVERNED.has(part.value));
}

function mayWriteStatus(data: ts.Expression, checker: ts.TypeChecker): boolean {
  const type = checker.getTypeAtLocation(data);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((part) => {
    const status = part.getProperty('status');
    if (status) return !(checker.getTypeOfSymbol(status).flags & (ts.TypeFlags.Never | ts.TypeFlags.Undefined));
    return checker.getIndexInfosOfType(part).length > 0 || part.flags === ts.TypeFlags.NonPrimitive;
  });
}

function statusWrites(program: ts.Program, files: ts.SourceFile[]): Write[] {
  const checker = program.getTypeChecker();
  const found: Write[] = [];
  for (const file of files) {
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const write = writeOf(node, checker);
        const collection = write && node.arguments[write === 'raw' ? 0 : write.collection];
        const data = write && write !== 'raw' ? node.arguments[write.data] : undefined;
        if (
          collection &&
          mayBeGoverned(collection, checker) &&
          (write === 'raw' || !data || mayWriteStatus(data, checker))
        ) {
          const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
          found.push({ file: path.relative(ROOT, file.fileName), line, text: node.getText().split('\n')[0] as string });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return found;
}

/** The transition names an argument may hold: its string literal type(s); '?' when it is not literal. */
function eventsOf(event: ts.Expression | undefined, checker: ts.TypeChecker): string[] {
  if (!event) return ['?'];
  const type = checker.getTypeAtLocation(event);
  const parts = type.isUnion() ? type.types : [type];
  return parts.map((part) => (part.isStringLiteral() ? part.value : '?'));
}

/** `transition(MACHINE, 'event', ...)` and the like: the machine's name and each event it may name. */
function transitionsNamed(
  files: ts.SourceFile[],
  checker: ts.TypeChecker,
): Array<{ machine: string; event: string; at: string }> {
  const named: Array<{ machine: string; event: string; at: string }> = [];
  for (const file of files) {
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && TRANSITION_CALLS.has(node.expression.text)) {
        const args = node.expression.text === 'transitionInTx' ? node.arguments.slice(1) : node.arguments;
        const [machine, event] = args;
        const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        const at = `${path.relative(ROOT, file.fileName)}:${line}`;
        for (const name of eventsOf(event, checker)) named.push({ machine: machine?.getText() ?? '', event: name, at });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return named;
}

describe('status writes', () => {
  const program = compile();
  const sources = program
    .getSourceFiles()
    .filter(
      (file) => path.resolve(file.fileName).startsWith(FUNCTIONS + path.sep) && !file.fileName.includes('node_modules'),
    );
  const own = sources.filter(
    (file) => !ALLOWED.has(path.resolve(file.fileName)) && path.resolve(file.fileName) !== SCRATCH,
  );

  it('compiles the functions it checks', () => {
    expect(own.length).toBeGreaterThan(50);
  });

  it('finds every kind of stray write in a scratch file', () => {
    const scratch = sources.filter((file) => path.resolve(file.fileName) === SCRATCH);
    expect(statusWrites(program, scratch)).toHaveLength(SCRATCH_WRITES);
  });

  it('writes an order, after-sale or withdrawal status only through _lib/transitions.ts', () => {
    expect(statusWrites(program, own)).toEqual([]);
  });

  it('names only transitions its table has', () => {
    const named = transitionsNamed(own, program.getTypeChecker());
    expect(named.length).toBeGreaterThanOrEqual(12);
    const unknown = named.filter(
      ({ machine, event }) =>
        !(MACHINES[machine] && event in (MACHINES[machine] as { transitions: object }).transitions),
    );
    expect(unknown).toEqual([]);
  });
});
