// Every scenario of the library loads, validates, names a target the fake GitHub can resolve,
// and provisions (placeholders included) into a board whose expected end differs from its start
// exactly when the scenario says an update should happen.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listScenarios, loadScenario } from '../load/index.ts';
import { expectedStates, provision, targetLabel } from '../state/index.ts';

const files = await listScenarios();
const shaOf = (label: string) => createHash('sha1').update(label).digest('hex');

describe('scenario library', () => {
  it('has at least 20 scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
  });

  it.each(files.map((f) => [basename(f), f]))('%s loads, resolves and provisions', async (_name, file) => {
    const s = await loadScenario(file);
    expect(s.description.length).toBeGreaterThan(40);
    const target = targetLabel(s);
    expect(target).not.toBeNull();
    const board = provision(s, shaOf);
    for (const [path, bytes] of board) {
      // A placeholder left unexpanded would reach the board as literal text.
      expect(new TextDecoder().decode(bytes), path).not.toMatch(/\$\{(commit|blob|files):/);
    }
    // A version to end on is either "stay" or the target the config resolves to: anything else
    // would be a scenario whose expectation contradicts its own config.
    const stays = s.expect.version === 'installed' || s.expect.version === s.device.installed;
    if (s.expect.version !== undefined && !stays) expect(s.expect.version).toBe(target);
    // When the board is to move, the lab's two states must differ (else atomicity proves nothing).
    const { before, after } = expectedStates(s, shaOf);
    const differ = [...new Set([...before.keys(), ...after.keys()])].some((p) => before.get(p)?.join() !== after.get(p)?.join());
    if (s.expect.version !== undefined && !stays && s.device.installed !== target) expect(differ).toBe(true);
  });

  it('provisioned journals name the real commits and blob SHAs', async () => {
    let journals = 0;
    for (const file of files) {
      const s = await loadScenario(file);
      const bytes = provision(s, shaOf).get('ota_journal.json');
      if (bytes === undefined) continue;
      journals++;
      const j = JSON.parse(new TextDecoder().decode(bytes));
      expect(j.target.commit, basename(file)).toBe(shaOf(targetLabel(s)!));
      // Every provisioned journal in the library is an update from v1.
      expect(j.previous.commit, basename(file)).toBe(shaOf('v1'));
      for (const op of j.ops) expect(op.sha ?? op.old_sha, `${basename(file)} ${op.path}`).toMatch(/^[0-9a-f]{40}$/);
    }
    expect(journals).toBeGreaterThanOrEqual(2);
  });
});
