// Worker bootstrap: the core runs its TypeScript sources through tsx (bin/apig-workbench.mjs), and a
// worker thread starts without the parent's loaders, so it registers tsx itself and then loads the
// worker's own module, whose URL the parent passes as the first argv entry (see tsWorker in ts-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2]);
