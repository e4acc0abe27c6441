import type { ErrorKind } from './contract';

/**
 * An error the core raises on purpose, with the kind the UI should see: it crosses the contract as
 * a `ContractError` of that kind (src-main/app/contract-errors.ts). Shared so that engine modules
 * below the application (the lab's tester) can raise it too.
 */
export class HostError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}
