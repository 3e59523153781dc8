/** `otalab keygen` and `otalab manifest`: make a signing key, write the signed manifest a release carries (docs/signing.md). */
import type { Command } from 'commander';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { generateSigningKey } from '../signing/keygen.ts';
import { readReleaseFiles } from '../signing/release-files.ts';
import { buildSignedManifest, manifestText, readSigningKey } from '../signing/sign-manifest.ts';

const out = (s: string) => process.stdout.write(s + '\n');

interface ManifestOpts {
  sign?: string;
  owner?: string;
  repo?: string;
  tag?: string;
  counter?: string;
  commit?: string;
  out: string;
}

export function registerSigning(program: Command, setCode: (c: number) => void): void {
  program
    .command('keygen')
    .description('make an Ed25519 release-signing key: writes otalab-signing-key.pem (0600, keep it secret) and prints the trusted_keys line for ota_config.json')
    .option('--out <dir>', 'directory for the key files', '.')
    .action((opts: { out: string }) => {
      const k = generateSigningKey(opts.out);
      out(`wrote ${k.keyFile} (private, mode 0600: store it as a CI secret, never commit it)`);
      out(`key id ${k.keyId}`);
      out(`ota_config.json: "trusted_keys": {"${k.keyId}": "${k.publicHex}"}`);
      setCode(0);
    });

  program
    .command('manifest <source>')
    .description('write the manifest.json a release carries, from a directory or a git ref (tag), signed with --sign (docs/signing.md)')
    .option('--sign <key.pem>', 'Ed25519 private key from `otalab keygen` (without it the manifest is unsigned)')
    .option('--owner <owner>', 'GitHub owner (default: from $GITHUB_REPOSITORY)')
    .option('--repo <repo>', 'GitHub repository (default: from $GITHUB_REPOSITORY)')
    .option('--tag <tag>', 'the release tag (default: the source when it is a tag, else $GITHUB_REF_NAME)')
    .option('--counter <n>', 'anti-rollback counter, higher for every release (e.g. ${{ github.run_number }})')
    .option('--commit <sha>', 'the commit the tag points at (default: from git)')
    .option('--out <file>', 'where to write', 'manifest.json')
    .action((source: string, opts: ManifestOpts) => {
      const [envOwner, envRepo] = (process.env.GITHUB_REPOSITORY ?? '').split('/');
      const owner = opts.owner ?? envOwner;
      const repo = opts.repo ?? envRepo;
      if (!owner || !repo) throw new Error('--owner and --repo are required (or set GITHUB_REPOSITORY=owner/repo)');
      const counter = Number(opts.counter);
      if (opts.counter === undefined || !/^\d+$/.test(opts.counter) || !Number.isSafeInteger(counter)) {
        throw new Error(`--counter: a non-negative integer is required (got ${opts.counter === undefined ? 'none' : JSON.stringify(opts.counter)}); raise it with every release, e.g. --counter \${{ github.run_number }}`);
      }
      const key = opts.sign === undefined ? null : readSigningKey(readFileSync(opts.sign, 'utf8'), opts.sign);
      const rel = readReleaseFiles(source);
      const tag = opts.tag ?? rel.tag ?? process.env.GITHUB_REF_NAME;
      if (!tag) throw new Error(`--tag is required: ${source} is not a tag and GITHUB_REF_NAME is not set`);
      const commit = opts.commit ?? rel.commit;
      if (commit === null || !/^[0-9a-f]{40}$/.test(commit)) throw new Error(`--commit: 40 lowercase hex required (${source} is not in a git repository, so give the commit the tag points at)`);
      const manifest = buildSignedManifest({ owner, repo, tag, commit, counter, generatedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'), files: rel.files }, key);
      // Written whole or not at all: a temporary file renamed over the target.
      writeFileSync(`${opts.out}.tmp`, manifestText(manifest));
      renameSync(`${opts.out}.tmp`, opts.out);
      const signed = manifest.ed25519 as { key_id: string } | undefined;
      out(`wrote ${opts.out}: ${owner}/${repo} ${tag} ${commit.slice(0, 7)}, counter ${counter}, ${rel.files.size} files, ${signed ? `signed by ${signed.key_id}` : 'UNSIGNED (boards with trusted_keys refuse it)'}`);
      setCode(0);
    });
}
