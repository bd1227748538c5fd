#!/usr/bin/env node
// `npm run release`: version, build and check, publish. See CONTRIBUTING.md ("Releasing").
//
//   npm run release                                   # to the registry of your npm config (npmjs.org by default)
//   npm run release -- --registry http://host:4873/   # to another registry
//   npm run release --registry=http://host:4873/      # the same, through npm's own config
//   npm run release -- --no-git-tag                   # anything else goes to `changeset publish` (--tag, --otp, --no-git-tag)
//
// 1. `changeset version` (when changesets are pending): versions, CHANGELOG.md files, internal
//    dependency ranges; then the fixed group's peer ranges are raised to the new version
//    (scripts/packages.mjs) and package-lock.json is brought up to date (offline).
// 2. `turbo run build check:pkg`: every package built, publint and attw clean.
// 3. `changeset publish`: every public package whose version the registry lacks, with
//    npm_config_registry set to the registry chosen.
// The versioned files are left for you to review and commit; nothing is committed here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, groupVersion, syncPeerRanges } from './packages.mjs';

function run(command, args, env = process.env) {
  console.log(`\n$ ${[command, ...args].join(' ')}`);
  const start = Date.now();
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env });
  console.log(`release: ${command} ${args[0]} ${args[1] ?? ''} took ${((Date.now() - start) / 1000).toFixed(1)} s`);
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`release: \`${[command, ...args].join(' ')}\` failed (exit status ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

const args = process.argv.slice(2);
let registry = process.env.npm_config_registry || 'https://registry.npmjs.org/';
const publishArgs = [];
for (let i = 0; i < args.length; i++) {
  const arg = args[i];
  if (arg === '--registry') {
    registry = args[++i] ?? '';
    if (!registry) throw new Error('release: --registry needs a URL');
  } else if (arg.startsWith('--registry=')) {
    registry = arg.slice('--registry='.length);
  } else {
    publishArgs.push(arg);
  }
}
if (!/^https?:\/\//.test(registry)) {
  console.error(`release: not a registry URL: ${registry}`);
  process.exit(2);
}

const pending = readdirSync(join(ROOT, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md');
if (pending.length > 0) {
  console.log(`release: ${pending.length} pending changesets`);
  run('npx', ['changeset', 'version']);
  for (const line of syncPeerRanges()) console.log(`release: peer range ${line}`);
  run('npm', ['install', '--package-lock-only', '--ignore-scripts', '--offline', '--no-audit', '--no-fund']);
} else {
  console.log('release: no pending changesets; publishing the versions as they are');
}
const version = groupVersion();

run('npx', ['turbo', 'run', 'build', 'check:pkg', '--output-logs=errors-only']);

console.log(`\nrelease: publishing ${version} to ${registry}`);
run('npx', ['changeset', 'publish', ...publishArgs], { ...process.env, npm_config_registry: registry });
console.log(`release: done; review and commit the versioned files (git status), and push the tags`);
