// A hand-written scenario is capped at 64 KB (the YAML parser is slow on big files); a scenario
// `otalab repro` wrote carries a field board's files and real commits, so its first line raises
// the cap to 8 MB. The cap is decided on the header, before anything is parsed.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, REPRO_MARK } from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'otalab-size-cap-'));

/** A valid scenario whose v2 carries a `bytes`-long text file. */
function scenario(header: string, bytes: number): string {
  return `${header}description: big file
device:
  config: {owner: o, repo: r}
  installed: v1
server:
  repos:
    - owner: o
      name: r
      commits:
        v1: {files: {main.py: "one"}}
        v2: {parent: v1, files: {main.py: "two", data.txt: "${'x'.repeat(bytes)}"}}
      releases: [{tag: v1}, {tag: v2}]
expect:
  version: v2
`;
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('scenario size cap', () => {
  it('a 100 KB hand-written scenario is refused unread', async () => {
    const path = write('hand.yaml', scenario('', 100_000));
    await expect(loadScenario(path)).rejects.toThrow(/too large for a scenario \(at most 64 KB/);
  });

  it("the same with repro's first line loads", async () => {
    const path = write('repro.yaml', scenario(`${REPRO_MARK} (docs/repro.md, format 1).\n`, 100_000));
    const s = await loadScenario(path);
    expect(s.server.repos[0]!.commits['v2']!.files!['data.txt']).toHaveLength(100_000);
  });

  it('the mark counts only as the first line', async () => {
    const path = write('late-mark.yaml', scenario(`# note\n${REPRO_MARK}\n`, 100_000));
    await expect(loadScenario(path)).rejects.toThrow(/at most 64 KB/);
  });

  it('a repro scenario over 8 MB is refused unread', async () => {
    const path = write('huge-repro.yaml', scenario(`${REPRO_MARK}\n`, 9 * 1024 * 1024));
    const started = performance.now();
    await expect(loadScenario(path)).rejects.toThrow(/9\.0 MB is too large for a scenario \(at most 8\.0 MB/);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
