// Builds the agent during `npm run build` where it can run: Linux with a C
// compiler. Elsewhere it says why in one line and leaves the build green (the
// backend then reports itself unavailable); under CI=true that is a failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const cc = process.env.CC ?? 'cc';

function cannot(why) {
  const ci = process.env.CI === 'true';
  console.error(`@nsproxy/linux: the agent is not built: ${why}${ci ? ' (a failure under CI=true)' : '; the real-kernel backend will be unavailable'}`);
  process.exit(ci ? 1 : 0);
}

function mtime(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

if (process.platform !== 'linux') cannot(`this is ${process.platform}, not Linux`);
const source = `${dir}agent.c`;
const binary = `${dir}bin/nsproxy-agent`;
const built = mtime(binary);
if (built === undefined || built < (mtime(source) ?? Infinity)) {
  mkdirSync(`${dir}bin`, { recursive: true });
  try {
    execFileSync(cc, ['-O2', '-Wall', '-Wextra', '-o', binary, source], { stdio: 'inherit' });
  } catch (error) {
    if (error && error.code === 'ENOENT') cannot(`there is no C compiler (${cc})`);
    process.exit(1);
  }
}
