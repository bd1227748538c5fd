/**
 * Normalized results and transcripts (`docs/scenario-format.md`, "Results").
 *
 * A backend answers each step with a raw {@link StepResult}; this module turns it
 * into the text both backends must agree on: `ok`, an errno name, an integer, a
 * word, a namespace label (`uts:2`) or a sorted list (`a,b,c`, `-` when empty).
 * The transcript is every step as written followed by ` => result`, one line per
 * step; comments, headers and expectations are dropped, so transcripts of the
 * same file from two backends line up line for line.
 */

import { formatFileText } from './contract.ts';
import type { StepResult } from './contract.ts';

/** The ns files whose namespaces are labelled with another type's name. */
const LABEL_TYPE: Readonly<Record<string, string>> = {
  pid_for_children: 'pid',
  time_for_children: 'time',
};

/** The type a namespace of this ns file is labelled with (`pid_for_children` → `pid`). */
export function labelType(type: string): string {
  return LABEL_TYPE[type] ?? type;
}

/**
 * Numbers identities in order of first appearance: namespaces per type
 * (`uts:1`, `uts:2`, `net:1`) and mount peer groups in one sequence
 * (`shared:1`, `master:1` for a slave of peer group 1).
 */
export class LabelMap {
  readonly #namespaces = new Map<string, Map<string, number>>();
  readonly #peers = new Map<string, number>();
  readonly #others = new Map<string, Map<string, number>>();

  /** The label of namespace `id` of `type`, numbering it if it is new. */
  namespace(type: string, id: string): string {
    const t = labelType(type);
    let ids = this.#namespaces.get(t);
    if (!ids) {
      ids = new Map();
      this.#namespaces.set(t, ids);
    }
    let n = ids.get(id);
    if (n === undefined) {
      n = ids.size + 1;
      ids.set(id, n);
    }
    return `${t}:${n}`;
  }

  /** The number of peer group `id`, numbering it if it is new. */
  peerGroup(id: string): number {
    let n = this.#peers.get(id);
    if (n === undefined) {
      n = this.#peers.size + 1;
      this.#peers.set(id, n);
    }
    return n;
  }

  /** The number of `id` in the sequence `kind` (`dev`, `ino`: fstat's), numbering it if it is new. */
  numbered(kind: string, id: string): number {
    let ids = this.#others.get(kind);
    if (!ids) this.#others.set(kind, (ids = new Map<string, number>()));
    let n = ids.get(id);
    if (n === undefined) {
      n = ids.size + 1;
      ids.set(id, n);
    }
    return n;
  }

  /**
   * Observes `init`'s namespaces before the first step, so they are all `<type>:1`
   * (other results are ignored).
   */
  observe(results: readonly StepResult[]): void {
    for (const result of results) {
      if (result.kind === 'ns') this.namespace(result.type, result.id);
    }
  }
}

/** A list result: sorted, comma-joined, `-` when empty. */
export function formatList(items: readonly string[]): string {
  if (items.length === 0) return '-';
  return [...items].sort(compareText).join(',');
}

/** Plain code-unit order, the same on every platform and locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Renumbers the peer-group ids of a `propagation` result (`shared:37 master:12`)
 * in order of first appearance; `private` and `unbindable` stay as they are.
 */
export function formatPropagation(text: string, labels: LabelMap): string {
  return text
    .trim()
    .split(/\s+/)
    .map((field) => {
      const match = /^(shared|master|propagate_from):(.+)$/.exec(field);
      return match ? `${match[1] ?? ''}:${labels.peerGroup(match[2] ?? '')}` : field;
    })
    .join(' ');
}

/** The fixed inode numbers of the initial namespaces (enum init_ns_ino, include/uapi/linux/nsfs.h): 4026531832..4026531839. */
const INIT_NS_INO_FIRST = 0xeffffff8;
const INIT_NS_INO_LAST = 0xefffffff;

/**
 * Labels the device and inode of an `fstat` result (`dev=0:4 ino=4026532281 mode=0100444 size=0`):
 * devices as `dev:1`, `dev:2` and inode numbers as `ino:1`, ... in order of first appearance (the
 * kernel's numbers depend on the machine), except the eight fixed numbers of the initial namespaces,
 * which are the same everywhere and print as they are.
 */
export function formatFstat(text: string, labels: LabelMap): string {
  return text
    .trim()
    .split(/\s+/)
    .map((field) => {
      const match = /^(dev|ino)=(.+)$/.exec(field);
      if (!match) return field;
      const kind = match[1] ?? '';
      const value = match[2] ?? '';
      if (kind === 'ino' && /^[0-9]+$/.test(value) && Number(value) >= INIT_NS_INO_FIRST && Number(value) <= INIT_NS_INO_LAST) return field;
      return `${kind}=${kind}:${String(labels.numbered(kind, value))}`;
    })
    .join(' ');
}

/**
 * The normalized text of one result. `op` selects the op-specific rules:
 * `read` and `cat` (file text) and `propagation` (peer-group labels).
 * Text is trimmed; empty text prints as `-`; text never spans lines: a line
 * break becomes `\n` (two characters).
 */
export function formatResult(result: StepResult, labels: LabelMap, op?: string): string {
  switch (result.kind) {
    case 'ok':
      return 'ok';
    case 'errno':
      return result.code;
    case 'int':
      return String(result.value);
    case 'ns':
      return labels.namespace(result.type, result.id);
    case 'list':
      return formatList(result.items);
    case 'text': {
      if (op === 'read' || op === 'cat') return formatFileText(result.value);
      if (op === 'propagation') return formatPropagation(result.value, labels);
      if (op === 'fstat') return formatFstat(result.value, labels);
      const text = result.value.trim().replace(/\r?\n/g, '\\n');
      return text === '' ? '-' : text;
    }
  }
}

/** One transcript line: the step as written, then ` => result`. */
export function transcriptLine(stepText: string, result: string): string {
  return `${stepText.trim()} => ${result}`;
}

/** A transcript from its lines: one line per step, each ending in a newline. */
export function joinTranscript(lines: readonly string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}

/**
 * The transcript of a run: `steps[i].text` followed by ` => results[i]`.
 * When there are fewer results than steps (a run that stopped), it ends early.
 */
export function printTranscript(steps: readonly { readonly text: string }[], results: readonly string[]): string {
  const lines: string[] = [];
  results.forEach((result, i) => {
    const step = steps[i];
    if (step) lines.push(transcriptLine(step.text, result));
  });
  return joinTranscript(lines);
}
