/**
 * Patterns, as dash matches them (src/expand.c `pmatch`, `ccmatch`,
 * `expmeta`): `*`, `?`, bracket expressions (`[abc]`, `[!a-z]`,
 * `[[:alpha:]]`; a `[` without its `]` is itself), backslash escapes (a
 * quoted character of a word reaches the matcher escaped). Used by `case`,
 * the `${x#pattern}` family, and pathname expansion, which reads the
 * directories of the simulated file system: a name starting with `.` is
 * matched only by a pattern starting with `.` (which also matches `.` and
 * `..`, as readdir gives them), matches are sorted, and a pattern that
 * matches nothing is left as it is.
 */

/** The characters that make a word a pattern. */
const META = /[*?[]/;

/** A text with the pattern characters escaped (a quoted part of a word). */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\\\]]/g, '\\$&');
}

/** Whether a pattern has an unescaped `*`, `?` or `[`. */
export function hasMeta(pattern: string): boolean {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c !== undefined && META.test(c)) return true;
  }
  return false;
}

/** The pattern's text with its escapes removed (a word that matched nothing). */
export function unescapeGlob(pattern: string): string {
  return pattern.replace(/\\([\s\S])/g, '$1');
}

const CLASSES: Readonly<Record<string, { test(c: string): boolean }>> = {
  alnum: /[A-Za-z0-9]/, alpha: /[A-Za-z]/, blank: /[ \t]/, cntrl: { test: (c: string) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f }, digit: /[0-9]/, graph: /[\x21-\x7e]/,
  lower: /[a-z]/, print: /[\x20-\x7e]/, punct: /[!-/:-@[-`{-~]/, space: /[ \t\n\v\f\r]/, upper: /[A-Z]/, xdigit: /[0-9A-Fa-f]/,
};

/**
 * A bracket expression at `p` (after its `[`) against `ch`: whether it
 * matches and where it ends, or undefined when it has no `]` (then the `[`
 * is an ordinary character).
 */
function bracket(pattern: string, p: number, ch: string): { found: boolean; end: number } | undefined {
  let i = p;
  let invert = false;
  if (pattern[i] === '!') {
    invert = true;
    i++;
  }
  let found = false;
  let first = true;
  for (;;) {
    let c = pattern[i];
    if (c === undefined) return undefined;
    if (c === ']' && !first) break;
    first = false;
    i++;
    if (c === '[' && pattern[i] === ':') {
      const close = pattern.indexOf(':]', i + 1);
      const cls = close < 0 ? undefined : CLASSES[pattern.slice(i + 1, close)];
      if (cls) {
        if (cls.test(ch)) found = true;
        i = close + 2;
        continue;
      }
    } else if (c === '\\') {
      c = pattern[i++];
      if (c === undefined) return undefined;
    }
    if (pattern[i] === '-' && pattern[i + 1] !== ']' && pattern[i + 1] !== undefined) {
      i++;
      if (pattern[i] === '\\') i++;
      const hi = pattern[i++] ?? '';
      if (ch >= c && ch <= hi) found = true;
    } else if (ch === c) found = true;
  }
  return { found: found !== invert, end: i + 1 };
}

/** pmatch: whether the whole of `text` matches `pattern`. */
export function patternMatch(pattern: string, text: string): boolean {
  return matchAt(pattern, 0, text, 0);
}

function matchAt(pattern: string, p: number, text: string, q: number): boolean {
  for (;;) {
    const c = pattern[p++];
    if (c === undefined) return q === text.length;
    if (c === '*') {
      while (pattern[p] === '*') p++;
      if (p === pattern.length) return true;
      for (let i = q; i <= text.length; i++) if (matchAt(pattern, p, text, i)) return true;
      return false;
    }
    if (c === '?') {
      if (q >= text.length) return false;
      q++;
      continue;
    }
    if (c === '[') {
      if (q >= text.length) return false;
      const b = bracket(pattern, p, text[q] ?? '');
      if (b) {
        if (!b.found) return false;
        p = b.end;
        q++;
        continue;
      }
    }
    let lit = c;
    if (c === '\\' && p < pattern.length) lit = pattern[p++] ?? '';
    if (text[q] !== lit) return false;
    q++;
  }
}

/** `${x#p}` (shortest prefix), `##` (longest), `%` (shortest suffix), `%%` (longest): the value with the match removed. */
export function removePattern(value: string, pattern: string, op: '#' | '##' | '%' | '%%'): string {
  const n = value.length;
  if (op === '#') {
    for (let i = 0; i <= n; i++) if (patternMatch(pattern, value.slice(0, i))) return value.slice(i);
  } else if (op === '##') {
    for (let i = n; i >= 0; i--) if (patternMatch(pattern, value.slice(0, i))) return value.slice(i);
  } else if (op === '%') {
    for (let i = n; i >= 0; i--) if (patternMatch(pattern, value.slice(i))) return value.slice(0, i);
  } else {
    for (let i = 0; i <= n; i++) if (patternMatch(pattern, value.slice(i))) return value.slice(0, i);
  }
  return value;
}

/** What pathname expansion reads of the file system. */
export interface GlobFs {
  /** The names in a directory (without `.` and `..`); undefined if it cannot be read. */
  readdir(path: string): readonly string[] | undefined;
  /** Whether the path exists (lstat). */
  exists(path: string): boolean;
}

/** expmeta: the paths matching `pattern`, sorted; empty when none does. */
export function expandPathname(pattern: string, fs: GlobFs): string[] {
  const out: string[] = [];
  const absolute = pattern.startsWith('/');
  const comps = (absolute ? pattern.slice(1) : pattern).split('/');
  const join = (prefix: string, name: string): string => (prefix === '' ? name : prefix.endsWith('/') ? `${prefix}${name}` : `${prefix}/${name}`);
  const walk = (prefix: string, i: number): void => {
    const comp = comps[i] ?? '';
    if (!hasMeta(comp)) {
      const next = i === 0 && absolute ? `/${unescapeGlob(comp)}` : join(prefix, unescapeGlob(comp));
      if (comps.slice(i + 1).some(hasMeta)) walk(next, i + 1);
      else {
        const full = i + 1 < comps.length ? `${next}/${comps.slice(i + 1).map(unescapeGlob).join('/')}` : next;
        if (fs.exists(full)) out.push(full);
      }
      return;
    }
    const dir = prefix === '' ? (absolute ? '/' : '.') : prefix;
    const names = fs.readdir(dir);
    if (!names) return;
    const dot = comp.startsWith('.') || comp.startsWith('\\.');
    const candidates = dot ? ['.', '..', ...names] : names.filter((n) => !n.startsWith('.'));
    const base = prefix === '' && absolute ? '/' : prefix;
    for (const name of candidates) {
      if (!patternMatch(comp, name)) continue;
      if (i === comps.length - 1) out.push(join(base, name));
      else walk(join(base, name), i + 1);
    }
  };
  walk('', 0);
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
