/**
 * Checks of the TypeScript `cdk8s-batch import` writes, for many generated files at once (fast):
 *
 * - {@link typeCheck}: one TypeScript program over all files, `cdk8s-batch` resolved to this repository's lib;
 * - {@link runPrograms}: one child process runs every file (as `npx tsx <file>` would, types stripped) with a
 *   fresh, empty working folder, and tells which files appeared anywhere but in the output folders;
 * - {@link shapeProblems}: the statements and expressions of a file, checked against the few shapes the
 *   importer writes (imports from the four modules, one chart class, `new <Construct>`, factory calls,
 *   `ApiObject.of(x).addJsonPatch(JsonPatch.*)`, the App lines): nothing else can run.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { KUBECTL_YAML_OPTIONS } from '../../cli/read/manifests';

const root = path.join(__dirname, '..', '..');

/** Where the generated imports resolve: 'cdk8s-batch' to this repository's lib, the others to node_modules. */
export const MODULES: Readonly<Record<string, string>> = {
  'cdk8s-batch': path.join(root, 'lib', 'index.ts'),
  cdk8s: require.resolve('cdk8s'),
  'cdk8s-plus-28': require.resolve('cdk8s-plus-28'),
  constructs: require.resolve('constructs'),
};

/** Type-checks the files in one program (strict, like tsconfig.json); returns each file's diagnostics. */
export function typeCheck(files: readonly string[]): Map<string, string[]> {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    typeRoots: [path.join(root, 'node_modules', '@types')],
    strict: true,
    noImplicitReturns: true,
    noFallthroughCasesInSwitch: true,
    noUnusedLocals: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    baseUrl: root,
    paths: { 'cdk8s-batch': [MODULES['cdk8s-batch']], '*': ['node_modules/*'] },
  };
  const program = ts.createProgram([...files], options);
  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => root,
    getNewLine: () => '\n',
  };
  const result = new Map<string, string[]>();
  for (const file of files) {
    const source = program.getSourceFile(file);
    if (!source) {
      result.set(file, ['not in the program']);
      continue;
    }
    const diagnostics = [
      ...program.getSyntacticDiagnostics(source),
      ...program.getSemanticDiagnostics(source),
    ];
    result.set(
      file,
      diagnostics.map((d) => ts.formatDiagnostic(d, host).trim())
    );
  }
  return result;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are compared freely
export type Manifest = any;

/** What {@link runPrograms} found. */
export interface RunResult {
  /** The manifests each file synthesized (in file name order of the output folder), read as kubectl reads them. */
  readonly manifests: Map<string, Manifest[]>;
  /** Files that threw, with the error. */
  readonly errors: Map<string, string>;
  /** Files that appeared outside the output folders (relative to the temporary root), and output files that are not manifests. */
  readonly stray: string[];
}

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory()
      ? [`${path.relative(base, full)}/`, ...listFiles(full, base)]
      : [path.relative(base, full)];
  });
}

const RUNNER = `
const Module = require('node:module');
const { modules, register, jobs } = JSON.parse(process.argv[2]);
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolve.call(this, Object.prototype.hasOwnProperty.call(modules, request) ? modules[request] : request, ...rest);
};
require(register);
const errors = {};
for (const { file, outdir } of jobs) {
  process.env.CDK8S_OUTDIR = outdir;
  try {
    require(file);
  } catch (error) {
    errors[file] = String((error && error.stack) || error);
  }
}
process.stdout.write(JSON.stringify(errors));
`;

/**
 * Runs each file in one child process, as `npx tsx <file>` would (types stripped by Sucrase), in a fresh empty
 * working folder with HOME there too, each with its own $CDK8S_OUTDIR. Afterwards the working folder must
 * be empty and the output folders hold only `*.k8s.yaml` files.
 */
