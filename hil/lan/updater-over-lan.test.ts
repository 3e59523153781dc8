// End to end: core's updater on a virtual board whose HTTP is Node's real fetch, pointed at the
// LAN through api_base/raw_base, makes the same requests (in GitHub form), gets the same answers
// and ends with the same files and outcomes as the same scenario on the sim link.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boot, describeOutcome } from '../../core/boot.ts';
import { nodeHttp } from '../../core/adapters/node-http.ts';
import { hang, simApp } from '../../sim/app.ts';
import { SimBoard } from '../../sim/board.ts';
import { DEFAULT_START_EPOCH_MS } from '../../sim/clock.ts';
import { LIBRARY_DIR, loadScenario } from '../../scenarios/load/index.ts';
import { provision } from '../../scenarios/state/index.ts';
import { boardState, bootLoop, markPhase } from '../../scenarios/targets/board-run.ts';
import { shaOfFor, tsTarget } from '../../scenarios/targets/ts.ts';
import type { BootRecord, RequestRecord } from '../../scenarios/target.ts';
import type { Scenario } from '../../scenarios/types.ts';
import { startLan } from './index.ts';

const SCENARIOS = ['stable-manifest', 'redirect-third-host', 'private-repo-with-token', 'link-drop-mid-file', 'server-error-retried', 'captive-portal-on-file', 'wrong-hash', 'rate-limited'];

async function runOverLan(scenario: Scenario, apiBase: string, rawBase: string) {
  const onLan: Scenario = { ...scenario, device: { ...scenario.device, config: { ...scenario.device.config, api_base: apiBase, raw_base: rawBase } } };
  const board = new SimBoard({ server: scenario.server, batteryPercent: scenario.device.batteryPercent, rtc: scenario.device.rtc, http: () => nodeHttp() });
  board.flash.load(provision(onLan, shaOfFor(board, scenario)));
  const boots: BootRecord[] = [];
  await bootLoop(board, scenario.maxBoots ?? 8, async (record) => {
    const report = await boot(board.ports(), {
      onRecovered: () => {
        record.afterRecovery = boardState(board.flash);
        markPhase(board, 'update');
      },
      onOutcome: (o) => {
        record.outcome = describeOutcome(o);
      },
      app: async () => {
        markPhase(board, 'app');
        const model = simApp(board.flash);
        return model === 'hang' ? hang(board) : model;
      },
    });
    return report.end;
  }, boots);
  return { boots, files: boardState(board.flash) };
}

const view = (rs: readonly RequestRecord[]) => rs.map((r) => ({ method: r.method, url: r.url, status: r.status, bodyBytes: r.bodyBytes, authorization: r.authorization, fault: r.fault ?? null }));

describe("core's updater over real sockets equals the same run on the sim link", () => {
  it.each(SCENARIOS)('%s', async (name) => {
    const scenario = await loadScenario(join(LIBRARY_DIR, `${name}.yaml`));
    const faults = scenario.faults ?? [];
    const sim = await tsTarget().run(scenario, { faults, maxBoots: scenario.maxBoots ?? 8 });
    const lan = await startLan({ scenario, faults, link: {}, serverEpochMs: DEFAULT_START_EPOCH_MS });
    try {
      const real = await runOverLan(scenario, lan.apiBase, lan.rawBase);
      expect(view(lan.requests)).toEqual(view(sim.requests));
      // Messages and error records name URLs: compare them in GitHub form.
      const gh = (t: string | undefined) => (t === undefined ? t : lan.bodyToGitHub(t));
      expect(real.boots.map((b) => [b.cause, b.end, gh(b.outcome)])).toEqual(sim.boots.map((b) => [b.cause, b.end, b.outcome]));
      const config = scenario.device.configFile ?? 'ota_config.json';
      const files = (m: Map<string, Uint8Array>) => [...m].filter(([p]) => p !== config).map(([p, b]) => [p, gh(Buffer.from(b).toString('latin1'))]).sort();
      expect(files(real.files)).toEqual(files(sim.files));
      expect(lan.unfired()).toEqual(sim.unfired);
    } finally {
      await lan.close();
    }
  });
});
