/**
 * Applies rules.ts to a tree: every module reference of every file in a layer (module-refs.ts,
 * resolved by resolve-ref.ts), every host use in production files (host-uses.ts), and in core/
 * every string that names a class of the simulator or the lab. Returns one line per violation,
 * `path:line what`, and the exemptions nothing needed (so stale ones are noticed).
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isClassDeclaration, isNoSubstitutionTemplateLiteral, isPropertyAccessExpression, isStringLiteral, type Node, type SourceFile } from 'typescript/unstable/ast';
import { hostUses } from './host-uses.ts';
import { lineOf, moduleRefs, type ModuleRef } from './module-refs.ts';
import { withProgram } from './program.ts';
import { inside, resolveRef } from './resolve-ref.ts';
import { EFFECTS, EXEMPT, FENCES, isTestSupport, kindOf, LAYERS, type Effects, type Exemption } from './rules.ts';

export interface LayerReport {
  violations: string[];
  unusedExemptions: Exemption[];
}

const SOURCE = /\.[cm]?[jt]s$/;

function sourcesUnder(root: string, dir: string): string[] {
  const abs = join(root, dir);
  const out: string[] = [];
  for (const name of readdirSync(abs)) {
    const p = join(abs, name);
    if (statSync(p).isDirectory()) out.push(...sourcesUnder(root, relative(root, p)));
    else if (SOURCE.test(name)) out.push(p);
  }
  return out;
}

const posix = (p: string) => p.split(sep).join('/');

/** `repoRoot` supplies the compiler options and types (a planted tree has none of its own). */
/** What the rules need to know about the file being checked. */
interface FileContext {
  root: string;
  abs: string;
  rel: string;
  layer: string;
  production: boolean;
  effects: Effects | undefined;
  /** True (and the exemption marked used) when an exemption covers `name` in this file. */
  exempt(name: string): boolean;
}

/** `repoRoot` supplies the compiler options and types (a planted tree has none of its own). */
export function checkLayers(root: string, repoRoot = root): LayerReport {
  const files = Object.keys(LAYERS).flatMap((layer) => sourcesUnder(root, layer));
  const violations: string[] = [];
  const used = new Set<Exemption>();
  withProgram(repoRoot, files, ({ sourceFile, checker }) => {
    const parsed = files.map((abs) => ({ abs, rel: posix(relative(root, abs)), sf: sourceFile(abs) }));
    const simClasses = new Set(parsed.filter((p) => /^(sim|scenarios)\//.test(p.rel)).flatMap((p) => classNames(p.sf)));
    for (const { abs, rel, sf } of parsed) {
      const layer = rel.split('/')[0]!;
      const exemptions = EXEMPT.filter((x) => rel.startsWith(x.path));
      const ctx: FileContext = {
        root,
        abs,
        rel,
        layer,
        production: !isTestSupport(rel),
        effects: EFFECTS.find((e) => e.layer === layer),
        exempt(name) {
          const hit = exemptions.find((x) => !x.names || x.names.includes(name));
          if (hit) used.add(hit);
          return hit !== undefined;
        },
      };
      const report = (line: number, what: string) => violations.push(`${rel}:${line} ${what}`);
      for (const ref of moduleRefs(sf)) for (const problem of refProblems(ctx, ref)) report(ref.line, problem);
      if (!ctx.production || !ctx.effects) continue;
      for (const use of hostUses(sf, checker, new Set(ctx.effects.names))) {
        if (!ctx.exempt(use.name)) report(use.line, `uses ${use.text} (${kindOf(use.name)}): ${ctx.effects.why}`);
      }
      if (layer === 'core') for (const [line, what] of simulatorNames(sf, simClasses)) report(line, what);
    }
  });
  return { violations, unusedExemptions: EXEMPT.filter((x) => !used.has(x)) };
}

function refProblems(ctx: FileContext, ref: ModuleRef): string[] {
  const written = `${ref.how} ${ref.spec === null ? '(not a constant)' : `'${ref.spec}'`}`;
  if (ref.spec === null) return [`${written}: a specifier the layer check cannot follow; write it as a constant string`];
  const target = resolveRef(ctx.root, ctx.abs, ref.spec);
  if (target.kind === 'unresolvable') return [`${written}: ${target.why}`];
  if (target.kind === 'file') {
    if (!inside(ctx.root, target.path)) return [`${written} leaves the repository (${target.path})`];
    const to = posix(relative(ctx.root, target.path));
    const allowed = LAYERS[ctx.layer]!;
    if (!allowed.includes(to.split('/')[0]!)) return [`${written} reaches ${to}: ${ctx.layer}/ may import only ${allowed.map((l) => `${l}/`).join(', ')}`];
    const problems = FENCES.filter((f) => ctx.rel.startsWith(f.from) && to.startsWith(f.to) && !(f.unless && to.startsWith(f.unless)) && (ctx.production || !f.productionOnly)).map(
      (f) => `${written} reaches ${to}: ${f.why}`,
    );
    if (ctx.production && isTestSupport(to)) problems.push(`${written} reaches test support ${to}: production code may not depend on it`);
    return problems;
  }
  if (!ctx.production || !ctx.effects) return [];
  const module = target.kind === 'builtin' ? target.module : target.name;
  if (ctx.effects.modules.includes(module) && !ctx.exempt(module)) return [`${written}: ${ctx.layer}/ may not use ${module}`];
  if (target.kind !== 'builtin') return [];
  return ref.names.filter((n) => ctx.effects!.names.includes(n) && !ctx.exempt(n)).map((n) => `${written} takes ${n} (${kindOf(n)})`);
}

function classNames(sf: SourceFile): string[] {
  const names: string[] = [];
  const visit = (node: Node): void => {
    if (isClassDeclaration(node) && node.name) names.push(node.name.text);
    node.forEachChild(visit);
  };
  visit(sf);
  return names;
}

/** core/ must not recognise the simulator by name: a string equal to one of its class names, or `constructor.name`. */
function simulatorNames(sf: SourceFile, simClasses: ReadonlySet<string>): [number, string][] {
  const found: [number, string][] = [];
  const visit = (node: Node): void => {
    if ((isStringLiteral(node) || isNoSubstitutionTemplateLiteral(node)) && simClasses.has(node.text)) {
      found.push([lineOf(sf, node), `names the simulator's class '${node.text}': recognise it by a port-level type or code instead`]);
    }
    if (isPropertyAccessExpression(node) && node.name.text === 'name' && isPropertyAccessExpression(node.expression) && node.expression.name.text === 'constructor') {
      found.push([lineOf(sf, node), `matches ${node.getText(sf)}: recognise errors by a port-level type or code instead`]);
    }
    node.forEachChild(visit);
  };
  visit(sf);
  return found;
}
