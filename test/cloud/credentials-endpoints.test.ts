/** Where deploy's keys and endpoints come from: the SDK environment variables, a profile file, the region table. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCredentials, maskAccessKey } from '../../src-main/cloud/credentials';
import { resolveEndpoints } from '../../src-main/cloud/endpoints';
import { tempDir } from '../definitions/helpers';

describe('cloud credentials', () => {
  it('reads HUAWEICLOUD_SDK_AK / _SK / _SECURITY_TOKEN, and names what is missing', () => {
    expect(loadCredentials({ env: { HUAWEICLOUD_SDK_AK: 'AK1', HUAWEICLOUD_SDK_SK: 'SK1', HUAWEICLOUD_SDK_SECURITY_TOKEN: 'T1' } })).toEqual({ ak: 'AK1', sk: 'SK1', securityToken: 'T1' });
    expect(loadCredentials({ env: { HUAWEICLOUD_SDK_AK: 'AK1', HUAWEICLOUD_SDK_SK: 'SK1' } })).toEqual({ ak: 'AK1', sk: 'SK1', securityToken: undefined });
    expect(() => loadCredentials({ env: { HUAWEICLOUD_SDK_AK: 'AK1' } })).toThrow(/set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK/);
  });

  it('reads a named profile from the credentials file (HUAWEICLOUD_SDK_CREDENTIALS_FILE moves it)', () => {
    const file = path.join(tempDir(), 'credentials');
    fs.writeFileSync(file, '# keys\n[default]\nak = DEFAULTAK\nsk = DEFAULTSK\n\n[ci]\nak=CIAK\nsk=CISK\nsecurity_token = CITOKEN\n[broken]\nak = ONLYAK\n');
    const env = { HUAWEICLOUD_SDK_CREDENTIALS_FILE: file };
    expect(loadCredentials({ profile: 'ci', env })).toEqual({ ak: 'CIAK', sk: 'CISK', securityToken: 'CITOKEN' });
    expect(loadCredentials({ profile: 'default', env })).toEqual({ ak: 'DEFAULTAK', sk: 'DEFAULTSK', securityToken: undefined });
    expect(() => loadCredentials({ profile: 'nope', env })).toThrow(`profile 'nope' is not in ${file}`);
    expect(() => loadCredentials({ profile: 'broken', env })).toThrow('needs both ak and sk');
    expect(() => loadCredentials({ profile: 'ci', env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: file + '.missing' } })).toThrow('does not exist');
  });

  it('shows no more of an access key than its first four characters', () => {
    expect(maskAccessKey('HPUAEXAMPLEAK0000001')).toBe('HPUA****');
    expect(maskAccessKey('abc')).toBe('****');
  });
});

describe('endpoints', () => {
  it('come from the region table, with overrides for APIG and FunctionGraph', () => {
    expect(resolveEndpoints({ region: 'ap-southeast-3' })).toEqual({ apig: 'https://apig.ap-southeast-3.myhuaweicloud.com', functionGraph: 'https://functiongraph.ap-southeast-3.myhuaweicloud.com' });
    expect(resolveEndpoints({ region: 'eu-west-101', endpoint: 'https://apig.private.example:8443/' })).toEqual({ apig: 'https://apig.private.example:8443', functionGraph: 'https://functiongraph.eu-west-101.myhuaweicloud.com' });
    expect(resolveEndpoints({ endpoint: 'https://apig.eu-de.otc.t-systems.com', functionGraphEndpoint: 'https://functiongraph.eu-de.otc.t-systems.com' }).functionGraph).toBe('https://functiongraph.eu-de.otc.t-systems.com');
  });

  it('refuse what cannot be resolved, saying what to give instead', () => {
    expect(() => resolveEndpoints({ region: 'eu-de' })).toThrow(/unknown region 'eu-de'.*give --endpoint and --functiongraph-endpoint/);
    expect(() => resolveEndpoints({})).toThrow('give --region or --endpoint');
    expect(() => resolveEndpoints({ endpoint: 'https://apig.example.com' })).toThrow('give --functiongraph-endpoint too');
    expect(() => resolveEndpoints({ endpoint: 'apig.example.com', functionGraphEndpoint: 'https://f.example.com' })).toThrow("is not a URL");
    expect(() => resolveEndpoints({ endpoint: 'https://apig.example.com/v2', functionGraphEndpoint: 'https://f.example.com' })).toThrow('must be an origin');
  });
});
