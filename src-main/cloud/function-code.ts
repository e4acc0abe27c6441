/**
 * A local function's code as FunctionGraph takes it, and the fingerprint that tells a deploy
 * whether the cloud already has it. FunctionGraph's own `digest` is computed over the package it
 * stores, which is not the file we send, so the fingerprint travels in the description of the
 * version a deploy publishes ("apig-workbench code sha256:…"), and a later deploy reuses that version.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LocalFunction } from '../../src-shared/model';
import { resolveFunctionSource } from '../functions/function-source';
import type { FunctionCode } from './functiongraph-api';

/** FunctionGraph runtimes a new function is created with (CreateFunction `runtime` enumeration). */
export const CLOUD_RUNTIME: Record<LocalFunction['runtime'], string> = { nodejs: 'Node.js18.15', python: 'Python3.9' };

export interface PackagedCode {
  code: FunctionCode;
  fingerprint: string;
}

export class PackagingError extends Error {}

export function packageFunction(fn: LocalFunction, baseDir: string): PackagedCode {
  const source = resolveFunctionSource(fn, baseDir);
  if (!source.ok) throw new PackagingError(`function ${fn.name}: ${source.failure.message}`);
  let text: string;
  if (source.kind === 'inline') text = source.code;
  else if (source.file === source.root) text = readFileSync(source.file, 'utf8');
  else throw new PackagingError(`function ${fn.name}: its code is a folder (${source.root}); upload it yourself and bind the URN (apig-workbench function bind ${fn.name} --env ENV --urn URN)`);
  // Inline code is stored as the handler's module (index.js / index.py), so the handler keeps working.
  const code: FunctionCode = { code_type: 'inline', file: Buffer.from(text, 'utf8').toString('base64') };
  const fingerprint = createHash('sha256').update(`${fn.runtime}\n${fn.handler}\n${text}`).digest('hex');
  return { code, fingerprint };
}

export const FINGERPRINT_PREFIX = 'apig-workbench code sha256:';
