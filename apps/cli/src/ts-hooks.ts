/**
 * Module customization hooks (`node:module` `register`) that let Node 20 load
 * a TypeScript config file and the TypeScript files it imports: each
 * `file:` URL ending in `.ts` or `.mts` is transpiled, one file at a time, by
 * the project's own `typescript` package (types are dropped, nothing is
 * checked). Registered by `config.ts` only when Node cannot load the file.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** The little of the TypeScript compiler API these hooks use. */
interface TypeScriptApi {
  transpileModule(source: string, options: { fileName: string; compilerOptions: Record<string, unknown> }): { outputText: string };
  readonly ModuleKind: { readonly ESNext: number };
  readonly ScriptTarget: { readonly ES2022: number };
}

let ts: TypeScriptApi | undefined;

/** Receives the URL of the `typescript` package to use. */
export async function initialize(data: { readonly typescript: string }): Promise<void> {
  const mod = (await import(data.typescript)) as { default: TypeScriptApi };
  ts = mod.default;
}

interface LoadResult {
  readonly format?: string;
  readonly source?: string | ArrayBuffer | Uint8Array;
  readonly shortCircuit?: boolean;
}

/** Transpiles `.ts`/`.mts` files to JavaScript modules; everything else goes to the next loader. */
export async function load(url: string, context: Record<string, unknown>, nextLoad: (url: string, context: Record<string, unknown>) => Promise<LoadResult>): Promise<LoadResult> {
  if (ts === undefined || !url.startsWith('file:') || !/\.m?ts$/.test(new URL(url).pathname)) return nextLoad(url, context);
  const fileName = fileURLToPath(url);
  const source = await readFile(fileName, 'utf8');
  const out = ts.transpileModule(source, {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, inlineSourceMap: true, verbatimModuleSyntax: false },
  });
  return { format: 'module', source: out.outputText, shortCircuit: true };
}
