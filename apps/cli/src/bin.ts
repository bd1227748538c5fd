#!/usr/bin/env node
/** The `nsproxy` executable: runs the CLI on the process's arguments and exits with its status. */

import { readFileSync } from 'node:fs';
import { runCli } from './cli.ts';

function packageVersion(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    if (typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string') return pkg.version;
  } catch {
    // fall through
  }
  return '0.0.0';
}

// No top-level await: a bundler that splits the lazily loaded backends into
// chunks could otherwise deadlock on this module's pending evaluation.
void runCli(process.argv.slice(2), { version: packageVersion() }).then((status) => {
  // Exit once stdout is flushed, even if a backend left a handle open.
  process.stdout.write('', () => process.exit(status));
});
