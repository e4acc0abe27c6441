/** What every repository gets from the store: the connection, cached statements, change events. */
import { randomUUID } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';
import type { EntityName } from '../../src-shared/entity-names';

export interface StoreContext {
  readonly db: Database;
  /** A prepared statement, prepared once per connection and reused. */
  stmt(sql: string): Statement;
  /** Queues a change event, delivered after the outermost transaction commits. */
  emit(entity: EntityName, id?: string): void;
  /** Runs fn in a transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T;
}

export interface Repo<T, I> {
  list(): T[];
  get(id: string): T | undefined;
  create(input: I): T;
  update(id: string, patch: Partial<I>): T;
  remove(id: string): void;
}

export class NotFoundError extends Error {
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(`${entity} ${key} not found`);
    this.name = 'NotFoundError';
  }
}

/** 32 lower-case hex characters. */
export function newId(): string {
  return randomUUID().replaceAll('-', '');
}

export function nowIso(): string {
  return new Date().toISOString();
}

export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJson<T>(text: string | null | undefined): T | undefined {
  return text === null || text === undefined ? undefined : (JSON.parse(text) as T);
}

/** SQLite stores booleans as 0/1. */
export const bool = (v: unknown): boolean => v === 1 || v === true;
export const int = (v: boolean): number => (v ? 1 : 0);
/** NULL columns become absent optional fields, not `null`. */
export const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** A display list of names, shortened so an error message stays readable. */
export function nameList(names: string[], max = 5): string {
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
