/**
 * The function editor's Debug switch in Chromium: switched on, the editor shows where a debugger
 * attaches (Node.js: inspector URL, DevTools address, VS Code attach configuration; Python:
 * debugpy's address and attach configuration with path mappings) and a client can attach there
 * (CDP; DAP, which stops a request at a breakpoint while the editor says the function is paused).
 */
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'undici';
import { hasChromium, CHROMIUM, useE2E, visiblePane } from './harness';
import { attachWithBreakpoints, dap, pythonWithDebugpy } from '../functions/dap-client';

if (!hasChromium) console.warn(`[e2e] skipped: no Chromium at ${CHROMIUM}.`);
const python = pythonWithDebugpy();
const inCi = Boolean(process.env.CI);
if (!python && !inCi) console.warn('[e2e] Python Debug switch skipped: no python3 can import debugpy (Debian: apt-get install python3-debugpy).');
// The workbench runs "python3" from PATH: put the one that has debugpy first (this test file's own process).
if (python?.includes('/')) process.env.PATH = `${dirname(python)}:${process.env.PATH}`;

describe.skipIf(!hasChromium)('function Debug switch (Chromium)', () => {
  const e2e = useE2E();

  it('shows where a debugger attaches to a Node.js function switched to debug, and a CDP client can attach there', async () => {
    const { page } = e2e();
    await page.getByTestId('function-item').filter({ hasText: 'hello_fn' }).click();
    const pane = visiblePane(page);
    // The switch follows the core: it shows on once the instance has opened its inspector.
    await pane.getByTestId('function-debug-switch').click();
    const url = (await pane.getByTestId('function-debug-url').textContent())!;
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\//);
    expect(await pane.getByTestId('function-debug-targets').textContent()).toContain('"websocketAddress"');
    await e2e().screenshot('31-function-debug');

    // A debugger attached at that URL sees the function's instance.
    const socket = new WebSocket(url);
    const enabled = new Promise<any>((resolve) => socket.addEventListener('message', (m) => resolve(JSON.parse(String(m.data)))));
    await new Promise((resolve) => socket.addEventListener('open', resolve));
    socket.send(JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression: '1 + 1' } }));
    expect((await enabled).result.result.value).toBe(2);
    socket.close();

    await pane.getByTestId('function-debug-switch').click();
    await expect.poll(() => pane.getByTestId('function-debug-targets').count()).toBe(0);
  });

  it.skipIf(!python && !inCi)('shows debugpy\'s address and a VS Code attach configuration for a Python function; a DAP client stops a request there and the editor says it is paused', async () => {
    const { page, gatewayUrl } = e2e();
    await page.getByTestId('function-item').filter({ hasText: 'python_auth' }).click();
    const pane = visiblePane(page);
    await pane.getByTestId('function-debug-switch').click();
    const address = (await pane.getByTestId('function-debug-address').textContent())!;
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    const codeFile = (await pane.getByTestId('function-debug-file').textContent())!;
    const launch = JSON.parse((await pane.getByTestId('function-debug-targets').locator('pre').textContent())!);
    expect(launch).toMatchObject({ type: 'debugpy', request: 'attach', connect: { host: '127.0.0.1', port: Number(address.split(':')[1]) } });
    expect(launch.pathMappings[0].localRoot).toBe(dirname(codeFile));
    await pane.getByTestId('function-debug').scrollIntoViewIfNeeded();
    await e2e().screenshot('32-function-debug-python');

    // A debugger attached at that address stops the sample's /guide request in python_auth.
    const client = await dap('127.0.0.1', Number(address.split(':')[1]));
    try {
      const [breakpoint] = await attachWithBreakpoints(client, codeFile, [7]);
      expect(breakpoint.verified).toBe(true);
      const response = fetch(`${gatewayUrl}/guide`, { headers: { test: 'abc' } });
      const stopped = await client.event('stopped');
      await expect.poll(() => pane.getByTestId('function-debug-paused').count()).toBe(1);
      await e2e().screenshot('33-function-debug-python-paused');
      // The Lab's cache panel: the workbench clock stands still while the function is paused.
      await page.getByTestId('open-lab').click();
      await expect.poll(() => visiblePane(page).getByTestId('lab-clock').textContent()).toContain('standing still: a function is paused at a breakpoint');
      await e2e().screenshot('34-lab-clock-paused');
      await page.getByRole('tab', { name: 'python_auth' }).click();
      await client.request('continue', { threadId: stopped.threadId });
      expect((await response).status).toBe(200);
      await expect.poll(() => pane.getByTestId('function-debug-paused').count()).toBe(0);
    } finally {
      await client.send('disconnect', { terminateDebuggee: false }).catch(() => undefined);
      client.close();
    }

    await pane.getByTestId('function-debug-switch').click();
    await expect.poll(() => pane.getByTestId('function-debug-targets').count()).toBe(0);
  });
});
