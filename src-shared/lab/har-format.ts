/**
 * The HAR 1.2 shapes the workbench writes (http://www.softwareishard.com/blog/har-12-spec/), with its own
 * `_apigWorkbench` field. Types only, so the contract can name them without importing the exporter.
 */
export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    queryString: HarNameValue[];
    postData?: { mimeType: string; text: string };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: HarNameValue[];
    headers: HarNameValue[];
    content: { size: number; mimeType: string; text?: string; comment?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment?: string;
  /** Custom field (HAR allows `_`-prefixed ones): what the gateway decided. */
  _apigWorkbench: {
    requestId: string;
    apiName?: string;
    env?: string;
    errorType?: string;
    errorCode?: string;
    authorizers: { name: string; decision: string; cacheHit: boolean; identityOverride?: boolean }[];
  };
}

export interface Har {
  log: { version: '1.2'; creator: { name: string; version: string }; entries: HarEntry[] };
}

export type HarExport = { ok: true; har: Har } | { ok: false; problem: string };
