/** Reads a definition file from disk with the size cap applied before the bytes are read. */
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { DEFAULT_PARSE_LIMITS, type SourceFormat } from '../../src-shared/openapi/parse';

export class DefinitionFileError extends Error {}

export function readDefinitionFile(file: string, maxBytes = DEFAULT_PARSE_LIMITS.maxChars): { text: string; format?: SourceFormat } {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new DefinitionFileError(`${file} is not a file`);
    size = st.size;
  } catch (error) {
    if (error instanceof DefinitionFileError) throw error;
    throw new DefinitionFileError(`cannot read ${file}: ${(error as Error).message}`);
  }
  if (size > maxBytes) {
    throw new DefinitionFileError(`${file}: file too large (${size} bytes, the limit is ${maxBytes}; raise it with --max-size)`);
  }
  const text = readFileSync(file, 'utf8');
  const ext = extname(file).toLowerCase();
  const format: SourceFormat | undefined = ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : undefined;
  return { text, format };
}
