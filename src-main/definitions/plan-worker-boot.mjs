// Worker bootstrap: the core runs its TypeScript sources through tsx (bin/apig-workbench.mjs), and a
// worker thread starts without the parent's loaders, so it registers tsx itself before loading the
// worker's own module.
import { register } from 'tsx/esm/api';

register();
await import('./plan-worker.ts');
