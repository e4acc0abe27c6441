/**
 * The one engine for every user-supplied regular expression (identity `validation`, backend-policy
 * `pattern` conditions): RE2 semantics via re2js, whose matching time is linear in the input. A
 * backtracking engine (JavaScript's RegExp) lets `^(a+)+$` and a 29-byte header freeze the whole
 * core for seconds, so user expressions never reach it.
 *
 * RE2 refuses what it cannot match in linear time (look-around, back-references) and a few
 * JavaScript-only escapes (`\u0041`: write `\x{41}`); the rules report those as validation errors
 * at import and in the editor, with the engine's own message. docs/fidelity.md lists the differences.
 */
import { RE2JS } from 're2js';

export interface LinearRegExp {
  /** True when the expression matches somewhere in the input. */
  search(input: string): boolean;
  /** True when the expression matches the whole input. */
  fullMatch(input: string): boolean;
}

export type CompiledRegExp = { ok: true; re: LinearRegExp } | { ok: false; problem: string };

/** Strips the engine's "error parsing regexp: " prefix, which the caller's context already says. */
function engineMessage(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/^error parsing regexp:\s*/, '');
}

export function compileLinearRegExp(source: string): CompiledRegExp {
  try {
    const compiled = RE2JS.compile(source);
    return {
      ok: true,
      re: { search: (input) => compiled.test(input), fullMatch: (input) => compiled.matches(input) },
    };
  } catch (e) {
    return { ok: false, problem: engineMessage(e) };
  }
}

/** The message a rule reports for an expression the engine refuses, or undefined when it compiles. */
export function linearRegExpProblem(source: string): string | undefined {
  const compiled = compileLinearRegExp(source);
  return compiled.ok
    ? undefined
    : `is not a valid regular expression for the gateway's linear-time engine (RE2 syntax: no look-around, no back-references): ${compiled.problem}`;
}
