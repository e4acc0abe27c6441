/**
 * The folder tree is the architecture (README "What is inside"): these checks keep it that way.
 * Every relative import in the sources, type-only ones included (a type cycle still ties two
 * modules together for the reader), is read with a regular expression; the graph must have no
 * cycle, and the layers may only depend downwards.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../..');
const SOURCE_ROOTS = ['src-main', 'src-shared', 'src-renderer'];
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.mjs', '.cjs'];
const IMPORT = /(?:\bfrom|\bimport|\brequire)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return EXTENSIONS.includes(path.extname(entry.name)) ? [full] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`))];
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
}

/** Repo-relative file → the repo-relative files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of SOURCE_ROOTS.flatMap((r) => sourceFiles(path.join(ROOT, r)))) {
    const text = fs.readFileSync(file, 'utf8');
    const targets = [...text.matchAll(IMPORT)]
      .map((m) => resolveImport(file, m[1]!))
      .filter((t): t is string => t !== undefined)
      .map((t) => path.relative(ROOT, t));
    graph.set(path.relative(ROOT, file), [...new Set(targets)]);
  }
  return graph;
}

/** Strongly connected components with more than one member, or a self-import (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || graph.get(node)?.includes(node)) found.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/**
 * Who may import whom, by folder: a layer may use the ones listed, never the reverse. Hosts sit on
 * the application, the application on the engine (gateway, functions, store, definitions, cloud,
 * lab, sample), and everything on src-shared.
 */
const LAYERS: Array<{ folder: string; mayNotImport: string[] }> = [
  { folder: 'src-shared/', mayNotImport: ['src-main/', 'src-renderer/'] },
  { folder: 'src-renderer/', mayNotImport: ['src-main/'] },
  { folder: 'src-main/app/', mayNotImport: ['src-main/hosts/'] },
  ...['gateway', 'functions', 'store', 'definitions', 'cloud', 'lab', 'sample'].map((engine) => ({
    folder: `src-main/${engine}/`,
    mayNotImport: ['src-main/hosts/', 'src-main/app/'],
  })),
  { folder: 'src-main/store/', mayNotImport: ['src-main/gateway/', 'src-main/functions/'] },
  { folder: 'src-main/cloud/', mayNotImport: ['src-main/gateway/'] },
  { folder: 'src-main/platform/', mayNotImport: ['src-main/gateway/', 'src-main/cloud/', 'src-main/store/', 'src-main/functions/'] },
  { folder: 'src-main/gateway/stages/', mayNotImport: ['src-main/gateway/local-gateway.ts', 'src-main/gateway/pipeline.ts'] },
];

describe('the import graph', () => {
  const graph = importGraph();

  it('reads the whole source tree', () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(graph.get('src-main/gateway/pipeline.ts')).toContain('src-main/gateway/stages/07-frontend-authorizer.ts');
  });

  it('has no import cycles', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const withCycle = new Map(graph);
    withCycle.set('src-main/gateway/response/cors.ts', [...(graph.get('src-main/gateway/response/cors.ts') ?? []), 'src-main/gateway/response/final-response.ts']);
    expect(cycles(withCycle)).toContainEqual(['src-main/gateway/response/cors.ts', 'src-main/gateway/response/final-response.ts']);
  });

  it('only imports downwards through the layers', () => {
    const violations: string[] = [];
    for (const [file, targets] of graph) {
      for (const rule of LAYERS) {
        if (!file.startsWith(rule.folder)) continue;
        for (const target of targets) if (rule.mayNotImport.some((p) => target.startsWith(p))) violations.push(`${file} → ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
