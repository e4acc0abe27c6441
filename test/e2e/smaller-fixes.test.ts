/**
 * The smaller fixes of issue 14 (item 8), in a real Chromium against the real browser host and
 * gateway: Flush cache says what it did; the "Copied" note can be dismissed (and goes by itself);
 * curl with -F fills the form except the file part, which is named; a bad curl pasted in the URL box
 * says why; the paste placeholder has the real port; the live log filters; a trace tab shows the
 * response body and replays the request in the tester; field labels focus their inputs; the URN
 * field names its function; no /favicon.ico 404. Each test opens what it needs itself.
 */
import type { Response } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, useE2E, visiblePane } from './harness';
import { screenshotEverywhere } from './screens';


describe.skipIf(!hasChromium)('smaller fixes (Chromium)', () => {
  const e2e = useE2E();

  it('loads without a /favicon.ico 404', async () => {
    const { page } = e2e();
    // Every request of one page load (and only those: other tests' requests are not this test's).
    const notFound: string[] = [];
    const onResponse = (r: Response) => void (r.status() === 404 && notFound.push(new URL(r.url()).pathname));
    page.on('response', onResponse);
    try {
      await page.reload();
      await page.getByTestId('api-item').first().waitFor();
    } finally {
      page.off('response', onResponse);
    }
    expect(notFound).toEqual([]);
  });

  it('the tester: real port in the paste placeholder, curl -F filled but for the file part, a bad paste in the URL box explained, Copied dismissed', async () => {
    const { page, gatewayUrl } = e2e();
    await page.getByTestId('open-tester').click();
    const tester = visiblePane(page).getByTestId('tester');
    await tester.getByTestId('paste-curl').click();
    expect(await tester.getByTestId('curl-input').getAttribute('placeholder')).toContain(`'${gatewayUrl}/path'`);
    await tester.getByTestId('curl-input').fill(`curl ${gatewayUrl}/hello -F greeting=hi -F photo=@me.png`);
    await tester.getByTestId('apply-curl').click();
    expect(await tester.getByTestId('tester-method').inputValue()).toBe('POST');
    expect(await tester.getByTestId('curl-warnings').textContent()).toContain('-F photo=@me.png: a file cannot be read from a paste');

    // A curl command the parser cannot read, pasted into the URL box: the curl panel opens with why.
    await tester.getByTestId('tester-url').click();
    await page.evaluate(() => navigator.clipboard.writeText("curl 'http://unterminated"));
    await page.keyboard.press('ControlOrMeta+V');
    expect(await tester.getByTestId('curl-input').inputValue()).toBe("curl 'http://unterminated");
    expect(await tester.locator('.field-error').first().textContent()).toContain('unterminated single quote');

    await tester.getByTestId('copy-curl').click();
    await tester.getByTestId('copied-note').waitFor();
    await tester.getByTestId('dismiss-copied').click();
    await tester.getByTestId('copied-note').waitFor({ state: 'detached' });
  });

  it('the tester: a pasted curl method it cannot send shows in the method box, and Send says why instead of calling the core', async () => {
    const { page, gatewayUrl } = e2e();
    await page.getByTestId('open-tester').click();
    const tester = visiblePane(page).getByTestId('tester');
    // The paste button toggles the curl box: open it unless an earlier test left it open.
    if (!(await tester.getByTestId('curl-input').isVisible())) await tester.getByTestId('paste-curl').click();
    await tester.getByTestId('curl-input').fill(`curl -X PROPFIND ${gatewayUrl}/hello`);
    await tester.getByTestId('apply-curl').click();
    expect(await tester.getByTestId('tester-method').inputValue()).toBe('PROPFIND');
    await tester.getByTestId('send').click();
    await expect.poll(() => tester.getByRole('alert').textContent()).toBe('the tester sends GET, POST, PUT, DELETE, HEAD, PATCH, OPTIONS: choose one of them instead of PROPFIND');
    await screenshotEverywhere(e2e(), '11-tester-unsendable-method', tester.getByTestId('tester-method'));
    await tester.getByTestId('tester-method').selectOption('GET');
    await tester.getByTestId('send').click();
    await expect.poll(() => tester.getByRole('alert').count()).toBe(0);
  });

  it('Flush cache says what it flushed', async () => {
    const { page } = e2e();
    await page.getByTestId('open-tester').click();
    const tester = visiblePane(page).getByTestId('tester');
    // Picking the API resets the form (whatever another test left in it).
    const value = await tester.getByTestId('pick-api').locator('option', { hasText: 'get_profile' }).getAttribute('value');
    await tester.getByTestId('pick-api').selectOption(value!);
    const headers = tester.getByTestId('tester-headers');
    await expect.poll(() => headers.getByLabel('Header 1').inputValue()).toBe('Authorization');
    await headers.getByLabel('Value 1').fill('Bearer alice-token');
    await tester.getByTestId('send').click();
    const trace = tester.getByTestId('tester-trace');
    await expect.poll(() => trace.getByTestId('headline-cache').textContent(), { timeout: 15_000 }).toMatch(/^cache (hit|miss)/);
    await trace.getByTestId('flush-cache').click();
    await expect.poll(() => trace.getByTestId('flush-result').textContent()).toBe('Flushed 1 cached result: the next request runs the function.');
    await trace.getByTestId('flush-cache').click();
    await expect.poll(() => trace.getByTestId('flush-result').textContent()).toBe('Nothing cached: the cache was already empty.');
  });

  it('the live log filters, and a trace tab shows the response body and replays the request in the tester', async () => {
    const { page, gatewayUrl } = e2e();
    expect((await fetch(`${gatewayUrl}/status?from=curl`, { headers: { 'X-Custom': 'replayed' } })).status).toBe(200);
    expect((await fetch(`${gatewayUrl}/guide`, { headers: { test: 'nope' } })).status).toBe(401);
    await page.getByTestId('open-gateway').click();
    const panel = visiblePane(page).getByTestId('gateway-panel');
    await panel.getByTestId('log-filter').fill('deny guide');
    await expect.poll(() => panel.getByTestId('log-row').count()).toBe(1);
    expect(await panel.getByTestId('log-row').textContent()).toContain('AUTHORIZER_FAILURE');
    await panel.getByTestId('log-filter').fill('service_status');
    await expect.poll(() => panel.getByTestId('log-row').count()).toBe(1);
    await screenshotEverywhere(e2e(), '14-8-live-log-filter', panel.getByTestId('live-log'));
    await panel.getByTestId('log-row').click();

    const screen = visiblePane(page).getByTestId('trace-screen');
    expect(await screen.getByTestId('trace-response-body').textContent()).toContain('"status": "ok"');
    await screenshotEverywhere(e2e(), '14-8-trace-response-body', screen.getByTestId('trace-response'));
    await screen.getByTestId('replay-in-tester').click();
    const tester = visiblePane(page).getByTestId('tester');
    expect(await tester.getByTestId('tester-url').inputValue()).toBe('/status');
    const headers = tester.getByTestId('tester-headers');
    const names = await headers.locator('input[aria-label^="Header "]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    expect(names).toContain('x-custom');
    expect(names).not.toContain('host');
    await tester.getByTestId('send').click();
    await expect.poll(() => tester.getByTestId('response-status').textContent(), { timeout: 15_000 }).toBe('200');
  });

  it('field labels focus their inputs, and the URN field names its function', async () => {
    const { page } = e2e();
    await page.getByTestId('authorizer-item').filter({ hasText: 'node_authorizer' }).click();
    const editor = visiblePane(page).getByTestId('authorizer-editor');
    await editor.locator('label', { hasText: 'Cache TTL (s)' }).click();
    expect(await editor.getByTestId('authorizer-ttl').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await editor.getByRole('spinbutton', { name: 'Cache TTL (s)' }).count()).toBe(1);
    expect(await editor.getByTestId('urn-function').textContent()).toBe("Runs the local function node_auth (the URN's last segment)");
    // Not being edited, the URN shows its end (the function name), not its start.
    const urn = editor.getByTestId('authorizer-urn');
    expect(await urn.evaluate((el: HTMLInputElement) => el.scrollWidth <= el.clientWidth || el.scrollLeft > 0)).toBe(true);
    await screenshotEverywhere(e2e(), '14-8-authorizer-urn', editor.getByTestId('authorizer-settings'));
  });

  it('Create function waits for a name instead of saving an unnamed "my-authorizer" function', async () => {
    const { page, client } = e2e();
    await page.getByRole('button', { name: 'New authorizer', exact: true }).click();
    const editor = visiblePane(page).getByTestId('authorizer-editor');
    expect(await editor.getByTestId('create-function').isDisabled()).toBe(true);
    expect(await editor.getByTestId('create-function-hint').textContent()).toContain('Name the authorizer');
    await editor.getByTestId('authorizer-name').fill('named_auth');
    expect(await editor.getByTestId('create-function').textContent()).toBe('Create function named_auth');
    await editor.getByTestId('create-function').click();
    await expect.poll(async () => (await client.listFunctions()).map((f) => f.name)).toContain('named_auth');
    expect((await client.listFunctions()).map((f) => f.name)).not.toContain('my-authorizer');
  });

  it('the response body can be searched: matches marked and counted (item 9)', async () => {
    const { page } = e2e();
    await page.getByTestId('open-tester').click();
    const tester = visiblePane(page).getByTestId('tester');
    const value = await tester.getByTestId('pick-api').locator('option', { hasText: 'guide_example' }).getAttribute('value');
    await tester.getByTestId('pick-api').selectOption(value!);
    const headers = tester.getByTestId('tester-headers');
    await expect.poll(() => headers.getByLabel('Header 1').inputValue()).toBe('test');
    await headers.getByLabel('Value 1').fill('abc');
    await tester.getByTestId('send').click();
    await expect.poll(() => tester.getByTestId('response-status').textContent(), { timeout: 15_000 }).toBe('200');
    await tester.getByTestId('response-search').fill('X-FORWARDED');
    // The echo shows the request's x-forwarded-for and x-forwarded-proto headers.
    expect(await tester.getByTestId('response-search-count').textContent()).toBe('2 matches');
    expect(await tester.getByTestId('response-body').locator('mark').allTextContents()).toEqual(['x-forwarded', 'x-forwarded']);
    await screenshotEverywhere(e2e(), '14-9-response-search', tester.getByTestId('response'));
    await tester.getByTestId('response-search').fill('no-such-text');
    expect(await tester.getByTestId('response-search-count').textContent()).toBe('No match');
  });
});
