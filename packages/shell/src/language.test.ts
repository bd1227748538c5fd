/**
 * Unit tests of the pieces of the shell language (quick feedback; the
 * whole language is checked against the real dash by dash-compat.test.ts):
 * the parser's here-documents and continuation lines, patterns and pathname
 * expansion, field splitting, and which commands fork (the pids ps shows).
 */
import { describe, expect, it } from 'vitest';
import { ifsBreakup } from './expand.ts';
import { expandPathname, patternMatch, removePattern } from './glob.ts';
import { Incomplete, SyntaxError, TextReader, createMachine, parseAll, parseCommand, runScript, runSession } from './index.ts';

describe('the parser', () => {
  it('asks for more input until a here-document\'s delimiter, and reads the body after the line that names it', () => {
    expect(() => parseCommand('cat <<EOF\n', 0, 1)).toThrow(Incomplete);
    expect(() => parseCommand('cat <<EOF\nbody\n', 0, 1)).toThrow(Incomplete);
    const p = parseCommand('cat <<EOF; echo after\nbody\nEOF\necho next\n', 0, 1);
    expect(p?.list).toHaveLength(2);
    expect(p?.nextLine).toBe(4);
    const cmd = p?.list[0]?.andOr.first.commands[0];
    expect(cmd?.kind === 'simple' && cmd.redirs[0]?.heredoc?.body.parts.map((x) => (x.kind === 'lit' ? x.text : x.kind))).toEqual(['body\n']);
    // At the end of a whole text, the end of the file ends a here-document.
    expect(parseAll('cat <<EOF\nno delimiter')).toHaveLength(1);
  });

  it('reads case, function definitions and $((...)); their syntax errors are dash\'s', () => {
    expect(parseAll('case $x in a|b) echo;; (c) ;; esac')[0]?.andOr.first.commands[0]?.kind).toBe('case');
    expect(parseAll('f() { echo; }')[0]?.andOr.first.commands[0]?.kind).toBe('function');
    expect(() => parseAll('set() { :; }')).toThrow('Bad function name');
    expect(() => parseAll('case a in b) echo; c) ;; esac')).toThrow('")" unexpected (expecting ";;")');
    expect(() => parseAll('echo $((1 + 2)')).toThrow(SyntaxError);
    expect(() => parseCommand('echo $((1 +\n', 0, 1)).toThrow(Incomplete);
  });
});

describe('patterns', () => {
  it('match as dash\'s pmatch does', () => {
    const cases: [string, string, boolean][] = [
      ['*.txt', 'a.txt', true], ['*.txt', 'a.txtx', false], ['?', '', false], ['a?c', 'abc', true],
      ['[abc]', 'b', true], ['[!abc]', 'b', false], ['[a-c]x', 'cx', true], ['[]]', ']', true], ['[!]]', 'x', true],
      ['[[:digit:]]*', '7up', true], ['[[:upper:]]', 'a', false], ['[ab', '[ab', true], ['\\*', '*', true], ['\\*', 'x', false],
      ['a*b*c', 'aXbYc', true], ['a*b*c', 'aXbY', false], ['', '', true],
    ];
    for (const [pattern, text, want] of cases) expect(patternMatch(pattern, text), `${pattern} ${text}`).toBe(want);
  });

  it('remove the shortest and longest prefixes and suffixes', () => {
    expect(removePattern('/a/b/c.tar.gz', '*/', '#')).toBe('a/b/c.tar.gz');
    expect(removePattern('/a/b/c.tar.gz', '*/', '##')).toBe('c.tar.gz');
    expect(removePattern('/a/b/c.tar.gz', '.*', '%')).toBe('/a/b/c.tar');
    expect(removePattern('/a/b/c.tar.gz', '.*', '%%')).toBe('/a/b/c');
    expect(removePattern('abc', 'x', '#')).toBe('abc');
  });

  it('expand pathnames: sorted, dot files only for a leading dot (with . and ..), directories with a trailing slash', () => {
    const tree: Record<string, string[]> = { '.': ['b', 'a', '.h', 'd'], d: ['x.txt', 'y'], '/': ['tmp'] };
    const fs = {
      readdir: (p: string) => tree[p],
      exists: (p: string) => ['a', 'b', '.h', 'd', 'd/', 'd/x.txt', 'd/y', '/tmp'].includes(p),
    };
    expect(expandPathname('*', fs)).toEqual(['a', 'b', 'd']);
    expect(expandPathname('.*', fs)).toEqual(['.', '..', '.h']);
    expect(expandPathname('*/*.txt', fs)).toEqual(['d/x.txt']);
    expect(expandPathname('*/', fs)).toEqual(['d/']);
    expect(expandPathname('/t*', fs)).toEqual(['/tmp']);
    expect(expandPathname('z*', fs)).toEqual([]);
  });
});

