import { parseArgs } from 'node:util';
import type { Logger } from '../../logger';
import { formatDiagnostic, type Diagnostic } from '../../../src-shared/openapi/diagnostics';

/** One CLI sub-command: `apig-workbench <name> …`. */
export interface CliCommand {
  name: string;
  /** One line for `apig-workbench help`. */
  summary: string;
  usage: string;
  /** The flags it accepts; any other is a usage error. */
  flags: FlagSpecs;
  /** Parses its own command line (after the command's name). Resolves to the process exit code. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/**
 * What a command writes: `out` is its output on stdout (results, tables, JSON: what a script
 * reads); everything else (diagnostics, progress, errors) goes through `log` to stderr.
 */
export interface CliIo {
  out(line: string): void;
  log: Logger;
}

/** A command's flags, as node:util's parseArgs takes them. `multiple` flags may be repeated. */
export interface FlagSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  /** One letter: `-o` for `--out`. */
  short?: string;
}
export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** Booleans are booleans; a repeatable flag is every value given, in order; others the last value. */
export type FlagValues<F extends FlagSpecs> = {
  [K in keyof F]?: F[K]['type'] extends 'boolean' ? boolean : F[K]['multiple'] extends true ? string[] : string;
};

export interface ParsedArgs<F extends FlagSpecs> {
  positional: string[];
  flags: FlagValues<F>;
}

export class UsageError extends Error {}

/** A command whose flags are checked (strictly) before `run` sees them. */
export function defineCommand<const F extends FlagSpecs>(spec: {
  name: string;
  summary: string;
  usage: string;
  flags: F;
  run(args: ParsedArgs<F>, io: CliIo): Promise<number>;
}): CliCommand {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    flags: spec.flags,
    run: (argv, io) => spec.run(parseFlags(argv, spec.flags), io),
  };
}

/**
 * Parses with node:util's parseArgs in strict mode: an unknown flag, a value given to a boolean
 * flag or a missing value is a UsageError naming the flag (main prints it with the usage, exit 2).
 */
export function parseFlags<F extends FlagSpecs>(argv: readonly string[], flags: F): ParsedArgs<F> {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: flags, strict: true, allowPositionals: true });
    return { positional: positionals, flags: { ...values } as FlagValues<F> };
  } catch (error) {
    throw usageErrorOf(error, argv, Object.keys(flags)) ?? error;
  }
}

/** parseArgs's errors, said in the CLI's words (they name the flag and, for a typo, the flag meant). */
function usageErrorOf(error: unknown, argv: readonly string[], known: string[]): UsageError | undefined {
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) return undefined;
  const message = (error as Error).message;
  // parseArgs quotes the flag as it was given: '--jsno', '-x' or '--db <value>'.
  const flag = /'(-{1,2}[^'\s]+)/.exec(message)?.[1];
  if (!flag) return new UsageError(message);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    // `-db`: parseArgs reads one-dash words as letters and complains of -d; name what was typed.
    const typed = flag.startsWith('--') ? flag : (argv.find((a) => a.startsWith(flag) && !a.startsWith('--')) ?? flag).split('=')[0];
    if (typed.length > 2 && !typed.startsWith('--') && known.includes(typed.slice(1))) return new UsageError(`unknown option ${typed} (did you mean -${typed}?)`);
    const guess = closest(typed.replace(/^-+/, ''), known);
    const list = known.length ? `; known: ${known.map((k) => `--${k}`).join(', ')}` : '';
    return new UsageError(`unknown option ${typed}${guess ? ` (did you mean --${guess}?)` : list}`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(message)) return new UsageError(`${flag} takes no value (it is an on/off switch)`);
    // "argument missing" (the flag ends the line) or "ambiguous" (another flag follows it).
    const ambiguous = /ambiguous/.test(message) ? ` (for a value that starts with '-', write ${flag}=VALUE)` : '';
    return new UsageError(`${flag} needs a value${ambiguous}`);
  }
  return new UsageError(message);
}

/** The known flag within two edits of a mistyped one (--jsno → --json), if exactly one is. */
function closest(typed: string, known: string[]): string | undefined {
  const near = known.filter((k) => editDistance(typed, k) <= 2);
  return near.length === 1 ? near[0] : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * For commands whose sub-commands share one flag list: a flag the chosen sub-command does not use
 * is refused rather than ignored (`app create --code …` does not add an AppCode).
 */
export function onlyFlags<F extends FlagSpecs>(args: ParsedArgs<F>, allowed: readonly (keyof F & string)[], what: string): void {
  const extra = Object.keys(args.flags).find((name) => args.flags[name] !== undefined && !allowed.includes(name));
  if (extra) throw new UsageError(`--${extra} does not apply to ${what} (it takes ${allowed.map((a) => `--${a}`).join(', ')})`);
}

/** A string flag the command cannot do without. */
export function requireFlag<F extends FlagSpecs>(args: ParsedArgs<F>, name: keyof F & string): string {
  const value = args.flags[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** Compiler-style diagnostic lines (`file:line:column: error: …`) on stderr, at their own level. */
export function logDiagnostics(log: Logger, file: string, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    if (d.severity === 'error') log.error(formatDiagnostic(file, d));
    else log.warn(formatDiagnostic(file, d));
  }
}
