/**
 * Where the management APIs of a region live. APIG: `https://apig.{region}.myhuaweicloud.com`,
 * FunctionGraph: `https://functiongraph.{region}.myhuaweicloud.com` (the region tables of the
 * official SDKs, huaweicloud-sdk-*: ApigRegion / FunctionGraphRegion). Sister clouds and private
 * endpoints use other hosts: `--endpoint` / `--functiongraph-endpoint` override the table.
 */

/** Regions of Huawei Cloud with APIG and FunctionGraph (SDK region tables, 3.1.x). */
export const KNOWN_REGIONS: readonly string[] = [
  'af-north-1', 'af-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5',
  'cn-east-2', 'cn-east-3', 'cn-east-4', 'cn-east-5', 'cn-north-1', 'cn-north-2', 'cn-north-4', 'cn-north-9',
  'cn-south-1', 'cn-south-2', 'cn-south-4', 'cn-southwest-2', 'eu-west-0', 'eu-west-101',
  'la-north-2', 'la-south-2', 'me-east-1', 'my-kualalumpur-1', 'ru-moscow-1', 'sa-brazil-1', 'tr-west-1',
];

export interface Endpoints {
  apig: string;
  functionGraph: string;
}

export class EndpointError extends Error {}

function normalise(url: string, flag: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new EndpointError(`${flag} '${url}' is not a URL (e.g. https://apig.example.com)`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new EndpointError(`${flag} '${url}' must be http(s)`);
  if (parsed.pathname !== '/' || parsed.search) throw new EndpointError(`${flag} '${url}' must be an origin, without path or query`);
  return parsed.origin;
}

/**
 * The endpoints for a deploy: from the region table, with overrides. With an APIG endpoint and no
 * region, FunctionGraph needs its own endpoint (there is no way to derive it).
 */
export function resolveEndpoints(options: { region?: string; endpoint?: string; functionGraphEndpoint?: string }): Endpoints {
  const { region } = options;
  if (region !== undefined && !KNOWN_REGIONS.includes(region)) {
    throw new EndpointError(`unknown region '${region}' (known: ${KNOWN_REGIONS.join(', ')}); for another cloud give --endpoint and --functiongraph-endpoint`);
  }
  const apig = options.endpoint ? normalise(options.endpoint, '--endpoint') : region ? `https://apig.${region}.myhuaweicloud.com` : undefined;
  if (!apig) throw new EndpointError('give --region or --endpoint');
  const functionGraph = options.functionGraphEndpoint
    ? normalise(options.functionGraphEndpoint, '--functiongraph-endpoint')
    : region
      ? `https://functiongraph.${region}.myhuaweicloud.com`
      : undefined;
  if (!functionGraph) throw new EndpointError('with --endpoint and no --region, give --functiongraph-endpoint too');
  return { apig, functionGraph };
}