describe('field splitting', () => {
  const split = (text: string, ifs: string, maxargs = -1): string[] =>
    ifsBreakup([{ text, quoted: false, split: true }], ifs, maxargs).map((f) => f.map((c) => c.text).join(''));

  it('follows dash 0.5.12\'s ifsbreakup', () => {
    expect(split('  a  b  ', ' \t\n')).toEqual(['a', 'b']);
    expect(split('a:b::c:', ':')).toEqual(['a', 'b', '', 'c']);
    expect(split('a : b  c::d', ': ')).toEqual(['a', 'b', 'c', '', 'd']);
    expect(split('a b', '')).toEqual(['a b']);
  });

  it('gives the last of read\'s variables the rest of the line', () => {
    expect(split('  x  y  z  ', ' \t\n', 2)).toEqual(['x', 'y  z']);
    expect(split('x:y:', ':', 2)).toEqual(['x', 'y']);
    expect(split('x:y:z', ':', 2)).toEqual(['x', 'y:z']);
  });
});

describe('which commands fork', () => {
  const ps = 'ps -o pid,ppid,comm';

  it('a function, eval and . run in the shell; a subshell execs its last command unless a trap runs a command there', async () => {
    const r = await runScript(`f() { ${ps}; }\nf\neval '${ps}'\n(${ps})\n(trap '' INT; ${ps})\n(trap 'echo bye' EXIT; ${ps})\n`);
    const pids = r.stdout.split('\n').filter((l) => / ps$| sh$/.test(l)).map((l) => l.trim().split(/\s+/).join(' '));
    // init 1, the shell 2: f's ps is 3, eval's 4, the subshells' 5 and 6 (exec'd), the trapping subshell 7 forks ps 8.
    expect(pids).toEqual(['2 1 sh', '3 2 ps', '2 1 sh', '4 2 ps', '2 1 sh', '5 2 ps', '2 1 sh', '6 2 ps', '2 1 sh', '7 2 sh', '8 7 ps']);
    expect(r.stdout.endsWith('bye\n')).toBe(true);
  });

  it('exec keeps the pid, and the shell\'s EXIT trap does not run', async () => {
    const r = await runScript(`trap 'echo trap' EXIT\nexec sh -c 'echo $$'\n`);
    expect(r).toEqual({ stdout: '2\n', stderr: '', status: 0 });
  });
});

describe('the interactive prompt', () => {
  it('is PS1 expanded (# for root by default), PS2 inside a command; an error does not end the shell', async () => {
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (t: string) => void (stdout += t) }, stderr: { write: (t: string) => void (stderr += t) } };
    const status = await runSession(createMachine(), io, { input: new TextReader('PS1=\'$PWD> \'\ncd /tmp\ncase a in\na) echo yes;; esac\necho $((1/0))\nexit 4\n'), tty: true });
    expect(status).toBe(4);
    expect(stdout).toBe('yes\n');
    expect(stderr).toBe('# /> /tmp> > /tmp> sh: 5: arithmetic expression: division by zero: "1/0"\n/tmp> ');
  });
});
