import { defineCommand, requireFlag } from '../command';
import { WorkspaceStore } from '../../../store/workspace-store';
import { createSampleWorkspace } from '../../../sample/sample-workspace';

export const sampleCommand = defineCommand({
  name: 'sample',
  summary: 'Create the sample workspace (authorizers in Node.js and Python, HTTP/MOCK/FUNCTION backends)',
  usage: 'Usage: apig-workbench sample --db FILE\n\n  --db FILE   a new or empty workspace file to fill with the sample',
  flags: { db: { type: 'string' } },
  async run(args, io) {
    const dbFile = requireFlag(args, 'db');
    const store = WorkspaceStore.open(dbFile, { logger: io.log });
    try {
      createSampleWorkspace(store);
    } finally {
      store.close();
    }
    io.out(`sample workspace written to ${dbFile}; run: npx apig-workbench serve --db ${dbFile}`);
    return 0;
  },
});
