/**
 * `apig-workbench function bind | unbind | list`: which FunctionGraph function (URN with version or
 * alias) each local function stands for, per environment. Exports for an environment write the
 * bound URNs; `deploy` uploads the code of functions left unbound.
 */
import { RELEASE_ENV } from '../../../../src-shared/model';
import { WorkspaceStore } from '../../../store/workspace-store';
import { defineCommand, onlyFlags, requireFlag, UsageError } from '../command';

const USAGE = [
  'Usage: apig-workbench function bind NAME --db FILE --env ENV --urn URN',
  '       apig-workbench function unbind NAME --db FILE --env ENV',
  '       apig-workbench function list --db FILE [--env ENV] [--json]',
  '',
  '  NAME   a local function of the workspace',
  '  --urn  urn:fss:REGION:PROJECT_ID:function:PACKAGE:NAME:VERSION (or …:!ALIAS)',
  '  list   every function with its binding in each environment ("unbound" where it has none)',
].join('\n');

function functionNamed(store: WorkspaceStore, name: string | undefined) {
  if (!name) throw new UsageError('the function NAME is missing');
  const fn = store.functions.getByName(name);
  if (!fn) throw new Error(`function '${name}' does not exist in the workspace (${store.functions.list().map((f) => f.name).join(', ') || 'it has none'})`);
  return fn;
}

function environmentNamed(store: WorkspaceStore, name: string) {
  const env = store.environments.getByName(name);
  if (!env) throw new Error(`environment '${name}' does not exist in the workspace`);
  return env;
}

export const functionCommand = defineCommand({
  name: 'function',
  summary: 'Bind local functions to FunctionGraph URNs per environment (bind, unbind, list)',
  usage: USAGE,
  flags: { db: { type: 'string' }, env: { type: 'string' }, urn: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const action = args.positional[0];
    if (!['bind', 'unbind', 'list'].includes(action)) throw new UsageError(action ? `unknown action '${action}'` : 'an action (bind, unbind, list) is required');
    onlyFlags(args, action === 'bind' ? ['db', 'env', 'urn'] : action === 'unbind' ? ['db', 'env'] : ['db', 'env', 'json'], `function ${action}`);
    const db = requireFlag(args, 'db');
    // Checked before the workspace is opened (opening creates a missing file).
    if (action !== 'list') requireFlag(args, 'env');
    if (action === 'bind') requireFlag(args, 'urn');
    const store = WorkspaceStore.open(db, { logger: io.log });
    try {
      if (action === 'bind') {
        const fn = functionNamed(store, args.positional[1]);
        const env = environmentNamed(store, requireFlag(args, 'env'));
        const binding = store.functionBindings.bind(fn.id, env.id, requireFlag(args, 'urn'));
        io.out(`bound ${fn.name} in ${env.name} to ${binding.urn}`);
        return 0;
      }
      if (action === 'unbind') {
        const fn = functionNamed(store, args.positional[1]);
        const env = environmentNamed(store, requireFlag(args, 'env'));
        if (!store.functionBindings.list({ functionId: fn.id, envId: env.id }).length) {
          io.log.error(`${fn.name} has no binding in ${env.name}; nothing to remove`);
          return 1;
        }
        store.functionBindings.unbind(fn.id, env.id);
        io.out(`unbound ${fn.name} in ${env.name}`);
        return 0;
      }
      const envs = args.flags.env ? [environmentNamed(store, args.flags.env)] : store.environments.list();
      const bindings = store.functionBindings.list();
      const rows = store.functions.list().flatMap((fn) =>
        envs.map((env) => ({ function: fn.name, env: env.name, urn: bindings.find((b) => b.functionId === fn.id && b.envId === env.id)?.urn ?? null })),
      );
      if (args.flags.json) {
        io.out(JSON.stringify(rows, null, 2));
      } else if (!rows.length) {
        io.out('the workspace has no functions');
      } else {
        const width = Math.max(...rows.map((r) => r.function.length));
        const envWidth = Math.max(...rows.map((r) => r.env.length), RELEASE_ENV.length);
        for (const r of rows) io.out(`${r.function.padEnd(width)}  ${r.env.padEnd(envWidth)}  ${r.urn ?? 'unbound'}`);
      }
      return 0;
    } finally {
      store.close();
    }
  },
});
