/**
 * What the app shows for a function's Debug switch: where a debugger attaches, a DevTools address
 * and a VS Code attach configuration (js-debug's `websocketAddress`), built from the inspector URL.
 */
import type { FunctionDebugInfo } from '../../src-shared/contract';
import type { LocalFunction } from '../../src-shared/model';

export function functionDebugInfo(fn: LocalFunction, enabled: boolean, inspectorUrl: string | undefined): FunctionDebugInfo {
  const supported = fn.runtime === 'nodejs';
  if (!enabled || !supported || !inspectorUrl) return { enabled: enabled && supported, supported };
  const hostAndPath = inspectorUrl.replace(/^ws:\/\//, '');
  const launch = {
    type: 'node',
    request: 'attach',
    name: `APIG Workbench: ${fn.name}`,
    websocketAddress: inspectorUrl,
  };
  return {
    enabled,
    supported,
    inspectorUrl,
    devtoolsUrl: `devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=${hostAndPath}`,
    vscodeLaunch: JSON.stringify(launch, null, 2),
  };
}
