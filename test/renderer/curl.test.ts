import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CurlParseError, FORM_BOUNDARY, parseCurl, shellWords, toCurl, type CurlRequest } from '../../src-renderer/tester/curl';

describe('curl parser', () => {
  it('-F fields fill a multipart body; a file part is left out with a warning, the rest is filled', () => {
    const r = parseCurl(`curl http://h/upload -H 'X-Trace: 1' -F name=alice -F 'note=hello world' -F avatar=@me.png`);
    expect(r.method).toBe('POST');
    expect(r.headers).toEqual([
      ['X-Trace', '1'],
      ['Content-Type', `multipart/form-data; boundary=${FORM_BOUNDARY}`],
    ]);
    expect(r.body).toBe(
      `--${FORM_BOUNDARY}\r\nContent-Disposition: form-data; name="name"\r\n\r\nalice\r\n` +
        `--${FORM_BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello world\r\n` +
        `--${FORM_BOUNDARY}--\r\n`,
    );
    expect(r.warnings).toEqual(['-F avatar=@me.png: a file cannot be read from a paste; that part was left out, add it to the body by hand']);
    expect(parseCurl('curl http://h --form-string at=@literal').warnings).toBeUndefined();
    expect(() => parseCurl('curl http://h -F novalue')).toThrow(/-F "novalue" is not "name=value"/);
    expect(() => parseCurl('curl http://h -F a=1 -d b=2')).toThrow(/cannot be used together/);
  });


  it('reads method, URL, headers and body', () => {
    const r = parseCurl(`curl -X PUT 'http://127.0.0.1:8787/users/1?x=1' -H 'Authorization: Bearer letmein' -H "Content-Type: application/json" -d '{"a":1}'`);
    expect(r).toEqual({
      method: 'PUT',
      url: 'http://127.0.0.1:8787/users/1?x=1',
      headers: [
        ['Authorization', 'Bearer letmein'],
        ['Content-Type', 'application/json'],
      ],
      body: '{"a":1}',
    });
  });

  it('a body without -X makes a POST with a form content type, as curl does', () => {
    const r = parseCurl('curl http://h/x --data a=1 --data-raw b=2');
    expect(r.method).toBe('POST');
    expect(r.body).toBe('a=1&b=2');
    expect(r.headers).toContainEqual(['Content-Type', 'application/x-www-form-urlencoded']);
  });

  it('no body and no -X is a GET', () => {
    expect(parseCurl('curl http://h/x').method).toBe('GET');
  });

  it('accepts attached short options, --url, line continuations and ignorable flags', () => {
    const r = parseCurl("curl -sSk -L -XDELETE \\\n  -H'X-Stage: DEV' --compressed --url http://h/a");
    expect(r.method).toBe('DELETE');
    expect(r.url).toBe('http://h/a');
    expect(r.headers).toEqual([['X-Stage', 'DEV']]);
  });

  it('handles escapes inside double quotes and $\'…\' quoting', () => {
    expect(shellWords(`a "x \\"y\\" \\$z" $'l1\\nl2' b\\ c`)).toEqual(['a', 'x "y" $z', 'l1\nl2', 'b c']);
  });

  it('keeps a single quote inside a single-quoted body via the \'\\\'\' idiom', () => {
    expect(parseCurl(`curl http://h -d 'it'\\''s'`).body).toBe("it's");
  });

  it('names the problem on bad input', () => {
    expect(() => parseCurl('wget http://h')).toThrow(/starts with "curl"/);
    expect(() => parseCurl("curl 'http://h")).toThrow(/unterminated single quote/);
    expect(() => parseCurl('curl http://h -H')).toThrow(/-H needs a value/);
    expect(() => parseCurl('curl http://h -H nocolon')).toThrow(/not "Name: value"/);
    expect(() => parseCurl('curl -X POST')).toThrow(/no URL/);
    expect(() => parseCurl('curl http://h -d @body.json')).toThrow(/from a file is not supported/);
    expect(() => parseCurl('curl http://h --proxy p:1')).toThrow(CurlParseError);
  });

  it('copy as curl and paste back give the same request', () => {
    const word = fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.includes('\0'));
    const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/);
    const headerValue = fc.string({ maxLength: 20 }).map((s) => s.trim()).filter((s) => !/[\r\n]/.test(s));
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
        word.map((w) => `http://127.0.0.1:8787/${w}`),
        fc.array(fc.tuple(headerName, headerValue), { maxLength: 4 }),
        fc.option(word, { nil: undefined }),
        (method, url, headers, body) => {
          const req: CurlRequest = { method, url, headers: [...headers, ['Content-Type', 'text/plain']], body };
          const back = parseCurl(toCurl(req));
          expect(back.url).toBe(url);
          expect(back.headers).toEqual(req.headers);
          expect(back.body).toBe(body);
          expect(back.method).toBe(method);
        },
      ),
      { numRuns: 300 },
    );
  });
});
