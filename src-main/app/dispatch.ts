/**
 * The single entry both hosts use: method name and raw args in, a `ContractResponse` envelope out.
 * Unknown names and malformed args are refused here, before any handler runs.
 */
import {
  invalidArgumentError,
  isMethodName,
  validateArgs,
  type ContractResponse,
  type WorkbenchApi,
} from '../../src-shared/contract';
import { toContractError } from './contract-errors';
import { errorWithStack, type Logger } from '../logger';

/** `log` hears of internal failures (bugs): the caller gets a plain `internal` error, the log the stack. */
export async function dispatchCall(api: WorkbenchApi, method: string, args: unknown, log: Logger): Promise<ContractResponse<unknown>> {
  if (!isMethodName(method)) return { error: { kind: 'not-found', message: `unknown method '${method}'` } };
  const issues = validateArgs(method, args);
  if (issues.length > 0) return { error: invalidArgumentError(method, issues) };
  try {
    const handler = api[method] as (args: unknown) => Promise<unknown>;
    const result = await handler.call(api, args ?? {});
    // undefined does not survive JSON; null keeps `{ result }` distinguishable from a missing field.
    return { result: result === undefined ? null : result };
  } catch (error) {
    const contractError = toContractError(error);
    if (contractError.kind === 'internal') {
      log.error(`${method} failed`, errorWithStack(error));
    }
    return { error: contractError };
  }
}
