// The dependency rule of docs/DESIGN.md, checked on every test run: core/ reaches the world only
// through its ports, and sim/ never reaches up into the lab or the CLI.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const p = join(root, dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(relative(root, p)));
    else if (name.endsWith('.ts')) out.push(relative(root, p));
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2])!);
}

function topOf(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  return relative(root, resolve(root, dirname(file), spec)).split('/')[0] ?? null;
}

const allowed: Record<string, string[]> = {
  core: ['core'],
  sim: ['sim', 'core'],
  scenarios: ['scenarios', 'sim', 'core'],
};

const banned: Record<string, RegExp[]> = {
  core: [/\bDate\.now\(/, /\bMath\.random\(/, /(?<![.\w])setTimeout\(/, /(?<![.\w])fetch\(/],
  sim: [/\bDate\.now\(/, /\bMath\.random\(/, /(?<![.\w])setTimeout\(/, /(?<![.\w])fetch\(/],
};

describe('layers', () => {
  for (const [layer, ok] of Object.entries(allowed)) {
    it(`${layer}/ imports only from ${ok.join(', ')}`, () => {
      const bad: string[] = [];
      for (const file of sources(layer)) {
        for (const spec of imports(file)) {
          const top = topOf(file, spec);
          if (top !== null && !ok.includes(top)) bad.push(`${file} imports ${spec}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }

  for (const [layer, patterns] of Object.entries(banned)) {
    it(`${layer}/ uses no real time, randomness or global fetch outside its adapters`, () => {
      const bad: string[] = [];
      for (const file of sources(layer)) {
        if (file.startsWith('core/adapters/') || file.startsWith('core/ports/') || file.endsWith('.test.ts') || file.endsWith('bench.ts')) continue;
        const text = readFileSync(join(root, file), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
        for (const re of patterns) if (re.test(text)) bad.push(`${file}: ${re.source}`);
      }
      expect(bad).toEqual([]);
    });
  }
});
