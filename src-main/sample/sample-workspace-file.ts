/** The workspace a new user starts from: a new file filled by the sample (src-main/sample). */
import fs from 'node:fs';
import path from 'node:path';
import { WorkspaceStore } from '../store/workspace-store';
import { createSampleWorkspace } from './sample-workspace';

export function createFromSample(file: string): void {
  if (fs.existsSync(file)) throw new Error(`${file} already exists`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const store = WorkspaceStore.open(file);
  try {
    createSampleWorkspace(store);
  } catch (error) {
    // A half-made sample would greet the user broken: remove the file and report.
    store.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    throw error;
  } finally {
    store.close();
  }
}
