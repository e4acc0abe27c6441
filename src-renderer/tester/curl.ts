/**
 * curl commands in and out of the request tester: "Copy as curl", and pasting a curl command
 * (as copied from a browser, a README or the tester itself) to fill the form.
 *
 * Understands what such commands use: -X/--request, -H/--header, -d/--data/--data-raw/--data-binary/
 * --data-ascii (repeated ones joined with &), --url, -I/--head, POSIX quoting ('…', "…", \x,
 * line continuations). Options that only change curl's own behaviour (-s, -v, -k, -L, -i,
 * --compressed, …) are accepted and ignored; anything we would misread is an error naming it.
 */

export interface CurlRequest {
  method: string;
  url: string;
  headers: [string, string][];
  body?: string;
  /** What the paste could not carry over (a -F file part), said to the user; the rest is filled. */
  warnings?: string[];
}

/** Fixed, so the same paste gives the same body (and a readable one in the form). */
export const FORM_BOUNDARY = '----ApigWorkbenchFormBoundary';

export class CurlParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CurlParseError';
  }
}

/** Splits a shell command line into words the way a POSIX shell would (no expansion). */
export function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const n = command.length;
  while (i < n) {
    const c = command[i];
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw new CurlParseError(`unterminated single quote starting at character ${i + 1}`);
      word += command.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const d = command[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        // Inside double quotes a backslash escapes only these; elsewhere it is literal.
        if (d === '\\' && i + 1 < n && '"\\$`\n'.includes(command[i + 1])) {
          if (command[i + 1] !== '\n') word += command[i + 1];
          i += 2;
          continue;
        }
        word += d;
        i++;
      }
      if (!closed) throw new CurlParseError('unterminated double quote');
      inWord = true;
    } else if (c === '$' && command[i + 1] === "'") {
      // $'…' (bash ANSI-C quoting), which browsers' "Copy as cURL (bash)" produces.
      i += 2;
      let closed = false;
      while (i < n) {
        const d = command[i];
        if (d === "'") {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < n) {
          const e = command[i + 1];
          word += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          i += 2;
          continue;
        }
        word += d;
        i++;
      }
      if (!closed) throw new CurlParseError("unterminated $'…' quote");
      inWord = true;
    } else if (c === '\\') {
      if (command[i + 1] === '\n') i += 2; // line continuation
      else if (command[i + 1] === '\r' && command[i + 2] === '\n') i += 3;
      else {
        if (i + 1 < n) word += command[i + 1];
        inWord = true;
        i += 2;
      }
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

const DATA_OPTIONS = new Set(['-d', '--data', '--data-raw', '--data-binary', '--data-ascii']);
/** Options that take a value but do not change the request the tester sends. */
const IGNORED_WITH_VALUE = new Set(['-o', '--output', '-m', '--max-time', '--connect-timeout', '-w', '--write-out', '--retry', '-e', '--referer', '-c', '--cookie-jar', '--resolve', '--cacert', '--cert', '--key']);
const IGNORED_FLAGS = new Set(['-s', '--silent', '-S', '--show-error', '-v', '--verbose', '-k', '--insecure', '-L', '--location', '-i', '--include', '--compressed', '-f', '--fail', '-N', '--no-buffer', '-g', '--globoff', '--http1.1', '--http2', '-#', '--progress-bar']);

export function parseCurl(command: string): CurlRequest {
  const words = shellWords(command.trim());
  if (words.length === 0 || words[0] !== 'curl') throw new CurlParseError('a curl command starts with "curl"');
  let method: string | undefined;
  let url: string | undefined;
  let head = false;
  const headers: [string, string][] = [];
  const data: string[] = [];
  const formParts: [string, string][] = [];
  const warnings: string[] = [];

  const valueOf = (i: number, option: string): string => {
    if (i + 1 >= words.length) throw new CurlParseError(`option ${option} needs a value`);
    return words[i + 1];
  };
  const addHeader = (raw: string) => {
    const colon = raw.indexOf(':');
    if (colon <= 0) throw new CurlParseError(`header "${raw}" is not "Name: value"`);
    headers.push([raw.slice(0, colon).trim(), raw.slice(colon + 1).trim()]);
  };
  const addData = (value: string, option: string) => {
    if (value.startsWith('@') && option !== '--data-raw') throw new CurlParseError(`${option} ${value}: reading the body from a file is not supported; paste the body instead`);
    data.push(value);
  };

  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w === '-X' || w === '--request') {
      method = valueOf(i, w).toUpperCase();
      i++;
    } else if (w.startsWith('-X') && w.length > 2 && !w.startsWith('--')) {
      method = w.slice(2).toUpperCase();
    } else if (w === '-H' || w === '--header') {
      addHeader(valueOf(i, w));
      i++;
    } else if (w.startsWith('-H') && w.length > 2 && !w.startsWith('--')) {
      addHeader(w.slice(2));
    } else if (DATA_OPTIONS.has(w)) {
      addData(valueOf(i, w), w);
      i++;
    } else if (w.startsWith('-d') && w.length > 2 && !w.startsWith('--')) {
      addData(w.slice(2), '-d');
    } else if (w === '-F' || w === '--form' || w === '--form-string') {
      const part = valueOf(i, w);
      i++;
      const eq = part.indexOf('=');
      if (eq <= 0) throw new CurlParseError(`${w} "${part}" is not "name=value"`);
      const name = part.slice(0, eq);
      const value = part.slice(eq + 1);
      if (w !== '--form-string' && (value.startsWith('@') || value.startsWith('<'))) warnings.push(`${w} ${name}=${value}: a file cannot be read from a paste; that part was left out, add it to the body by hand`);
      else formParts.push([name, value]);
    } else if (w === '--url') {
      url = valueOf(i, w);
      i++;
    } else if (w === '-I' || w === '--head') {
      head = true;
    } else if (w === '-A' || w === '--user-agent') {
      headers.push(['User-Agent', valueOf(i, w)]);
      i++;
    } else if (w === '-b' || w === '--cookie') {
      headers.push(['Cookie', valueOf(i, w)]);
      i++;
    } else if (w === '-u' || w === '--user') {
      headers.push(['Authorization', `Basic ${btoa(valueOf(i, w))}`]);
      i++;
    } else if (IGNORED_WITH_VALUE.has(w)) {
      i++;
    } else if (IGNORED_FLAGS.has(w) || /^-[sSvkLifNg]+$/.test(w)) {
      // Also clusters such as -sSkL: each letter is an ignorable flag.
      continue;
    } else if (w.startsWith('-') && w.length > 1) {
      throw new CurlParseError(`option ${w} is not supported by the paste parser`);
    } else {
      if (url !== undefined) throw new CurlParseError(`more than one URL ("${url}" and "${w}")`);
      url = w;
    }
  }
  if (url === undefined) throw new CurlParseError('no URL in the command');
  if (formParts.length && data.length) throw new CurlParseError('-F and -d cannot be used together (curl refuses them too)');
  const multipart = formParts.length > 0 || warnings.length > 0;
  if (multipart && !headers.some(([k]) => k.toLowerCase() === 'content-type')) headers.push(['Content-Type', `multipart/form-data; boundary=${FORM_BOUNDARY}`]);
  const body = multipart ? multipartBody(formParts) : data.length ? data.join('&') : undefined;
  // curl's own defaults: -d without -X posts; -I sends HEAD.
  const finalMethod = method ?? (head ? 'HEAD' : body !== undefined ? 'POST' : 'GET');
  if (body !== undefined && !headers.some(([k]) => k.toLowerCase() === 'content-type')) {
    headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
  }
  return warnings.length ? { method: finalMethod, url, headers, body, warnings } : { method: finalMethod, url, headers, body };
}

function multipartBody(parts: [string, string][]): string {
  const lines = parts.map(([name, value]) => `--${FORM_BOUNDARY}\r\nContent-Disposition: form-data; name="${name.replace(/"/g, '%22')}"\r\n\r\n${value}\r\n`);
  return `${lines.join('')}--${FORM_BOUNDARY}--\r\n`;
}

/** Single-quotes a word for a POSIX shell ('\'' closes, escapes and reopens). */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export function toCurl(req: CurlRequest): string {
  const parts = ['curl'];
  const body = req.body ?? '';
  const hasBody = body !== '';
  // curl implies GET without a body and POST with one; say -X only when the method differs.
  if (req.method !== (hasBody ? 'POST' : 'GET')) parts.push('-X', req.method);
  parts.push(shellQuote(req.url));
  for (const [k, v] of req.headers) parts.push('-H', shellQuote(`${k}: ${v}`));
  if (hasBody) parts.push('--data-raw', shellQuote(body));
  return parts.join(' ');
}
