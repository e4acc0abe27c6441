import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src-main/functions/line-splitter';

function split(chunks: string[], carriageReturnEndsLine: boolean, maxLine = 10): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter({ maxLine, carriageReturnEndsLine }, (l) => lines.push(l));
  for (const chunk of chunks) splitter.push(chunk);
  splitter.flush();
  return lines;
}

describe('LineSplitter', () => {
  it('joins a line written in many pieces and ends lines at \\n', () => {
    expect(split(['ab', 'c\nde', 'f\n', 'g'], false)).toEqual(['abc', 'def', 'g']);
  });

  it('ends terminal-style lines at \\r, \\n and \\r\\n, even a \\r\\n split across chunks', () => {
    expect(split(['10%\r20%\r', '\n30%\r\ndone\n'], true)).toEqual(['10%', '20%', '30%', 'done']);
    expect(split(['a\rb'], false, 100)).toEqual(['a\rb']);
  });

  it('cuts a line longer than maxLine into pieces of maxLine, so 60 MB without a newline never builds up', () => {
    const chunk = 'x'.repeat(65536);
    let count = 0;
    let longest = 0;
    const splitter = new LineSplitter({ maxLine: 65536, carriageReturnEndsLine: true }, (l) => {
      count += 1;
      longest = Math.max(longest, l.length);
    });
    for (let i = 0; i < 960; i++) splitter.push(chunk);
    expect(count).toBe(960);
    expect(longest).toBe(65536);
    expect(split(['abcdefghijklmnopqrstuvwxy'], false)).toEqual(['abcdefghij', 'klmnopqrst', 'uvwxy']);
  });
});
