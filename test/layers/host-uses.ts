/**
 * Uses of the host's clock, dice and network, found by the type checker: an identifier (or an
 * `obj['name']` key) counts when it resolves to a declaration in TypeScript's lib files or in
 * `@types/node`, whatever path reached it — `globalThis.fetch`, `const M = Math; M.random()`,
 * `const { now } = performance`. A local `fetch` method, a port's `clock.now()` or fake-timers'
 * `setTimeout` resolve to their own declarations and do not count.
 *
 * Out of reach, hence banned outright as "escapes": `globalThis`/`global`/`window`/`self` (any
 * global by computed name), `eval`, `Function` and `require`. Member access on `any` resolves to
 * nothing and is not reported; the escapes are how such a value would reach a host global.
 */
import {
  isBinaryExpression,
  isBindingElement,
  isObjectBindingPattern,
  isElementAccessExpression,
  isIdentifier,
  isNewExpression,
  isNoSubstitutionTemplateLiteral,
  isPropertyAccessExpression,
  isStringLiteral,
  isTypeNode,
  SyntaxKind,
  type Node,
  type SourceFile,
} from 'typescript/unstable/ast';
import type { Checker, Symbol as TsSymbol } from 'typescript/unstable/sync';
import { lineOf } from './module-refs.ts';

export interface HostUse {
  line: number;
  name: string;
  /** The expression as written, e.g. `Math.random` or `globalThis.fetch`. */
  text: string;
}

/** `Date` itself is fine as a calendar: `new Date(ms)`, `Date.UTC`, `Date.parse`, `instanceof Date`. */
function isCalendarUse(node: Node): boolean {
  const parent = node.parent;
  if (isNewExpression(parent) && parent.expression === node) return (parent.arguments?.length ?? 0) > 0;
  if (isPropertyAccessExpression(parent) && parent.expression === node) return true; // the member is checked on its own (`now`)
  return isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === SyntaxKind.InstanceOfKeyword;
}

/** `const { now } = performance`: the name declares a local, but what it takes is a property. */
function isShorthandBinding(node: Node): boolean {
  const parent = node.parent;
  return isBindingElement(parent) && parent.name === node && !parent.propertyName && isObjectBindingPattern(parent.parent);
}

function destructuredProperty(checker: Checker, node: Node): TsSymbol | undefined {
  const source = checker.getTypeAtLocation(node.parent.parent);
  return source ? checker.getPropertyOfType(source, (node as unknown as { text: string }).text) : undefined;
}

/** A declaration in lib.*.d.ts (TypeScript's own, wherever installed) or in Node's types. */
export function isHostDeclaration(path: string): boolean {
  return /(^|[\\/])lib\.[\w.]+\.d\.ts$/.test(path) || /[\\/]@types[\\/]node[\\/]/.test(path);
}

export function hostUses(sf: SourceFile, checker: Checker, names: ReadonlySet<string>): HostUse[] {
  const candidates: Node[] = [];
  const visit = (node: Node): void => {
    if (isTypeNode(node)) return; // `ReturnType<typeof setTimeout>` runs nothing
    if (isIdentifier(node) && names.has(node.text)) candidates.push(node);
    if ((isStringLiteral(node) || isNoSubstitutionTemplateLiteral(node)) && names.has(node.text) && isElementAccessExpression(node.parent) && node.parent.argumentExpression === node) {
      candidates.push(node);
    }
    node.forEachChild(visit);
  };
  visit(sf);
  if (candidates.length === 0) return [];
  const symbols = checker.getSymbolAtLocation(candidates);
  const uses: HostUse[] = [];
  candidates.forEach((node, i) => {
    const symbol = isShorthandBinding(node) ? destructuredProperty(checker, node) : symbols[i];
    // `globalThis` is synthesised by the checker: a symbol with no declaration is the host's.
    if (!symbol || !symbol.declarations.every((d) => isHostDeclaration(d.path))) return;
    const name = (node as unknown as { text: string }).text;
    if (name === 'Date' && isCalendarUse(node)) return;
    const parent = node.parent;
    const member = (isPropertyAccessExpression(parent) && parent.name === node) || (isElementAccessExpression(parent) && parent.argumentExpression === node);
    uses.push({ line: lineOf(sf, node), name, text: (member ? parent : node).getText(sf) });
  });
  return uses;
}
