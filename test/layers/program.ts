/**
 * The TypeScript compiler's own view of a set of files: parsed syntax trees and a type checker,
 * so the layer rules see imports and globals as the compiler does (a regex cannot tell
 * `Math.random()` from a comment, a string or a local `random`).
 *
 * TypeScript 7 has no in-process `ts.createSourceFile`: its API (`typescript/unstable/sync`)
 * drives the native compiler over a pipe. We hand it a generated tsconfig listing exactly the
 * files to check, with the repository's compiler options, JavaScript allowed (so `.mjs` files
 * are read too) and the repository's `@types` (so a planted tree in a temporary directory sees
 * Node's globals like the real one). The API is marked unstable: if an upgrade moves it, this
 * file is the one place to adapt.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceFile } from 'typescript/unstable/ast';
import { API, type Checker } from 'typescript/unstable/sync';

export interface Program {
  sourceFile(path: string): SourceFile;
  checker: Checker;
}

/** Runs `use` on a program of `files` (absolute paths) compiled with `repoRoot`'s tsconfig. */
export function withProgram<T>(repoRoot: string, files: string[], use: (program: Program) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'otalab-layers-'));
  const config = join(dir, 'tsconfig.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(repoRoot, 'tsconfig.json'),
      compilerOptions: { allowJs: true, checkJs: false, noEmit: true, typeRoots: [join(repoRoot, 'node_modules/@types')] },
      files,
      include: [],
    }),
  );
  const api = new API({ cwd: dir });
  try {
    const project = api.updateSnapshot({ openProject: config }).getProject(config);
    if (!project) throw new Error(`Failed to open the layer check's program: ${config}`);
    return use({
      sourceFile(path) {
        const sf = project.program.getSourceFile(path);
        if (!sf) throw new Error(`Failed to parse ${path}: not in the layer check's program`);
        return sf;
      },
      checker: project.checker,
    });
  } finally {
    api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
