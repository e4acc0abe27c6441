/**
 * Where the management APIs of a region live. APIG: `https://apig.{region}.myhuaweicloud.com`,
 * FunctionGraph: `https://functiongraph.{region}.myhuaweicloud.com` (the region tables of the
 * official SDKs, huaweicloud-sdk-*: ApigRegion / FunctionGraphRegion). Sister clouds and private
 * endpoints use other hosts: `--endpoint` / `--functiongraph-endpoint` override the table.
 */
import { KNOWN_REGIONS } from '../../src-shared/deploy';

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