export function runPrograms(files: readonly string[]): RunResult {
  const temp = mkdtempSync(path.join(os.tmpdir(), 'cdk8s-batch-run-'));
  try {
    const cwd = path.join(temp, 'cwd');
    const out = path.join(temp, 'out');
    for (const dir of [cwd, out]) mkdirSync(dir);
    const jobs = files.map((file, i) => ({ file, outdir: path.join(out, String(i)) }));
    const runner = path.join(temp, 'runner.js');
    writeFileSync(runner, RUNNER);
    const child = spawnSync(
      process.execPath,
      [runner, JSON.stringify({ modules: MODULES, register: require.resolve('sucrase/register/ts'), jobs })],
      {
        cwd,
        env: { PATH: process.env.PATH ?? '', HOME: cwd, TMPDIR: cwd },
        encoding: 'utf8',
        timeout: 120_000,
        maxBuffer: 64 * 1024 * 1024,
      }
    );
    if (child.status !== 0) throw new Error(`the runner failed (${child.status}): ${child.stderr}`);
    const errors = new Map(Object.entries(JSON.parse(child.stdout) as Record<string, string>));
    const stray = listFiles(temp).filter(
      (f) =>
        f !== 'runner.js' &&
        f !== 'cwd/' &&
        f !== 'out/' &&
        !/^out\/\d+\/$/.test(f) &&
        !/^out\/\d+\/[^/]+\.k8s\.yaml$/.test(f)
    );
    const manifests = new Map<string, Manifest[]>();
    jobs.forEach(({ file, outdir }) => {
      let names: string[] = [];
      try {
        names = readdirSync(outdir).sort();
      } catch {
        // nothing synthesized
      }
      manifests.set(
        file,
        names.flatMap((n) =>
          parseAllDocuments(readFileSync(path.join(outdir, n), 'utf8'), KUBECTL_YAML_OPTIONS)
            .map((d) => d.toJS())
            .filter((v) => v !== null && v !== undefined)
        )
      );
    });
    return { manifests, errors, stray };
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

const KNOWN_MODULES = new Set(Object.keys(MODULES));
const CONSTRUCTS = new Set(['BatchJob', 'GpuJob', 'CronBatch']);
const JSON_PATCH_OPS = new Set(['add', 'replace', 'remove']);
const APP_LINE = "const app = new App({ outdir: process.env.CDK8S_OUTDIR ?? 'dist' });";

/**
 * Whatever in a generated file is not one of the shapes the importer writes (empty when all is well). Values may
 * be literals (strings, numbers, booleans, null, arrays, objects with plain or string or `['__proto__']` keys),
 * members of imported enums and calls of imported classes' static methods, nothing else.
 */
export function shapeProblems(code: string): string[] {
  const sf = ts.createSourceFile('generated.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const problems: string[] = [];
  const bad = (node: ts.Node, why: string): void => {
    problems.push(`${why}: ${node.getText(sf).slice(0, 120)}`);
  };
  const parse = (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics;
  for (const d of parse) problems.push(`syntax: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  // Comments that TypeScript reads as directives (`// @ts-ignore`, `// @ts-nocheck`, `/// <reference`).
  for (const line of code.split(/\r\n|[\n\r\u2028\u2029]/)) {
    if (/^\s*\/\/\/?\s*@|^\s*\/\/\/\s*</.test(line))
      problems.push(`a directive comment: ${line.slice(0, 80)}`);
  }
  const imported = new Set<string>();
  const variables = new Set<string>();
  let className: string | undefined;

  const isImportedPath = (e: ts.Expression): boolean => {
    if (ts.isIdentifier(e)) return imported.has(e.text);
    return ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.name) && isImportedPath(e.expression);
  };
  const value = (e: ts.Expression): void => {
    if (
      ts.isStringLiteral(e) ||
      ts.isNumericLiteral(e) ||
      e.kind === ts.SyntaxKind.TrueKeyword ||
      e.kind === ts.SyntaxKind.FalseKeyword ||
      e.kind === ts.SyntaxKind.NullKeyword
    )
      return;
    if (ts.isIdentifier(e) && ['undefined', 'NaN', 'Infinity'].includes(e.text)) return;
    if (
      ts.isPrefixUnaryExpression(e) &&
      e.operator === ts.SyntaxKind.MinusToken &&
      (ts.isNumericLiteral(e.operand) || (ts.isIdentifier(e.operand) && e.operand.text === 'Infinity'))
    )
      return;
    if (ts.isArrayLiteralExpression(e)) return e.elements.forEach(value);
    if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        if (!ts.isPropertyAssignment(p)) {
          bad(p, 'not a plain property');
          continue;
        }
        const name = p.name;
        const plain =
          ts.isIdentifier(name) ||
          ts.isStringLiteral(name) ||
          (ts.isComputedPropertyName(name) &&
            ts.isStringLiteral(name.expression) &&
            name.expression.text === '__proto__');
        if (!plain) bad(p, 'a property key that is not an identifier or string');
        if ((ts.isIdentifier(name) || ts.isStringLiteral(name)) && name.text === '__proto__')
          bad(p, 'a __proto__ key that sets the prototype');
        value(p.initializer);
      }
      return;
    }
    if (ts.isPropertyAccessExpression(e) && isImportedPath(e)) return; // Enum.MEMBER
    if (
      ts.isCallExpression(e) &&
      ts.isPropertyAccessExpression(e.expression) &&
      isImportedPath(e.expression)
    ) {
      if (e.typeArguments) bad(e, 'type arguments');
      return e.arguments.forEach(value);
    }
    bad(e, 'an expression the importer does not write');
  };
  const construct = (e: ts.Expression): void => {
    if (
      !ts.isNewExpression(e) ||
      !ts.isIdentifier(e.expression) ||
      !CONSTRUCTS.has(e.expression.text) ||
      !imported.has(e.expression.text) ||
      e.arguments?.length !== 3 ||
      e.arguments[0].kind !== ts.SyntaxKind.ThisKeyword ||
      !ts.isStringLiteral(e.arguments[1])
    ) {
      return bad(e, 'not new <Construct>(this, <id>, <props>)');
    }
    value(e.arguments[2]);
  };
  const patch = (e: ts.Expression): void => {
    // ApiObject.of(x).addJsonPatch(JsonPatch.add(...), ...)
    const callee = ts.isCallExpression(e) ? e.expression : undefined;
    const of = callee && ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
    if (
      !ts.isCallExpression(e) ||
      !callee ||
      !ts.isPropertyAccessExpression(callee) ||
      callee.name.text !== 'addJsonPatch' ||
      !of ||
      !ts.isCallExpression(of) ||
      of.expression.getText(sf) !== 'ApiObject.of' ||
      !imported.has('ApiObject') ||
      of.arguments.length !== 1 ||
      !ts.isIdentifier(of.arguments[0]) ||
      !variables.has(of.arguments[0].text)
    ) {
      return bad(e, 'not ApiObject.of(<construct>).addJsonPatch(...)');
    }
    for (const a of e.arguments) {
      if (
        !ts.isCallExpression(a) ||
        !ts.isPropertyAccessExpression(a.expression) ||
        a.expression.expression.getText(sf) !== 'JsonPatch' ||
        !JSON_PATCH_OPS.has(a.expression.name.text) ||
        !imported.has('JsonPatch') ||
        a.arguments.length < 1 ||
        !ts.isStringLiteral(a.arguments[0])
      ) {
        bad(a, 'not JsonPatch.add|replace|remove(<path>, ...)');
        continue;
      }
      a.arguments.slice(1).forEach(value);
    }
  };
  const constructorBody = (body: ts.Block): void => {
    const [first, ...rest] = body.statements;
    if (!first || first.getText(sf) !== 'super(scope, id, props);')
      bad(first ?? body, 'not super(scope, id, props)');
    for (const st of rest) {
      if (ts.isExpressionStatement(st) && ts.isNewExpression(st.expression)) construct(st.expression);
      else if (ts.isVariableStatement(st)) {
        const list = st.declarationList;
        const d = list.declarations[0];
        if (
          !(list.flags & ts.NodeFlags.Const) ||
          list.declarations.length !== 1 ||
          !ts.isIdentifier(d.name) ||
          d.type ||
          !d.initializer
        ) {
          bad(st, 'not const <name> = new <Construct>(...)');
          continue;
        }
        variables.add(d.name.text);
        construct(d.initializer);
      } else if (ts.isExpressionStatement(st)) patch(st.expression);
      else bad(st, 'a statement the importer does not write');
    }
  };

  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st)) {
      const clause = st.importClause;
      if (
        !ts.isStringLiteral(st.moduleSpecifier) ||
        !KNOWN_MODULES.has(st.moduleSpecifier.text) ||
        !clause ||
        clause.name ||
        clause.isTypeOnly ||
        !clause.namedBindings ||
        !ts.isNamedImports(clause.namedBindings) ||
        st.attributes
      ) {
        bad(st, 'not import { ... } from one of the four modules');
        continue;
      }
      for (const el of clause.namedBindings.elements) {
        if (el.propertyName) bad(el, 'a renamed import');
        imported.add(el.name.text);
      }
    } else if (ts.isClassDeclaration(st)) {
      const heritage = st.heritageClauses ?? [];
      if (
        className !== undefined ||
        !st.name ||
        !/^[A-Za-z0-9]+$/.test(st.name.text) ||
        !(st.modifiers ?? []).every((m) => m.kind === ts.SyntaxKind.ExportKeyword) ||
        heritage.length !== 1 ||
        heritage[0].types.length !== 1 ||
        heritage[0].types[0].getText(sf) !== 'Chart' ||
        st.members.length !== 1 ||
        !ts.isConstructorDeclaration(st.members[0]) ||
        st.members[0].parameters.map((p) => p.getText(sf)).join(', ') !==
          'scope: Construct, id: string, props: ChartProps = {}' ||
        !st.members[0].body
      ) {
        bad(st, 'not one chart class with one constructor');
        continue;
      }
      className = st.name.text;
      constructorBody(st.members[0].body);
    } else if (st.getText(sf) === APP_LINE || st.getText(sf) === 'app.synth();') {
      continue;
    } else if (
      ts.isExpressionStatement(st) &&
      ts.isNewExpression(st.expression) &&
      ts.isIdentifier(st.expression.expression) &&
      st.expression.expression.text === className &&
      st.expression.arguments?.length === 2 &&
      st.expression.arguments[0].getText(sf) === 'app' &&
      ts.isStringLiteral(st.expression.arguments[1])
    ) {
      continue;
    } else bad(st, 'a top-level statement the importer does not write');
  }
  if (className === undefined) problems.push('no chart class');
  return problems;
}
