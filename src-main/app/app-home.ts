/**
 * The per-user data directory: where the workspace the app opens first lives, and which workspace
 * was open last. $APIG_WORKBENCH_HOME overrides ~/.apig-workbench (tests, portable installs).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../logger';

export interface AppState {
  /** Absolute path of the workspace open when the app last ran. */
  lastWorkspace?: string;
  /** Most recent first, at most MAX_RECENT. */
  recent: string[];
  /** Workspaces this app created from the bundled sample. */
  fromSample: string[];
}

const MAX_RECENT = 10;
const STATE_FILE = 'state.json';

export function resolveAppHome(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.APIG_WORKBENCH_HOME?.trim();
  return path.resolve(override || path.join(os.homedir(), '.apig-workbench'));
}

/** Where the first-run workspace (a copy of the sample) is created. */
export function defaultWorkspaceFile(home: string): string {
  return path.join(home, 'workspaces', 'sample.db');
}

export function readAppState(home: string, log: Logger): AppState {
  const file = path.join(home, STATE_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { recent: [], fromSample: [] };
    // A damaged state file only loses the "last workspace" memory; say so and start fresh.
    log.warn(`ignoring unreadable ${file}`, { error });
    return { recent: [], fromSample: [] };
  }
  const r = (raw ?? {}) as Record<string, unknown>;
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
  return {
    lastWorkspace: typeof r.lastWorkspace === 'string' ? r.lastWorkspace : undefined,
    recent: strings(r.recent).slice(0, MAX_RECENT),
    fromSample: strings(r.fromSample),
  };
}

export function writeAppState(home: string, state: AppState): void {
  fs.mkdirSync(home, { recursive: true });
  const file = path.join(home, STATE_FILE);
  // Write-then-rename so a crash mid-write never leaves a half file behind.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  fs.renameSync(tmp, file);
}

/** Records `file` as the open workspace and returns the new state. */
export function rememberWorkspace(home: string, file: string, log: Logger, opts: { fromSample?: boolean } = {}): AppState {
  const state = readAppState(home, log);
  const abs = path.resolve(file);
  const next: AppState = {
    lastWorkspace: abs,
    recent: [abs, ...state.recent.filter((f) => f !== abs)].slice(0, MAX_RECENT),
    fromSample: opts.fromSample && !state.fromSample.includes(abs) ? [...state.fromSample, abs] : state.fromSample,
  };
  writeAppState(home, next);
  return next;
}
