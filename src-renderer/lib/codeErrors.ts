/**
 * Where in the function's code a failed run points, read from the runtime's message: Python names
 * the line of a SyntaxError ("SyntaxError: expected ':' (index.py, line 3)"). The authorizer editor
 * marks that line in Monaco and offers to jump to it.
 */
export interface CodeErrorLocation {
  line: number;
  column: number;
  message: string;
}

const PYTHON_LOCATION = /((?:SyntaxError|IndentationError|TabError)[^()]*)\([^()]*?\.py, line (\d+)\)/;

export function codeErrorLocation(reason: string | undefined): CodeErrorLocation | undefined {
  const match = reason ? PYTHON_LOCATION.exec(reason) : null;
  if (!match) return undefined;
  return { line: Number(match[2]), column: 1, message: match[1].trim() };
}
