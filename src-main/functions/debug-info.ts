/**
 * What the app shows for a function's Debug switch: where a debugger attaches and a VS Code
 * launch.json attach configuration. Node.js: the inspector's `ws://` URL, a DevTools address and
 * js-debug's `websocketAddress`. Python: debugpy's host and port (Debug Adapter Protocol) and
 * debugpy's `connect` with path mappings for the folder the runner loads the code from.
 */
import { dirname } from 'node:path';
import type { FunctionDebugInfo } from '../../src-shared/contract';
import type { LocalFunction } from '../../src-shared/model';
import type { InstanceInfo } from './invocation';

export function functionDebugInfo(fn: LocalFunction, enabled: boolean, instance: InstanceInfo | undefined): FunctionDebugInfo {
  const supported = fn.runtime === 'nodejs' || fn.runtime === 'python';
  const base: FunctionDebugInfo = { enabled: enabled && supported, supported };
  if (!base.enabled || !instance) return base;
  if (instance.debugProblem) base.problem = instance.debugProblem;
  if (instance.paused) base.paused = true;
  const url = instance.inspectorUrl;
  if (!url) return base;
  const name = `APIG Workbench: ${fn.name}`;
  if (fn.runtime === 'python') {
    const { hostname: host, port } = new URL(url);
    const root = instance.codeFile ? dirname(instance.codeFile) : undefined;
    const launch = {
      name,
      // "debugpy" is the Python Debugger extension's type; older Python extensions call it "python".
      type: 'debugpy',
      request: 'attach',
      connect: { host, port: Number(port) },
      // The runner loads the code from this folder on this machine: the same path on both sides.
      ...(root && { pathMappings: [{ localRoot: root, remoteRoot: root }] }),
      justMyCode: true,
    };
    return { ...base, inspectorUrl: url, debugpy: { host, port: Number(port), codeFile: instance.codeFile }, vscodeLaunch: JSON.stringify(launch, null, 2) };
  }
  const hostAndPath = url.replace(/^ws:\/\//, '');
  const launch = { type: 'node', request: 'attach', name, websocketAddress: url };
  return {
    ...base,
    inspectorUrl: url,
    devtoolsUrl: `devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=${hostAndPath}`,
    vscodeLaunch: JSON.stringify(launch, null, 2),
  };
}
