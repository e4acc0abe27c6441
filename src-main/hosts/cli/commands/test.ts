import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readSuite, type Suite } from '../../../../src-shared/lab/suite';
import { Workbench } from '../../../app/workbench';
import { runSuite, type SuiteResult } from '../../../lab/suite-runner';
import { formatSuiteResult, toJUnit } from '../../../lab/suite-report';
import { defineCommand, logDiagnostics, requireFlag, UsageError, type CliIo } from '../command';

/** Exit codes: 0 all cases passed, 1 a case failed or could not run, 2 bad usage or an unreadable suite. */
const EXIT_PASSED = 0;
const EXIT_FAILED = 1;
const EXIT_UNUSABLE = 2;

export const testCommand = defineCommand({
  name: 'test',
  summary: 'Run authorizer test suites (YAML) through the local gateway; JUnit output for CI',
  usage: [
    'Usage: apig-workbench test SUITE... --db FILE [--junit FILE] [--json]',
    '',
    '  SUITE        a suite file (YAML or JSON; see docs/user-guide.md, "Authorizer test suites")',
    '  --db FILE    the workspace whose published APIs the cases call (it must exist)',
    '  --junit FILE also write the results as JUnit XML (for CI test reports)',
    '  --json       print the results as JSON instead of text',
    '',
    'Exit status: 0 when every case passes, 1 when any fails, 2 for bad usage or an unreadable suite.',
  ].join('\n'),
  flags: { db: { type: 'string' }, junit: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const dbFile = requireFlag(args, 'db');
    if (args.positional.length === 0) throw new UsageError('SUITE is required');
    const suites = readSuites(args.positional, io);
    if (!suites) return EXIT_UNUSABLE;
    let workbench: Workbench;
    try {
      // Never create a workspace here: a mistyped --db would otherwise run every case against nothing.
      if (!existsSync(dbFile)) throw new Error('no such file');
      workbench = await Workbench.open({ dbFile, gateway: { host: '127.0.0.1', port: 0 }, logger: io.log });
    } catch (error) {
      io.log.error(`apig-workbench test: cannot open workspace ${dbFile}`, { error });
      return EXIT_UNUSABLE;
    }
    const results: SuiteResult[] = [];
    try {
      await workbench.gateway.start();
      for (const { file, suite } of suites) results.push(await runSuite(workbench.gateway, workbench.store, suite, file));
    } finally {
      await workbench.close();
    }
    if (args.flags.junit) writeFileSync(args.flags.junit, toJUnit(results));
    if (args.flags.json) io.out(JSON.stringify({ suites: results }, null, 2));
    else {
      for (const r of results) for (const line of formatSuiteResult(r)) io.out(line);
      const count = (pick: (r: SuiteResult) => number) => results.reduce((n, r) => n + pick(r), 0);
      io.out(`${count((r) => r.passed)} passed, ${count((r) => r.failed)} failed, ${count((r) => r.errors)} error(s) in ${results.length} suite(s)`);
    }
    return results.every((r) => r.failed === 0 && r.errors === 0) ? EXIT_PASSED : EXIT_FAILED;
  },
});

/** Reads every suite before running any: one unreadable file stops the run (exit 2). */
function readSuites(files: string[], io: CliIo): { file: string; suite: Suite }[] | undefined {
  const out: { file: string; suite: Suite }[] = [];
  let ok = true;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      io.log.error(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      ok = false;
      continue;
    }
    const { suite, diagnostics } = readSuite(text, basename(file).replace(/\.(ya?ml|json)$/i, ''));
    logDiagnostics(io.log, file, diagnostics);
    if (suite) out.push({ file, suite });
    else ok = false;
  }
  return ok ? out : undefined;
}
