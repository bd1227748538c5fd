#!/usr/bin/env node
// The `nsproxy` executable. npm links a package's bin when it installs the
// package, which in this repository is before anything is built; so the link
// points at this file, which always exists, and this file loads the build.
// (No existsSync first: it is access(2), which judges by the real uid without
// capabilities, where the loader's open(2) is what counts.)
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/bin.js', import.meta.url);
import(built.href).catch((error) => {
  const missing = error instanceof Error && error.code === 'ERR_MODULE_NOT_FOUND' && error.message.includes(`'${fileURLToPath(built)}'`);
  if (missing) process.stderr.write('nsproxy: the command is not built yet: run `npm run build` at the root of the repository\n');
  else process.stderr.write(`nsproxy: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
