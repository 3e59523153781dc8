import { describe, expect, it } from 'vitest';
import { buildFacts } from './facts.ts';
import { baseScenario, boardV2, ctx, request, run } from './oracle-fixtures.ts';
import { checkSecretSafe } from './secret-safe.ts';

const TOKEN = 'ghp_secret123';
const scenario = baseScenario({ device: { config: { owner: 'o', repo: 'r', token: TOKEN }, installed: 'v1' } });
const check = (r: ReturnType<typeof run>) => checkSecretSafe(buildFacts(scenario, r, ctx));

describe('secret-safe', () => {
  it('accepts the token sent to the API and raw hosts only', () => {
    const requests = [
      request('https://api.github.com/repos/o/r/releases/latest', `token ${TOKEN}`),
      request('https://raw.githubusercontent.com/o/r/abc/main.py', `token ${TOKEN}`),
      request('https://objects.githubusercontent.com/x?sig=1'),
    ];
    expect(check(run(boardV2(), undefined, { requests }))).toEqual([]);
  });

  it('fails the token following a redirect to the asset CDN', () => {
    const verdicts = check(run(boardV2(), undefined, { requests: [request('https://objects.githubusercontent.com/x', `token ${TOKEN}`)] }));
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]!.message).toContain('objects.githubusercontent.com');
  });

  it('fails the token written into ota_error.json or a log line', () => {
    const files = boardV2({ 'ota_error.json': `{"errors": [{"code": "UNAUTHORIZED", "message": "bad token ${TOKEN}"}]}` });
    const verdicts = check(run(files, undefined, { log: ['ok', `auth ${TOKEN}`] }));
    expect(verdicts.map((v) => v.message)).toEqual(['the token appears in ota_error.json', 'the token appears in the log (line 2)']);
  });

  it('fails the token in a URL', () => {
    expect(check(run(boardV2(), undefined, { requests: [request(`https://api.github.com/x?access_token=${TOKEN}`)] }))).toHaveLength(1);
  });
});
