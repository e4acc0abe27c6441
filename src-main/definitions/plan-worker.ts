/**
 * Worker thread side of DefinitionPlanner (plan-in-worker.ts): reads and pre-flights definition
 * files, which for a hostile or just large file can take seconds, away from the thread that serves
 * the gateway and the UI. Positions for diagnostics raised later (by the store, on the main thread)
 * are answered on request from the locator of the plan they belong to.
 */
import { parentPort } from 'node:worker_threads';
import { planImport, type PlanOptions } from '../../src-shared/openapi/definitions';
import type { PositionLocator } from '../../src-shared/openapi/diagnostics';
import type { PlannerReply, PlannerRequest } from './plan-protocol';

/** Locators kept for imports until the main thread has asked its positions (bounded: a stuck caller cannot pile them up). */
const locators = new Map<number, PositionLocator>();
const MAX_KEPT = 4;

function reply(message: PlannerReply): void {
  parentPort!.postMessage(message);
}

parentPort!.on('message', (request: PlannerRequest) => {
  try {
    if (request.t === 'plan') {
      const options: PlanOptions = { ...request.options, variables: request.options.variables ? new Set(request.options.variables) : undefined };
      const { plan, locator } = planImport(request.text, options);
      if (request.keepLocator) {
        if (locators.size >= MAX_KEPT) locators.delete(locators.keys().next().value!);
        locators.set(request.id, locator);
      }
      reply({ t: 'plan', id: request.id, plan });
    } else if (request.t === 'locate') {
      const locator = locators.get(request.id);
      locators.delete(request.id);
      const positions = request.pointers.map((pointer) => locator?.locate(pointer) ?? { line: 0, column: 0 });
      reply({ t: 'locate', id: request.id, positions });
    } else {
      locators.delete(request.id);
    }
  } catch (error) {
    reply({ t: 'error', id: request.id, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
