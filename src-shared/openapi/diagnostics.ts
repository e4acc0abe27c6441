/**
 * Problems found in a definition file. Every problem names where it is: a JSON pointer into the
 * document (RFC 6901) and, when the source text is known, the line and column it starts at.
 */

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  message: string;
  /** JSON pointer into the document, '' for the whole document. */
  pointer: string;
  /** 1-based; 0 when the position is unknown (e.g. an export not written yet). */
  line: number;
  column: number;
}

/** Finds the source position of a JSON pointer; falls back to the nearest existing ancestor. */
export interface PositionLocator {
  locate(pointer: string): { line: number; column: number };
}

export const NO_POSITIONS: PositionLocator = { locate: () => ({ line: 0, column: 0 }) };

/** Collects diagnostics, resolving positions as they are reported. */
export class DiagnosticSink {
  readonly items: Diagnostic[] = [];
  constructor(private locator: PositionLocator = NO_POSITIONS) {}

  error(pointer: string, message: string): void {
    this.add('error', pointer, message);
  }

  warning(pointer: string, message: string): void {
    this.add('warning', pointer, message);
  }

  add(severity: Severity, pointer: string, message: string): void {
    const { line, column } = this.locator.locate(pointer);
    this.items.push({ severity, message, pointer, line, column });
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** RFC 6901 escaping of one reference token. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function pointerOf(...tokens: (string | number)[]): string {
  return tokens.map((t) => '/' + escapePointerToken(String(t))).join('');
}

export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  return base + pointerOf(...tokens);
}

export function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `file:line:column: severity: message (pointer)`, the compiler-style line the CLI prints. */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  const where = d.line > 0 ? `${file}:${d.line}:${d.column}` : file;
  return `${where}: ${d.severity}: ${d.message} (${d.pointer === '' ? '/' : d.pointer})`;
}

/** Offsets to 1-based line/column, computed once per text. */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(private text: string) {}

  position(offset: number): { line: number; column: number } {
    const starts = (this.starts ??= lineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
