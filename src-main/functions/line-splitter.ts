/**
 * Splits a stream of text chunks into lines in time proportional to the text, whatever its shape.
 * A partial line is kept as pieces and joined once it ends, so output written without newlines
 * (os.write to fd 1/2, a progress bar redrawn with \r) is never re-scanned or re-copied per chunk,
 * and a line longer than `maxLine` characters is cut there so the partial line stays bounded.
 */
export interface LineSplitterOptions {
  /** Longest line kept whole; longer ones are handed over in pieces of this size. */
  maxLine: number;
  /** Also end a line at a lone \r (terminal-style output); \r\n is one line end either way. */
  carriageReturnEndsLine: boolean;
}

export class LineSplitter {
  private pieces: string[] = [];
  private pendingLength = 0;
  private afterCarriageReturn = false;
  private readonly lineBreak: RegExp;

  constructor(
    private readonly options: LineSplitterOptions,
    private readonly onLine: (line: string) => void,
  ) {
    this.lineBreak = options.carriageReturnEndsLine ? /\r\n|\r|\n/ : /\n/;
  }

  push(chunk: string): void {
    if (chunk.length === 0) return;
    // The \n of a \r\n split across two chunks ends nothing new.
    if (this.afterCarriageReturn && chunk[0] === '\n') chunk = chunk.slice(1);
    this.afterCarriageReturn = this.options.carriageReturnEndsLine && chunk.endsWith('\r');
    const parts = chunk.split(this.lineBreak);
    for (let i = 0; i < parts.length; i++) {
      if (i > 0) this.endLine();
      this.add(parts[i]);
    }
  }

  /** Hands over what is left of an unfinished line. */
  flush(): void {
    if (this.pendingLength > 0) this.endLine();
  }

  private add(text: string): void {
    let rest = text;
    while (rest.length > 0) {
      const room = this.options.maxLine - this.pendingLength;
      const piece = rest.length > room ? rest.slice(0, room) : rest;
      this.pieces.push(piece);
      this.pendingLength += piece.length;
      rest = rest.slice(piece.length);
      if (this.pendingLength >= this.options.maxLine) this.endLine();
    }
  }

  private endLine(): void {
    const line = this.pieces.length === 1 ? this.pieces[0] : this.pieces.join('');
    this.pieces = [];
    this.pendingLength = 0;
    this.onLine(line);
  }
}
