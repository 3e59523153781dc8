// The scenario the README teaches with must stay valid and pass: documentation that cannot rot.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { judgeFor } from '../scenarios/lab/context.ts';
import { parseScenario } from '../scenarios/load/index.ts';
import { tsTarget } from '../scenarios/targets/ts.ts';

describe('README', () => {
  it('its example scenario loads, runs and satisfies the oracle', async () => {
    const block = /```yaml\n([\s\S]*?)```/.exec(readFileSync('README.md', 'utf8'))?.[1];
    expect(block).toBeDefined();
    const scenario = parseScenario(block!, 'readme-example.yaml');
    const run = await tsTarget().run(scenario, { faults: scenario.faults ?? [], seed: 1, maxBoots: 8 });
    expect(judgeFor(scenario)(run, [])).toEqual([]);
    expect(run.requests.some((r) => r.url.endsWith('/lib/deep/new.py') && r.status === 200)).toBe(true);
  });
});
