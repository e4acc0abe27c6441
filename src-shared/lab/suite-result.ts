/** The outcome of running a test suite: what the CLI prints, the JUnit file holds and the run matrix shows. */
import type { Mismatch } from './expectations';

export interface CaseResult {
  name: string;
  /** Line of the case in the suite file. */
  line: number;
  outcome: 'passed' | 'failed' | 'error';
  mismatches: Mismatch[];
  /** Why the case could not be judged (request not sent, unknown app, …). */
  error?: string;
  status?: number;
  /** X-Request-Id: the key of the case's trace in the workbench. */
  requestId?: string;
  /** Portable-event lint of the authorizers that ran: reads that may behave differently on APIG. */
  lint?: string[];
  durationMs: number;
}

export interface SuiteResult {
  name: string;
  file: string;
  cases: CaseResult[];
  passed: number;
  failed: number;
  errors: number;
  durationMs: number;
}
