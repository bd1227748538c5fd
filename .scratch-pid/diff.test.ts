// Scratch harness: NSS=<file or dir> [BACKEND=sim|both] runs scenarios and prints transcripts/diffs.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import { createSimBackend, parseScenario, runDiff, runScenario } from '@nsproxy/scenario';
import { createLinuxBackend } from '@nsproxy/linux';

function files(p: string): string[] {
  if (statSync(p).isDirectory()) return readdirSync(p).filter((f) => f.endsWith('.nss')).sort().map((f) => join(p, f));
  return [p];
}

it('runs', async () => {
  const targets = (process.env.NSS ?? '').split(',').flatMap(files);
  const mode = process.env.BACKEND ?? 'both';
  const sim = createSimBackend();
  const linux = createLinuxBackend();
  let failed = 0;
  for (const f of targets) {
    const sc = parseScenario(readFileSync(f, 'utf8'), f);
    if (mode === 'sim') {
      const r = await runScenario(sc, sim);
      if (r.status !== 'pass') failed++;
      console.log(`${r.status.toUpperCase()} ${f}${r.reason ? ' ' + r.reason : ''}`);
      if (r.status !== 'pass' || process.env.SHOW) console.log(r.transcript, JSON.stringify(r.failures, null, 1));
    } else {
      const r = await runDiff(sc, { sim, linux });
      if (r.status !== 'pass') failed++;
      console.log(`${r.status.toUpperCase()} ${f}${r.reason ? ' ' + r.reason : ''}`);
      if (r.status !== 'pass' || process.env.SHOW) {
        console.log('--- linux transcript\n' + r.runs.linux.transcript);
        if (r.diff) console.log(r.diff);
        if (r.failures.length) console.log(JSON.stringify(r.failures, null, 1));
      }
    }
  }
  console.log(`${targets.length - failed}/${targets.length} passed`);
});
