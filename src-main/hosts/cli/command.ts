/** One CLI sub-command: `apig-workbench <name> …`. */
export interface CliCommand {
  name: string;
  /** One line for `apig-workbench help`. */
  summary: string;
  usage: string;
  /** Flags that take no value (e.g. --reveal). */
  booleanFlags?: readonly string[];
  /** Flags that may be given several times; all their values are in `args.lists`. */
  repeatableFlags?: readonly string[];
  /** Resolves to the process exit code. Long-running commands resolve when stopped. */
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface ParsedArgs {
  positional: string[];
  /** --name value, --name=value; repeated flags keep the last value; bare --flag is 'true'. */
  flags: Record<string, string>;
  /** Every value of each repeatable flag, in order. */
  lists: Record<string, string[]>;
}

export class UsageError extends Error {}

/** Parses argv. Flags listed in `booleanFlags` take no value. Short -o is an alias of --out. */
export function parseArgs(argv: string[], booleanFlags: readonly string[] = [], repeatableFlags: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-o') {
      flags.out = requireValue(argv, ++i, '-o');
    } else if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (eq >= 0) flags[name] = arg.slice(eq + 1);
      else if (booleanFlags.includes(name)) flags[name] = 'true';
      else flags[name] = requireValue(argv, ++i, arg);
      if (repeatableFlags.includes(name)) (lists[name] ??= []).push(flags[name]);
    } else {
      positional.push(arg);
    }
  }
  return { positional, flags, lists };
}

function requireValue(argv: string[], index: number, flag: string): string {
  const value = argv[index];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
  return value;
}

export function requireFlag(args: ParsedArgs, name: string): string {
  const value = args.flags[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}
