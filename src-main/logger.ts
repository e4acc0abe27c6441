/**
 * The one way the core and the hosts say something that is not a command's output: a logger with
 * levels and structured fields, injected from the host that runs the process (the CLI, the browser
 * host and the Electron shell's core all log to stderr, human-readable). `child(fields)` adds fields
 * to every line written through it: the gateway makes one per request, so each line about a request
 * carries its `requestId`. An `error` field is written with its whole `cause` chain.
 *
 * It sits at the root of src-main, below every layer, so the store, the gateway and the function
 * runtimes can take one without importing the application.
 */

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Structured detail of one line. `error` (any thrown value) is written with its cause chain. */
export type LogFields = Readonly<Record<string, unknown>>;

export interface LogRecord {
  level: LogLevel;
  message: string;
  /** The child loggers' fields, then the line's own. */
  fields: LogFields;
}

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose every line also carries `fields` (e.g. `{ requestId }`). */
  child(fields: LogFields): Logger;
}

export type LogSink = (record: LogRecord) => void;

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/** A logger writing every record at `level` or above to `sink`. */
export function createLogger(sink: LogSink, options: { level?: LogLevel } = {}): Logger {
  return new BoundLogger(sink, LOG_LEVELS.indexOf(options.level ?? 'info'), {});
}

/**
 * A class rather than closures: the gateway makes a child for every request, and most requests
 * never log, so a child must cost one small object, not five functions.
 */
class BoundLogger implements Logger {
  constructor(
    private readonly sink: LogSink,
    private readonly threshold: number,
    private readonly bound: LogFields,
  ) {}

  debug(message: string, fields?: LogFields): void {
    this.write('debug', message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.write('info', message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.write('warn', message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.write('error', message, fields);
  }
  child(fields: LogFields): Logger {
    return new BoundLogger(this.sink, this.threshold, { ...this.bound, ...fields });
  }

  private write(level: LogLevel, message: string, fields: LogFields | undefined): void {
    if (LOG_LEVELS.indexOf(level) < this.threshold) return;
    this.sink({ level, message, fields: fields ? { ...this.bound, ...fields } : this.bound });
  }
}

/**
 * One record as a person reads it: the message, `: <error message>` when there is an error, the
 * other fields as `(name=value, …)`, then one `caused by:` line per cause. Multi-line string fields
 * (a stack) follow, indented. A line with no fields is exactly its message.
 */
export function formatLogRecord(record: LogRecord): string {
  const { error, ...rest } = record.fields;
  let line = record.message;
  if (error !== undefined) line += `: ${errorMessage(error)}`;
  const pairs: string[] = [];
  const blocks: string[] = [];
  for (const [name, value] of Object.entries(rest)) {
    if (value === undefined) continue;
    if (typeof value === 'string' && value.includes('\n')) blocks.push(value.replace(/^/gm, '    '));
    else pairs.push(`${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  if (pairs.length) line += ` (${pairs.join(', ')})`;
  for (const cause of causeChain(error).slice(1)) line += `\n  caused by: ${errorMessage(cause)}`;
  for (const block of blocks) line += `\n${block}`;
  return line;
}

/** The human-readable logger the hosts give the core: one formatted record per `write` call. */
export function textLogger(write: (text: string) => void, options: { level?: LogLevel } = {}): Logger {
  return createLogger((record) => write(formatLogRecord(record)), options);
}

/**
 * The logger of a process that was given none: stderr, human-readable. Hosts create their own
 * root logger; this default only keeps a library user (a benchmark, a script) from losing lines.
 */
export const stderrLogger: Logger = textLogger((text) => process.stderr.write(`${text}\n`));

/** Keeps every record (tests: assert on what was logged instead of on stderr). */
export function collectingLogger(options: { level?: LogLevel } = {}): { logger: Logger; records: LogRecord[]; text(): string } {
  const records: LogRecord[] = [];
  return { logger: createLogger((record) => records.push(record), options), records, text: () => records.map(formatLogRecord).join('\n') };
}

/** Fields for an error that is a bug, not a user's mistake: its stack is written too. */
export function errorWithStack(error: unknown): LogFields {
  return { error, stack: error instanceof Error ? error.stack : undefined };
}

/** The thrown value, then its `cause`, its cause's cause, …; at most 10 deep (a cause may loop). */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let e = error; e !== undefined && chain.length < 10 && !chain.includes(e); e = e instanceof Error ? e.cause : undefined) chain.push(e);
  return chain;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
