#!/usr/bin/env node
// The `nsproxy` executable. npm links a package's bin when it installs the
// package, which in this repository is before anything is built; so the link
// points at this file, which always exists, and this file loads the build.
import { existsSync } from 'node:fs';

const built = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(built)) {
  process.stderr.write('nsproxy: the command is not built yet: run `npm run build` at the root of the repository\n');
  process.exit(1);
}
import(built.href).catch((error) => {
  process.stderr.write(`nsproxy: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
