/**
 * Turns whatever a handler throws into the `ContractError` that crosses the boundary, so the UI can
 * show a store rule's message next to the field it is about.
 */
import type { ContractError } from '../../src-shared/contract';
import { HostError } from '../../src-shared/host-error';
import { ValidationError } from '../../src-shared/rules/issues';
import { NotFoundError } from '../store/context';
import { WorkspaceInUseError } from '../store/lock';
import { NotAWorkspaceError } from '../store/workspace-file';


export const notFound = (what: string, key: string): HostError => new HostError('not-found', `${what} ${key} not found`);

export function toContractError(error: unknown): ContractError {
  if (error instanceof HostError) return { kind: error.kind, message: error.message };
  if (error instanceof ValidationError) return { kind: 'validation', message: error.message, issues: error.issues };
  if (error instanceof NotFoundError) return { kind: 'not-found', message: error.message };
  if (error instanceof WorkspaceInUseError) return { kind: 'conflict', message: error.message };
  if (error instanceof NotAWorkspaceError) return { kind: 'invalid-argument', message: error.message };
  // better-sqlite3's SqliteError: a constraint means the write clashes with existing data.
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
    return { kind: 'conflict', message: (error as Error).message };
  }
  if (code === 'EADDRINUSE') return { kind: 'conflict', message: (error as Error).message };
  if (code === 'ENOENT') return { kind: 'not-found', message: (error as Error).message };
  return { kind: 'internal', message: error instanceof Error ? error.message : String(error) };
}
