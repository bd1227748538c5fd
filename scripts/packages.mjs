// The repository's packages as the release sees them: which are published, the one
// repository URL every package.json points to, and the peer ranges between them.
// Used by scripts/release.mjs, scripts/pack-sizes.mjs, scripts/release-check.mjs and
// test/packages.test.ts.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root (this file is in scripts/). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * @typedef {{ dir: string, file: string, json: Record<string, unknown> }} Workspace
 * `dir` is relative to the root, with forward slashes (`packages/core`).
 */

/** @returns {Record<string, unknown>} */
function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Every workspace package under `root`, in the order of the root package.json's `workspaces` globs. */
export function workspaces(root = ROOT) {
  const globs = readJson(join(root, 'package.json')).workspaces;
  /** @type {Workspace[]} */
  const out = [];
  for (const glob of globs) {
    if (!glob.endsWith('/*')) throw new Error(`scripts/packages.mjs: only "dir/*" workspace globs are supported, not ${glob}`);
    const parent = glob.slice(0, -2);
    if (!existsSync(join(root, parent))) continue;
    for (const name of readdirSync(join(root, parent)).sort()) {
      const file = join(root, parent, name, 'package.json');
      if (existsSync(file)) out.push({ dir: `${parent}/${name}`, file, json: readJson(file) });
    }
  }
  return out;
}

/** The packages that are published to npm: every workspace that is not `private`. */
export function publicPackages(root = ROOT) {
  return workspaces(root).filter((w) => w.json.private !== true);
}

/**
 * The project's repository, from the root package.json's `repository.url` (the one place it is
 * written), as `https://host/owner/name`, and the branch (`.changeset/config.json`'s `baseBranch`).
 */
export function repository(root = ROOT) {
  const url = readJson(join(root, 'package.json')).repository?.url;
  if (typeof url !== 'string') throw new Error('the root package.json has no repository.url');
  const web = url.replace(/^git\+/, '').replace(/\.git$/, '');
  const branch = readJson(join(root, '.changeset', 'config.json')).baseBranch ?? 'main';
  return { url, web, branch };
}

/** The `repository`, `homepage` and `bugs` fields a package at `dir` must have. */
export function expectedLinks(dir, root = ROOT) {
  const { url, web, branch } = repository(root);
  return {
    repository: { type: 'git', url, directory: dir },
    homepage: `${web}/tree/${branch}/${dir}#readme`,
    bugs: `${web}/issues`,
  };
}

/**
 * The peer range one package of the fixed group gives another at `version`, the group's version:
 * at 0.x `>=version <1.0.0`, from 1.0.0 on `^version`. At 0.x a caret range stops at the next
 * minor, so the next release (a minor of core) would leave it and changesets would give every
 * peer dependent a major bump, to 1.0.0; this range holds every 0.x from this version on, so
 * changesets leaves it alone and `npm run release` raises its lower bound after each release.
 */
export function peerRange(version) {
  return version.startsWith('0.') ? `>=${version} <1.0.0` : `^${version}`;
}

/** The one version every published package has, or an error naming the ones that differ. */
export function groupVersion(root = ROOT) {
  const versions = new Map(publicPackages(root).map((w) => [w.json.name, w.json.version]));
  const distinct = [...new Set(versions.values())];
  if (distinct.length !== 1) {
    throw new Error(`the published packages do not share one version: ${[...versions].map(([n, v]) => `${n}@${v}`).join(', ')}`);
  }
  return distinct[0];
}

/**
 * Sets every peer range between the repository's own packages to `peerRange(groupVersion())`;
 * returns what it changed, as `package: dep old -> new` lines.
 */
export function syncPeerRanges(root = ROOT) {
  const range = peerRange(groupVersion(root));
  const own = new Set(workspaces(root).map((w) => w.json.name));
  const changed = [];
  for (const w of workspaces(root)) {
    const peers = w.json.peerDependencies ?? {};
    let dirty = false;
    for (const [name, old] of Object.entries(peers)) {
      if (!own.has(name) || old === range) continue;
      peers[name] = range;
      dirty = true;
      changed.push(`${w.json.name}: ${name} ${old} -> ${range}`);
    }
    if (dirty) writeFileSync(w.file, `${JSON.stringify(w.json, null, 2)}\n`);
  }
  return changed;
}
