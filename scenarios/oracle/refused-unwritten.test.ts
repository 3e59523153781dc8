import { describe, expect, it } from 'vitest';
import { buildFacts } from './facts.ts';
import { baseScenario, boardV2, ctx, request, run } from './oracle-fixtures.ts';
import { checkRefusedUnwritten } from './refused-unwritten.ts';

const scenario = baseScenario();
const check = (r: ReturnType<typeof run>) => checkRefusedUnwritten(buildFacts(scenario, r, ctx));
const bytes = (s: string) => new TextEncoder().encode(s);
const PAGE = '<!DOCTYPE html><title>500</title><body>Internal Server Error</body>';
const refused = (status: number, body: string, fault?: string) => ({ ...request('https://raw.githubusercontent.com/o/r/abc/main.py'), status, refusedBody: bytes(body), ...(fault ? { fault } : {}) });

describe('refused-unwritten', () => {
  it('accepts an error page no write carries, and a file written in full', () => {
    const flashWrites = [{ op: 3, path: '.ota_stage/main.py.part', bytes: bytes('print(2)') }];
    expect(check(run(boardV2(), undefined, { requests: [refused(500, PAGE)], flashWrites }))).toEqual([]);
  });

  it('fails an error page written into a .part, whole or in chunks', () => {
    for (const pieces of [[PAGE], [PAGE.slice(0, 32), PAGE.slice(32)]]) {
      const flashWrites = pieces.map((p, i) => ({ op: 3 + i, path: '.ota_stage/main.py.part', bytes: bytes(p) }));
      const verdicts = check(run(boardV2(), undefined, { requests: [refused(500, PAGE)], flashWrites }));
      expect(verdicts).toHaveLength(1);
      expect(verdicts[0]!.message).toMatch(/^request 1 \(GET .*main\.py\) was answered by HTTP 500, and \d+ bytes of that body were written to \.ota_stage\/main\.py\.part \(op 3\)$/);
    }
  });

  it("fails a link fault's captive portal written to flash, and names the fault", () => {
    const flashWrites = [{ op: 7, path: '.ota_stage/main.py.part', bytes: bytes(PAGE) }];
    expect(check(run(boardV2(), undefined, { requests: [refused(200, PAGE, 'html')], flashWrites }))[0]!.message).toContain("the link fault html's page (HTTP 200)");
  });

  it('ignores writes too short to tell (a few bytes that happen to occur in a page)', () => {
    const flashWrites = [{ op: 3, path: 'data/log.txt', bytes: bytes('Server') }];
    expect(check(run(boardV2(), undefined, { requests: [refused(500, PAGE)], flashWrites }))).toEqual([]);
  });
});
