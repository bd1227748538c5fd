#!/usr/bin/env node
// `npm run pack:sizes`: what `npm pack` would put in each published package's tarball, checked
// and measured. Needs a build (`npm run build`) for the sizes to mean anything.
//
// Prints one line per package (files, packed size, unpacked size) and a total, and fails
// (exit status 1) when a tarball lacks LICENSE, README.md or package.json, or holds a test
// (`*.test.*`, a `test/` or `__tests__/` folder) or TypeScript build info (`*.tsbuildinfo`).
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ROOT, publicPackages } from './packages.mjs';

/**
 * `npm pack --dry-run --json` for every published package under `root`, with the problems of each.
 * @returns {{ name: string, version: string, size: number, unpackedSize: number, files: string[], problems: string[] }[]}
 */
export function packReport(root = ROOT) {
  const workspaceArgs = publicPackages(root).flatMap((w) => ['--workspace', w.dir]);
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', ...workspaceArgs], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out).map((p) => {
    const files = p.files.map((f) => f.path);
    const problems = [];
    for (const needed of ['LICENSE', 'README.md', 'package.json']) if (!files.includes(needed)) problems.push(`no ${needed}`);
    for (const f of files) {
      if (/\.test\.[cm]?[jt]sx?(\.map)?$|\.test\.d\.[cm]?ts(\.map)?$|(^|\/)(test|__tests__)\//.test(f)) problems.push(`a test: ${f}`);
      if (/\.tsbuildinfo$/.test(f)) problems.push(`build info: ${f}`);
    }
    if (!files.some((f) => f.startsWith('dist/'))) problems.push('no dist/ (not built?)');
    return { name: p.name, version: p.version, size: p.size, unpackedSize: p.unpackedSize, files, problems };
  });
}

const kB = (n) => `${(n / 1000).toFixed(1)} kB`;

/** The report as lines of text: one per package, then the total. */
export function formatReport(report) {
  const width = Math.max(...report.map((p) => `${p.name}@${p.version}`.length));
  const lines = report.map((p) =>
    `${`${p.name}@${p.version}`.padEnd(width)}  ${String(p.files.length).padStart(4)} files  ${kB(p.size).padStart(9)} packed  ${kB(p.unpackedSize).padStart(10)} unpacked` +
    (p.problems.length ? `  PROBLEMS: ${p.problems.join('; ')}` : ''));
  const total = report.reduce((t, p) => ({ size: t.size + p.size, unpacked: t.unpacked + p.unpackedSize, files: t.files + p.files.length }), { size: 0, unpacked: 0, files: 0 });
  lines.push(`${'total'.padEnd(width)}  ${String(total.files).padStart(4)} files  ${kB(total.size).padStart(9)} packed  ${kB(total.unpacked).padStart(10)} unpacked`);
  return lines;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = packReport();
  for (const line of formatReport(report)) console.log(line);
  const bad = report.filter((p) => p.problems.length > 0);
  if (bad.length > 0) {
    console.error(`pack:sizes: ${bad.length} package(s) with problems: ${bad.map((p) => p.name).join(', ')}`);
    process.exit(1);
  }
}
