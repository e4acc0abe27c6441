/**
 * Cloud access keys. Read from the environment variables the official SDKs read
 * (HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary keys) or
 * from a named profile of the SDKs' credentials file (~/.huaweicloud/credentials, INI sections with
 * ak / sk / security_token; HUAWEICLOUD_SDK_CREDENTIALS_FILE moves it). Keys live in memory for one
 * deploy only: never in the workspace, a trace, a log or an export (see maskAccessKey).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface CloudCredentials {
  ak: string;
  sk: string;
  securityToken?: string;
}

export class CredentialsError extends Error {}

type Env = Record<string, string | undefined>;

export function credentialsFile(env: Env = process.env): string {
  return env.HUAWEICLOUD_SDK_CREDENTIALS_FILE || join(homedir(), '.huaweicloud', 'credentials');
}

function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) {
      current = new Map();
      sections.set(section[1].trim(), current);
      continue;
    }
    const eq = line.indexOf('=');
    if (current && eq > 0) current.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  return sections;
}

/** Keys of `profile` in the credentials file, or from the environment when no profile is named. */
export function loadCredentials(options: { profile?: string; env?: Env } = {}): CloudCredentials {
  const env = options.env ?? process.env;
  if (options.profile) {
    const file = credentialsFile(env);
    if (!existsSync(file)) throw new CredentialsError(`profile '${options.profile}': the credentials file ${file} does not exist`);
    const section = parseIni(readFileSync(file, 'utf8')).get(options.profile);
    if (!section) throw new CredentialsError(`profile '${options.profile}' is not in ${file}`);
    const ak = section.get('ak');
    const sk = section.get('sk');
    if (!ak || !sk) throw new CredentialsError(`profile '${options.profile}' in ${file} needs both ak and sk`);
    return { ak, sk, securityToken: section.get('security_token') || undefined };
  }
  const ak = env.HUAWEICLOUD_SDK_AK;
  const sk = env.HUAWEICLOUD_SDK_SK;
  if (!ak || !sk) {
    throw new CredentialsError('no cloud keys: set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK (and HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary keys), or name a --profile');
  }
  return { ak, sk, securityToken: env.HUAWEICLOUD_SDK_SECURITY_TOKEN || undefined };
}

/** What may be shown of an access key: its first 4 characters. */
export function maskAccessKey(ak: string): string {
  return ak.length <= 4 ? '****' : `${ak.slice(0, 4)}****`;
}
