/**
 * An independent SDK-HMAC-SHA256 implementation in python3 (hashlib/hmac, urllib.parse), written
 * from runtime.md §4.2, so tests never only compare the TypeScript signer with itself.
 */
import { execFileSync } from 'node:child_process';

const SCRIPT = String.raw`
import hashlib, hmac, json, sys
from urllib.parse import quote, unquote, unquote_plus

req = json.load(sys.stdin)

def enc(s):
    return quote(s, safe='-_.~')

def canonical_uri(path):
    uri = '/'.join(enc(seg) for seg in unquote(path).split('/'))
    return uri if uri.endswith('/') else uri + '/'

def canonical_query(raw):
    pairs = []
    for part in raw.split('&'):
        if not part:
            continue
        name, _, value = part.partition('=')
        pairs.append((enc(unquote_plus(name)), enc(unquote_plus(value))))
    return '&'.join(n + '=' + v for n, v in sorted(pairs))

headers = {k.lower(): v for k, v in req['headers'].items()}
signed = sorted(headers) if req.get('signedHeaders') is None else req['signedHeaders']
body = req.get('body', '').encode('utf-8')
payload = headers.get('x-sdk-content-sha256') or hashlib.sha256(body).hexdigest()
canonical = '\n'.join([
    req['method'].upper(),
    canonical_uri(req['path']),
    canonical_query(req.get('query', '')),
    ''.join(h + ':' + headers.get(h, '').strip() + '\n' for h in signed),
    ';'.join(signed),
    payload,
])
to_sign = 'SDK-HMAC-SHA256\n' + headers['x-sdk-date'] + '\n' + hashlib.sha256(canonical.encode('utf-8')).hexdigest()
sig = hmac.new(req['secret'].encode('utf-8'), to_sign.encode('utf-8'), hashlib.sha256).hexdigest()
json.dump({
    'bodySha256': hashlib.sha256(body).hexdigest(),
    'canonicalRequest': canonical,
    'stringToSign': to_sign,
    'signature': sig,
    'authorization': 'SDK-HMAC-SHA256 Access=%s, SignedHeaders=%s, Signature=%s' % (req['key'], ';'.join(signed), sig),
}, sys.stdout)
`;

export interface PythonSignInput {
  method: string;
  /** As sent, percent-encoded or not. */
  path: string;
  /** Raw query string without '?'. */
  query?: string;
  /** Must include host and x-sdk-date. */
  headers: Record<string, string>;
  body?: string;
  key: string;
  secret: string;
  /** Default: every header, lower-cased and sorted. */
  signedHeaders?: string[];
}

export interface PythonSignature {
  bodySha256: string;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  authorization: string;
}

export function pythonSign(input: PythonSignInput): PythonSignature {
  const out = execFileSync('python3', ['-c', SCRIPT], { input: JSON.stringify(input), encoding: 'utf8' });
  return JSON.parse(out) as PythonSignature;
}
