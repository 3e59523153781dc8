/** The board a scenario starts from: config, installed version, other files. Pure. */
import { gitBlobSha1 } from '../../sim/github/files.ts';
import { fileBytes } from '../../sim/github/files.ts';
import type { Scenario } from '../types.ts';
import { configFile } from './config-file.ts';
import { deviceRules, labelRepo } from './device-repo.ts';
import { managedFiles } from './managed.ts';
import { dirMarker } from './empty-dirs.ts';
import { expandPlaceholders } from './placeholders.ts';
import { versionJsonText } from './version-json.ts';

/** A commit label's SHA as the fake GitHub computes it (injectable: the lab asks the model). */
export type ShaOf = (label: string) => string;

const utf8 = new TextEncoder();

/**
 * The initial files: the config file; when `installed` is set, that commit's managed files and a
 * version.json naming it (ref = installedRef or the label, with the managed blob map); then
 * `device.files` on top (user data, hand edits, a half-finished update), placeholders expanded.
 */
export function provision(scenario: Scenario, shaOf: ShaOf): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const config = configFile(scenario.device);
  files.set(config.path, config.bytes);
  const repo = labelRepo(scenario);
  const rules = deviceRules(scenario);
  const { installed, installedRef } = scenario.device;
  if (installed !== undefined) {
    const managed = managedFiles(repo, installed, rules);
    for (const [path, bytes] of managed) files.set(path, bytes);
    const shas = new Map([...managed].map(([path, bytes]) => [path, gitBlobSha1(bytes)]));
    files.set('version.json', utf8.encode(versionJsonText(installedRef ?? installed, shaOf(installed), shas)));
  }
  for (const [path, content] of Object.entries(scenario.device.files ?? {})) {
    const bytes = typeof content === 'string' ? utf8.encode(expandPlaceholders(content, { repo, rules, shaOf })) : fileBytes(content);
    files.set(path, bytes);
  }
  // Empty directories travel as the oracle's `dir/` markers (state/empty-dirs.ts); the flash loads them as directories.
  for (const dir of scenario.device.emptyDirs ?? []) if (![...files.keys()].some((p) => p.startsWith(`${dir}/`))) files.set(dirMarker(dir), new Uint8Array(0));
  return files;
}
