import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readSuite, type Suite } from '../../../../src-shared/lab/suite';
import type { SavedSuite } from '../../../../src-shared/lab/saved-suites';
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
    'Usage: apig-workbench test [SUITE...] --db FILE [--junit FILE] [--json]',
    '',
    '  SUITE        a suite file (YAML or JSON; see docs/user-guide.md, "Authorizer test suites"),',
    '               or the name of a suite saved in the workspace (the Lab screen); a file wins.',
    '               Without SUITE, every suite saved in the workspace runs.',
    '  --db FILE    the workspace whose published APIs the cases call (it must exist)',
    '  --junit FILE also write the results as JUnit XML (for CI test reports)',
    '  --json       print the results as JSON instead of text',
    '',
    'Exit status: 0 when every case passes, 1 when any fails, 2 for bad usage or an unreadable suite.',
  ].join('\n'),
  flags: { db: { type: 'string' }, junit: { type: 'string' }, json: { type: 'boolean' } },
  async run(args, io) {
    const dbFile = requireFlag(args, 'db');
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
      const saved = workbench.store.testSuites.list();
      const sources = args.positional.length > 0 ? resolveSuites(args.positional, saved, io) : saved.map(fromSaved);
      if (sources?.length === 0) throw new UsageError('SUITE is required: name a suite file, or save suites in the workspace (the Lab screen)');
      const suites = sources && readSuites(sources, io);
      if (!suites) return EXIT_UNUSABLE;
      await workbench.gateway.start();
      for (const { label, suite } of suites) results.push(await runSuite(workbench.gateway, workbench.store, suite, label));
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

/** A suite's text and where it came from: `label` starts every failure line (`label:LINE: …`). */
interface SuiteSource {
  label: string;
  /** The suite's name when its text names none. */
  defaultName: string;
  text: string;
}

/** A saved suite is labelled `workspace:NAME`, so a failure line says where to look. */
function fromSaved(saved: SavedSuite): SuiteSource {
  return { label: `workspace:${saved.name}`, defaultName: saved.name, text: saved.text };
}

/** Each SUITE as a file, else as a saved suite's name; every one that is neither is reported. */
function resolveSuites(names: string[], saved: SavedSuite[], io: CliIo): SuiteSource[] | undefined {
  const out: SuiteSource[] = [];
  let ok = true;
  for (const name of names) {
    let text: string;
    try {
      text = readFileSync(name, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const match = code === 'ENOENT' ? saved.find((s) => s.name.toLowerCase() === name.toLowerCase()) : undefined;
      if (match) {
        out.push(fromSaved(match));
        continue;
      }
      const known = saved.length ? ` (saved: ${saved.map((s) => s.name).join(', ')})` : '';
      io.log.error(
        code === 'ENOENT'
          ? `${name}: no such file, and the workspace has no saved suite of that name${known}`
          : `${name}: cannot read: ${code ?? (error as Error).message}`,
      );
      ok = false;
      continue;
    }
    out.push({ label: name, defaultName: basename(name).replace(/\.(ya?ml|json)$/i, ''), text });
  }
  return ok ? out : undefined;
}

/** Parses every suite before running any: one unreadable suite stops the run (exit 2). */
function readSuites(sources: SuiteSource[], io: CliIo): { label: string; suite: Suite }[] | undefined {
  const out: { label: string; suite: Suite }[] = [];
  let ok = true;
  for (const source of sources) {
    const { suite, diagnostics } = readSuite(source.text, source.defaultName);
    logDiagnostics(io.log, source.label, diagnostics);
    if (suite) out.push({ label: source.label, suite });
    else ok = false;
  }
  return ok ? out : undefined;
}
