/**
 * Every way a file names another module, read from its syntax tree: `import` (side-effect,
 * default, named, namespace, type-only), `export … from`, `import x = require()`, `import()`,
 * `import('…')` types, `require` and whatever `createRequire` returned, and `/// <reference path>`.
 *
 * A specifier is folded when it is a constant: a literal, a template literal or `+` of literals
 * and of file-level `const` strings (`import(PACKAGE)`). Anything else cannot be checked, so it is
 * reported with `spec: null` and the rules treat it as a violation.
 */
import {
  isBinaryExpression,
  isCallExpression,
  isExportDeclaration,
  isExternalModuleReference,
  isIdentifier,
  isImportDeclaration,
  isImportEqualsDeclaration,
  isImportTypeNode,
  isLiteralTypeNode,
  isNamedExports,
  isNamedImports,
  isNamespaceImport,
  isNoSubstitutionTemplateLiteral,
  isParenthesizedExpression,
  isPropertyAccessExpression,
  isStringLiteral,
  isTemplateExpression,
  isVariableDeclaration,
  NodeFlags,
  SyntaxKind,
  type Node,
  type SourceFile,
} from 'typescript/unstable/ast';

export interface ModuleRef {
  line: number;
  how: 'import' | 'export' | 'import-equals' | 'import()' | 'require' | 'import type' | 'reference';
  /** The specifier, or null when it is not a constant. */
  spec: string | null;
  /** What is taken from the module: imported names, `default`, or `*` for all of it. */
  names: string[];
}

export function lineOf(sf: SourceFile, node: Node): number {
  return sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
}

export function moduleRefs(sf: SourceFile): ModuleRef[] {
  const consts = fileConstants(sf);
  const requires = requireNames(sf);
  const refs: ModuleRef[] = sf.referencedFiles.map((r) => ({ line: sf.getLineAndCharacterOfPosition(r.pos).line + 1, how: 'reference', spec: r.fileName, names: ['*'] }));
  const add = (node: Node, how: ModuleRef['how'], specNode: Node | undefined, names: string[]) =>
    refs.push({ line: lineOf(sf, node), how, spec: specNode ? fold(specNode, consts) : null, names });

  const visit = (node: Node): void => {
    if (isImportDeclaration(node)) {
      const clause = node.importClause;
      const names: string[] = [];
      if (clause?.name) names.push('default');
      const bindings = clause?.namedBindings;
      if (bindings && isNamespaceImport(bindings)) names.push('*');
      if (bindings && isNamedImports(bindings)) names.push(...bindings.elements.map((e) => (e.propertyName ?? e.name).text));
      add(node, 'import', node.moduleSpecifier, names);
    } else if (isExportDeclaration(node) && node.moduleSpecifier) {
      const clause = node.exportClause;
      add(node, 'export', node.moduleSpecifier, clause && isNamedExports(clause) ? clause.elements.map((e) => (e.propertyName ?? e.name).text) : ['*']);
    } else if (isImportEqualsDeclaration(node) && isExternalModuleReference(node.moduleReference)) {
      add(node, 'import-equals', node.moduleReference.expression, ['*']);
    } else if (isCallExpression(node) && node.expression.kind === SyntaxKind.ImportKeyword) {
      add(node, 'import()', node.arguments[0], ['*']);
    } else if (isCallExpression(node) && isRequireLike(node.expression, requires)) {
      add(node, 'require', node.arguments[0], ['*']);
    } else if (isImportTypeNode(node)) {
      add(node, 'import type', isLiteralTypeNode(node.argument) ? node.argument.literal : undefined, ['*']);
    }
    node.forEachChild(visit);
  };
  visit(sf);
  return refs;
}

/** The constant string value of an expression, or null. */
function fold(node: Node, consts: Map<string, string>): string | null {
  if (isStringLiteral(node) || isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (isParenthesizedExpression(node)) return fold(node.expression, consts);
  if (isIdentifier(node)) return consts.get(node.text) ?? null;
  if (isBinaryExpression(node) && node.operatorToken.kind === SyntaxKind.PlusToken) {
    const [a, b] = [fold(node.left, consts), fold(node.right, consts)];
    return a === null || b === null ? null : a + b;
  }
  if (isTemplateExpression(node)) {
    let text = node.head.text;
    for (const span of node.templateSpans) {
      const part = fold(span.expression, consts);
      if (part === null) return null;
      text += part + span.literal.text;
    }
    return text;
  }
  return null;
}

/** File-level `const NAME = <constant string>`, in order (a later one may use an earlier one). */
function fileConstants(sf: SourceFile): Map<string, string> {
  const consts = new Map<string, string>();
  for (const statement of sf.statements) {
    if (statement.kind !== SyntaxKind.VariableStatement) continue;
    const list = (statement as unknown as { declarationList: { flags: number; declarations: readonly Node[] } }).declarationList;
    if (!(list.flags & NodeFlags.Const)) continue;
    for (const d of list.declarations) {
      if (!isVariableDeclaration(d) || !isIdentifier(d.name) || !d.initializer) continue;
      const value = fold(d.initializer, consts);
      if (value !== null) consts.set(d.name.text, value);
    }
  }
  return consts;
}

/** Local names of `createRequire` (as imported) and of the functions it returned. */
function requireNames(sf: SourceFile): { creators: Set<string>; loaders: Set<string> } {
  const creators = new Set(['createRequire']);
  const loaders = new Set(['require']);
  const visit = (node: Node): void => {
    if (isImportDeclaration(node) && node.importClause?.namedBindings && isNamedImports(node.importClause.namedBindings)) {
      for (const e of node.importClause.namedBindings.elements) if ((e.propertyName ?? e.name).text === 'createRequire') creators.add(e.name.text);
    }
    if (isVariableDeclaration(node) && isIdentifier(node.name) && node.initializer && isCallExpression(node.initializer) && isCreator(node.initializer.expression, creators)) {
      loaders.add(node.name.text);
    }
    node.forEachChild(visit);
  };
  visit(sf);
  return { creators, loaders };
}

function isCreator(callee: Node, creators: Set<string>): boolean {
  if (isIdentifier(callee)) return creators.has(callee.text);
  return isPropertyAccessExpression(callee) && callee.name.text === 'createRequire';
}

function isRequireLike(callee: Node, names: { creators: Set<string>; loaders: Set<string> }): boolean {
  if (isIdentifier(callee)) return names.loaders.has(callee.text);
  if (isCallExpression(callee)) return isCreator(callee.expression, names.creators); // createRequire(url)('x')
  return isPropertyAccessExpression(callee) && callee.name.text === 'require'; // module.require('x')
}
