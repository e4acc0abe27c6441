/**
 * A local function's code as FunctionGraph takes it (CreateFunction / UpdateFunctionCode with
 * `code_type: zip`, the archive Base64-encoded in func_code.file), and the fingerprint that tells a
 * deploy whether the cloud already has it.
 *
 * Every source becomes a ZIP whose handler module is at the root: inline code and a single file are
 * written as `<module>.js|py` (the module part of the handler), so the cloud finds what the handler
 * names; a folder is archived whole. FunctionGraph's own `digest` is computed over the package it
 * stores, not the archive we send, so the fingerprint travels in the description of the version a
 * deploy publishes ("apig-workbench code sha256:…") and a later deploy reuses that version.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { LocalFunction } from '../../src-shared/model';
import { resolveFunctionSource } from '../functions/function-source';
import type { FunctionCode } from './functiongraph-api';
import { zip, type ZipEntry } from './zip';

/** FunctionGraph runtimes a new function is created with (CreateFunction `runtime` enumeration). */
export const CLOUD_RUNTIME: Record<LocalFunction['runtime'], string> = { nodejs: 'Node.js18.15', python: 'Python3.9' };
const EXT: Record<LocalFunction['runtime'], string> = { nodejs: '.js', python: '.py' };
/** FunctionGraph refuses code packages above 50 MB sent in the request (CreateFunction, func_code.file). */
export const MAX_CODE_BYTES = 50 * 1024 * 1024;
/** Folders a code package never needs. */
const SKIPPED = new Set(['.git', '__pycache__', '.DS_Store']);

export interface PackagedCode {
  code: FunctionCode;
  /** The handler the cloud runs: the module at the archive's root, and the export. */
  handler: string;
  fingerprint: string;
}

export class PackagingError extends Error {}

function folderEntries(root: string): ZipEntry[] {
  const entries: ZipEntry[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (SKIPPED.has(name)) continue;
      const full = join(dir, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.isFile()) entries.push({ path: relative(root, full).split(sep).join('/'), data: readFileSync(full) });
    }
  };
  walk(root);
  return entries;
}

export function packageFunction(fn: LocalFunction, baseDir: string): PackagedCode {
  const source = resolveFunctionSource(fn, baseDir);
  if (!source.ok) throw new PackagingError(`function ${fn.name}: ${source.failure.message}`);
  const module = `${source.moduleName}${EXT[fn.runtime]}`;
  let entries: ZipEntry[];
  if (source.kind === 'inline') entries = [{ path: module, data: Buffer.from(source.code, 'utf8') }];
  else if (source.file === source.root) entries = [{ path: module, data: readFileSync(source.file) }];
  else entries = folderEntries(source.root);
  const archive = zip(entries);
  if (archive.length > MAX_CODE_BYTES) {
    throw new PackagingError(`function ${fn.name}: its code is ${archive.length} bytes, above FunctionGraph's ${MAX_CODE_BYTES} for an upload; upload it through OBS and bind the URN`);
  }
  const handler = `${source.moduleName}.${source.exportName}`;
  const hash = createHash('sha256').update(`${fn.runtime}\n${handler}\n`);
  for (const e of entries) hash.update(`${e.path}\n${e.data.length}\n`).update(e.data);
  return {
    code: { code_type: 'zip', file: archive.toString('base64'), code_filename: `${fn.name}.zip` },
    handler,
    fingerprint: hash.digest('hex'),
  };
}

export const FINGERPRINT_PREFIX = 'apig-workbench code sha256:';
