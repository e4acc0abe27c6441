/**
 * The function editor's Debug switch in Chromium: switched on, the editor shows where a debugger
 * attaches (inspector URL, DevTools address, VS Code attach configuration) and a CDP client can
 * attach there (breakpoints holding requests: test/functions/debugger.test.ts); Python functions
 * say they are not debuggable yet.
 */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'undici';
import { hasChromium, CHROMIUM, useE2E, visiblePane } from './harness';

if (!hasChromium) console.warn(`[e2e] skipped: no Chromium at ${CHROMIUM}.`);

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

  it('a Python function says it cannot be debugged here yet', async () => {
    const { page } = e2e();
    await page.getByTestId('function-item').filter({ hasText: 'python_auth' }).click();
    await expect.poll(() => visiblePane(page).getByTestId('function-debug').textContent()).toContain('Python functions are not debuggable here yet');
  });
});
