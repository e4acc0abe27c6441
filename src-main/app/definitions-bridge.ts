/**
 * Definition check/import/export for the UI: the same modules the CLI's check/import/export commands
 * use (src-shared/openapi + src-main/definitions), fed with the editor's text instead of a file.
 */
import type { WorkbenchApi } from '../../src-shared/contract';
import type { SourceFormat } from '../../src-shared/openapi/parse';
import { applyImport } from '../definitions/apply-import';
import { ExportError, exportGroup } from '../definitions/export-group';
import type { Workbench } from './workbench';
import { HostError } from '../../src-shared/host-error';
import { notFound } from './contract-errors';
import { SupersededError, type DefinitionPlanner } from '../definitions/plan-in-worker';

type DefinitionMethods = Pick<WorkbenchApi, 'checkDefinition' | 'importDefinition' | 'exportDefinition'>;

/** The file name's extension decides; anything else is sniffed by the reader. */
export function formatOfFilename(filename: string): SourceFormat | undefined {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.json')) return 'json';
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  return undefined;
}

export function definitionHandlers(current: () => Workbench, planner: DefinitionPlanner): DefinitionMethods {
  return {
    checkDefinition: async ({ text, filename }) => {
      let plan;
      try {
        plan = await planner.check(text, { format: formatOfFilename(filename), newGroup: true }, filename);
      } catch (error) {
        // The editor asked again before this check finished; it shows only its newest check.
        if (error instanceof SupersededError) throw new HostError('conflict', error.message);
        throw error;
      }
      const readable = plan.apis.length > 0 || plan.group.name !== '';
      return {
        diagnostics: plan.diagnostics,
        summary: readable
          ? {
              groupName: plan.group.name,
              apis: plan.apis.length,
              authorizers: plan.authorizers.length,
              responseSets: plan.responseSets.length,
              version: plan.version,
            }
          : undefined,
      };
    },

    importDefinition: async (args) => {
      const store = current().store;
      const group = args.groupId ? (store.groups.get(args.groupId) ?? missing('API group', args.groupId)) : undefined;
      const env = args.publishEnvId ? (store.environments.get(args.publishEnvId) ?? missing('environment', args.publishEnvId)) : undefined;
      const { plan, locator } = await planner.planForImport(args.text, { format: formatOfFilename(args.filename), newGroup: !group });
      // The workspace may have been switched while the file was being read.
      if (current().store !== store) throw new HostError('conflict', 'the workspace changed while the definition was being read; import again');
      const report = applyImport(store, plan, locator, {
        groupName: group?.name,
        apiMode: args.mode ?? 'merge',
        extendMode: args.extendMode ?? 'merge',
        publishEnv: env?.name,
      });
      await locator.locatedLater(report.diagnostics);
      const missingFunctions = [...new Set(plan.functionRefs.map((f) => f.name))].filter((name) => !store.functions.getByName(name));
      return {
        applied: report.applied,
        group: report.group,
        groupId: report.group?.id,
        created: report.apis.filter((a) => a.action === 'create').length,
        updated: report.apis.filter((a) => a.action === 'update').length,
        apis: report.apis,
        ignored: report.ignored,
        // The report lists the APIs it published; the contract (and the success message) names the environment.
        published: env && report.published.length > 0 ? [env.name] : [],
        diagnostics: report.diagnostics,
        missingFunctions,
      };
    },

    exportDefinition: async (args) => {
      const store = current().store;
      const group = store.groups.get(args.groupId) ?? missing('API group', args.groupId);
      const env = args.envId ? (store.environments.get(args.envId) ?? missing('environment', args.envId)) : undefined;
      try {
        const result = exportGroup(store, {
          groupName: group.name,
          envName: env?.name,
          scope: args.scope,
          oas: args.version,
          format: args.format,
          version: args.infoVersion,
        });
        return { text: result.text, filename: result.fileName, preflight: result.diagnostics };
      } catch (error) {
        if (error instanceof ExportError) throw new HostError('invalid-argument', error.message);
        throw error;
      }
    },
  };
}

function missing(what: string, id: string): never {
  throw notFound(what, id);
}
