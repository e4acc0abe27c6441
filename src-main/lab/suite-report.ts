/**
 * Suite results as the outside world reads them: JUnit XML for CI (the de-facto schema Jenkins,
 * GitLab and GitHub test reporters read: testsuites > testsuite > testcase with failure/error),
 * and the lines the CLI prints.
 */
import { formatMismatch } from '../../src-shared/lab/expectations';
import type { CaseResult, SuiteResult } from './suite-runner';

export function toJUnit(results: SuiteResult[]): string {
  const total = (pick: (r: SuiteResult) => number) => results.reduce((n, r) => n + pick(r), 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="apig-workbench" tests="${total((r) => r.cases.length)}" failures="${total((r) => r.failed)}" errors="${total((r) => r.errors)}" time="${seconds(total((r) => r.durationMs))}">`,
  ];
  for (const r of results) {
    lines.push(
      `  <testsuite name="${xml(r.name)}" file="${xml(r.file)}" tests="${r.cases.length}" failures="${r.failed}" errors="${r.errors}" skipped="0" time="${seconds(r.durationMs)}">`,
    );
    for (const c of r.cases) {
      const open = `    <testcase name="${xml(c.name)}" classname="${xml(r.name)}" file="${xml(r.file)}" line="${c.line}" time="${seconds(c.durationMs)}"`;
      if (c.outcome === 'passed') {
        lines.push(`${open}>`, ...systemOut(c), '    </testcase>');
        continue;
      }
      lines.push(`${open}>`);
      if (c.outcome === 'error') lines.push(`      <error message="${xml(c.error ?? 'error')}" type="error"/>`);
      else {
        const details = c.mismatches.map(formatMismatch);
        lines.push(`      <failure message="${xml(details[0] ?? 'failed')}" type="expectation">${xml(details.join('\n'))}</failure>`);
      }
      lines.push(...systemOut(c), '    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function systemOut(c: CaseResult): string[] {
  if (!c.requestId) return [];
  const lines = [`status ${c.status}; trace: request id ${c.requestId}`, ...(c.lint ?? []).map((w) => `portable-event lint: ${w}`)];
  return [`      <system-out>${xml(lines.join('\n'))}</system-out>`];
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Escapes text for XML attributes and content, and drops characters XML 1.0 cannot carry. */
function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\n/g, '&#10;');
}

/** Human-readable lines for one suite: a mark per case, and one indented line per mismatch. */
export function formatSuiteResult(r: SuiteResult): string[] {
  const lines = [`${r.file}: ${r.name}`];
  for (const c of r.cases) {
    const mark = c.outcome === 'passed' ? 'ok  ' : c.outcome === 'failed' ? 'FAIL' : 'ERR ';
    const trace = c.requestId ? ` [request ${c.requestId}]` : '';
    lines.push(`  ${mark} ${c.name}${c.status !== undefined ? ` → ${c.status}` : ''}${trace}`);
    if (c.error) lines.push(`       ${r.file}:${c.line}: ${c.error}`);
    for (const m of c.mismatches) lines.push(`       ${r.file}:${c.line}: ${formatMismatch(m)}`);
    for (const w of c.lint ?? []) lines.push(`       warning: ${w}`);
  }
  lines.push(`  ${r.passed} passed, ${r.failed} failed, ${r.errors} error(s)`);
  return lines;
}
