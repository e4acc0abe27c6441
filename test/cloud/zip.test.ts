/** The code packages deploy uploads, read back by a real ZIP reader (python3's zipfile). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, zip } from '../../src-main/cloud/zip';
import { tempDir } from '../definitions/helpers';

const READ = `
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
bad = z.testzip()
print(json.dumps({"bad": bad, "files": {n: z.read(n).decode("utf-8") for n in z.namelist()}}))
`;

describe('zip (stored entries) for FunctionGraph code packages', () => {
  it('CRC-32 matches the standard check value', () => {
    expect(crc32(Buffer.from('123456789')).toString(16)).toBe('cbf43926');
  });

  it('python3 zipfile reads every entry back intact, including nested paths and UTF-8 names', () => {
    const file = path.join(tempDir(), 'code.zip');
    const entries = [
      { path: 'index.js', data: Buffer.from('exports.handler = async () => "ok";\n') },
      { path: 'lib/util.js', data: Buffer.from('module.exports = "ü";\n') },
      { path: 'données/empty.txt', data: Buffer.alloc(0) },
    ];
    fs.writeFileSync(file, zip(entries));
    const out = JSON.parse(execFileSync('python3', ['-c', READ, file], { encoding: 'utf8' }));
    expect(out).toEqual({ bad: null, files: { 'index.js': 'exports.handler = async () => "ok";\n', 'lib/util.js': 'module.exports = "ü";\n', 'données/empty.txt': '' } });
  });

  it('the same entries make the same bytes', () => {
    const entries = [{ path: 'a.py', data: Buffer.from('x = 1\n') }];
    expect(zip(entries).equals(zip(entries))).toBe(true);
  });
});
