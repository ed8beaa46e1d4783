/**
 * Checks of the declaration files users get (build/types/*.d.ts, written by `npm run api`, see
 * scripts/api.ts). Only the TypeScript parser is needed, so tests load this without api-extractor.
 */
import * as ts from 'typescript';

/**
 * Removes the imports nothing in the file uses: api-extractor keeps those of trimmed `@internal`
 * declarations, and a user's type-check would load (and check) their packages.
 */
export function withoutUnusedImports(text: string): string {
  const file = ts.createSourceFile('rollup.d.ts', text, ts.ScriptTarget.Latest, true);
  const used = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) used.add(node.text);
    ts.forEachChild(node, visit);
  };
  for (const statement of file.statements) if (!ts.isImportDeclaration(statement)) visit(statement);
  const cuts: Array<{ start: number; end: number; text: string }> = [];
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings) || statement.importClause?.name) continue;
    const kept = bindings.elements.filter((e) => used.has(e.name.text));
    if (kept.length === bindings.elements.length) continue;
    const start = statement.getStart(file);
    const end = statement.getEnd();
    if (kept.length === 0) {
      cuts.push({ start, end: text[end] === '\n' ? end + 1 : end, text: '' });
    } else {
      const names = kept.map((e) => e.getText(file)).join(', ');
      const typeOnly = statement.importClause?.isTypeOnly ? 'type ' : '';
      cuts.push({
        start,
        end,
        text: `import ${typeOnly}{ ${names} } from ${statement.moduleSpecifier.getText(file)};`,
      });
    }
  }
  let out = text;
  for (const cut of cuts.reverse()) out = out.slice(0, cut.start) + cut.text + out.slice(cut.end);
  return out;
}

/** What is wrong with a declaration file users get: foreign imports, declarations it does not export. */
export function declarationFileProblems(text: string, allowedImports: readonly string[]): string[] {
  const file = ts.createSourceFile('rollup.d.ts', text, ts.ScriptTarget.Latest, true);
  const problems: string[] = [];
  for (const statement of file.statements) {
    const line = file.getLineAndCharacterOfPosition(statement.getStart(file)).line + 1;
    if (ts.isImportDeclaration(statement)) {
      const from = (statement.moduleSpecifier as ts.StringLiteral).text;
      if (!allowedImports.includes(from)) {
        problems.push(
          `line ${line}: imports '${from}', which is not a peer dependency (${allowedImports.join(', ')})`
        );
      }
    } else if (ts.isExportDeclaration(statement)) {
      if (
        statement.exportClause &&
        !(ts.isNamedExports(statement.exportClause) && statement.exportClause.elements.length === 0)
      )
        problems.push(`line ${line}: re-exports (${statement.getText(file).slice(0, 60)})`);
    } else {
      const exported =
        ts.canHaveModifiers(statement) &&
        ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
      if (!exported) {
        const name =
          (statement as { name?: ts.Identifier }).name?.text ?? statement.getText(file).slice(0, 40);
        problems.push(
          `line ${line}: declares ${name}, which a public declaration names but the entry point does not export`
        );
      }
    }
  }
  return problems;
}
