/** Pipeline stage 4: the API's protocol (HTTP, HTTPS or both). */
import { addStage, type Exchange } from '../exchange';

const accepts = (protocol: string) => `API accepts ${protocol}`;

/**
 * The local gateway speaks plain HTTP only. [U]/choice: an HTTPS-only API is served anyway and
 * the trace says that APIG would answer APIG.0607 to a plain-HTTP call.
 */
export function protocolStage(exchange: Exchange): void {
  const started = performance.now();
  const api = exchange.api!;
  if (api.protocol === 'HTTPS') {
    exchange.fidelityNotes.push('This API accepts HTTPS only: APIG answers APIG.0607 to plain HTTP. The local gateway serves it over HTTP.');
    addStage(exchange, 'protocol', 'ok', 'HTTPS-only API served over local HTTP (APIG would require HTTPS)', started);
  } else addStage(exchange, 'protocol', 'skip', accepts, started, undefined, api.protocol);
}
