// The dependency rule of docs/DESIGN.md, checked on every test run with the TypeScript compiler's
// own parser and type checker (test/layers/): core/ reaches the world only through its ports,
// sim/ never reaches up into the lab or the CLI and runs none of core's logic, and neither uses
// real time, randomness or the network. The rules and their reasons are in test/layers/rules.ts.
// A planted tree breaks each rule once, in each way known to slip past a regex, so the check is
// shown to fail where it must — and to stay quiet on the look-alikes that are fine.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLayers, type LayerReport } from './layers/check.ts';
import { expectations, LINKS, PLANTED } from './layers/planted-tree.ts';

const root = resolve(import.meta.dirname, '..');

describe('layers', () => {
  it('the repository keeps every rule, and every exemption is still needed', () => {
    const report = checkLayers(root);
    expect(report.violations).toEqual([]);
    expect(report.unusedExemptions.map((x) => x.path)).toEqual([]);
  }, 60_000);

  describe('a planted tree that breaks each rule', () => {
    let planted: string;
    let report: LayerReport;
    beforeAll(() => {
      planted = mkdtempSync(join(tmpdir(), 'otalab-planted-'));
      for (const [file, text] of Object.entries(PLANTED)) {
        mkdirSync(dirname(join(planted, file)), { recursive: true });
        writeFileSync(join(planted, file), text);
      }
      for (const [link, to] of Object.entries(LINKS)) {
        mkdirSync(dirname(join(planted, link)), { recursive: true });
        symlinkSync(to, join(planted, link));
      }
      report = checkLayers(planted, root);
    }, 60_000);
    afterAll(() => rmSync(planted, { recursive: true, force: true }));

    const expected = expectations();
    for (const [where, patterns] of expected) {
      it(`reports ${where}: ${patterns.map((p) => p.source).join(' and ')}`, () => {
        const here = report.violations.filter((v) => v.startsWith(`${where} `));
        for (const p of patterns) expect(here, `nothing at ${where} matches /${p.source}/`).toContainEqual(expect.stringMatching(p));
        for (const v of here) expect(patterns.some((p) => p.test(v)), `unexpected: ${v}`).toBe(true);
      });
    }

    it('reports nothing else (no false alarm on calendar dates, ports, locals, comments, test kits or the lab\'s clock)', () => {
      expect(report.violations.filter((v) => !expected.has(v.slice(0, v.indexOf(' '))))).toEqual([]);
    });
  });
});
