/**
 * `apig-workbench trace-mask --db DB [NAMES]`: which header and query parameter names traces mask.
 * The built-in credentials list always applies; NAMES (comma-separated) are the workspace's own
 * additions, saved in the workspace (setting trace.sensitive_names) and used from the next request,
 * also by a gateway already serving the workspace in this process.
 */
import { defineCommand, requireFlag, UsageError } from '../command';
import { WorkspaceStore } from '../../../store/workspace-store';
import { DEFAULT_SENSITIVE_NAMES, parseSensitiveNames, SENSITIVE_NAMES_SETTING } from '../../../gateway/trace/trace-secrets';

export const traceMaskCommand = defineCommand({
  name: 'trace-mask',
  summary: 'Show or set the header and query parameter names whose values traces mask',
  usage: [
    'Usage: apig-workbench trace-mask --db DB [NAMES]',
    '',
    '  NAMES   comma-separated header or query parameter names to mask in traces, besides the built-in',
    '          credentials (Authorization, Cookie, X-Auth-Token, access_token, …); "" clears them',
  ].join('\n'),
  flags: { db: { type: 'string' } },
  async run(args, io) {
    const db = requireFlag(args, 'db');
    if (args.positional.length > 1) throw new UsageError('give the names as one comma-separated argument');
    const store = WorkspaceStore.open(db, { logger: io.log });
    try {
      if (args.positional.length === 1) {
        const names = parseSensitiveNames(args.positional[0]);
        const bad = names.find((n) => !/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(n));
        if (bad) throw new UsageError(`"${bad}" is not a valid header or query parameter name`);
        store.settings.set(SENSITIVE_NAMES_SETTING, names.join(','));
      }
      const own = parseSensitiveNames(store.settings.get(SENSITIVE_NAMES_SETTING));
      io.out(`Masked in traces: Authorization and Proxy-Authorization (credentials; signatures stay readable), Cookie (values), ${DEFAULT_SENSITIVE_NAMES.join(', ')}`);
      io.out(own.length ? `This workspace adds: ${own.join(', ')}` : 'This workspace adds: (none)');
      return 0;
    } finally {
      store.close();
    }
  },
});
