/**
 * The public face of the OpenAPI layer: plan an import (read + pre-flight) and export a group.
 * Pure: text in, text or plain data out.
 */
import type { Api } from '../model';
import { NO_POSITIONS, type Diagnostic, type PositionLocator } from './diagnostics';
import { parseText } from './parse';
import type { ImportPlan } from './plan';
import { preflight } from './preflight';
import { readWithLocator, type ReadOptions } from './read';
import { serialize, type OutputFormat } from './serialize';
import { buildDocument, type ExportInput } from './write';

export interface PlanOptions extends ReadOptions {
  /** Whether the file creates a new group (then info.title must be a valid group name). */
  newGroup?: boolean;
  variables?: ReadonlySet<string>;
}

/** Reads a file and runs the pre-flight over it; `plan.diagnostics` holds both. */
export function planImport(text: string, options: PlanOptions = {}): { plan: ImportPlan; locator: PositionLocator } {
  const { plan, locator } = readWithLocator(text, options);
  const readable = plan.apis.length > 0 || plan.group.name !== '';
  if (readable) {
    plan.diagnostics.push(
      ...preflight(
        {
          apis: plan.apis,
          authorizers: plan.authorizers,
          responseSets: plan.responseSets,
          throttles: plan.throttles,
          accessControls: plan.accessControls,
          plugins: plan.plugins,
          orchestrations: plan.orchestrations,
          group: options.newGroup === false ? undefined : plan.group,
          variables: options.variables,
        },
        locator,
      ),
    );
  }
  return { plan, locator };
}

const YAML_LOCATE_MAX_CHARS = 1024 * 1024;

export interface ExportRequest extends ExportInput {
  format: OutputFormat;
  envName: string;
}

export interface ExportResult {
  text: string;
  /** APIG's pattern: <group>-<env>-<define>-<version>.<json|yaml>. */
  fileName: string;
  /** Pre-flight of what was written, plus anything left out; positions point into `text`. */
  diagnostics: Diagnostic[];
}

export function exportDefinition(request: ExportRequest): ExportResult {
  const built = buildDocument(request);
  const apis = [...built.operationPointers].map(([api, pointer]: [Api, string]) => ({ ...api, pointer }));
  const checks = preflight({ apis });
  const text = serialize(built.document, request.format);
  let diagnostics = [...built.diagnostics, ...checks];
  if (diagnostics.length) {
    // Positions need a re-read of the text. JSON re-reads fast; a large YAML text would double the
    // export time, so beyond YAML_LOCATE_MAX_CHARS its diagnostics keep their pointer only.
    const locate = request.format === 'json' || text.length <= YAML_LOCATE_MAX_CHARS;
    const locator = locate ? parseText(text, { format: request.format, limits: { maxChars: Infinity } }).locator : NO_POSITIONS;
    diagnostics = diagnostics.map((d) => ({ ...d, ...locator.locate(d.pointer) }));
  }
  // V2 group names may hold '/', which would make the name a path on disk.
  const safeGroup = request.group.name.replace(/[/\\]/g, '_');
  return { text, fileName: `${safeGroup}-${request.envName}-${request.scope}-${request.version}.${request.format}`, diagnostics };
}

/** APIG's default info.version: the export time, e.g. 2023-07-11-19:54:22. */
export function exportVersion(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}-${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}`;
}
