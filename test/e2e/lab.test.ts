/**
 * The authorizer lab in a real Chromium against the real browser host and gateway (sample
 * workspace): a suite runs green and then red naming the field, the cache inspector shows an entry
 * that expires when the workbench clock moves, and a fault rule marks the next call.
 * Screenshots go to test-results/screenshots/lab-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, CHROMIUM, replaceEditorText, startE2E, type E2E } from './harness';

if (!hasChromium) console.warn(`[e2e] skipped: no Chromium at ${CHROMIUM}.`);

const inActiveTab = (page: Page, testId: string) => page.locator('.pane:not(.hidden)').getByTestId(testId);

describe.skipIf(!hasChromium)('authorizer lab (Chromium)', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  }, 180_000);
  afterAll(async () => {
    await e2e?.close();
  });

  it('runs the starter suite green against the sample, then a wrong expectation fails naming the field', async () => {
    const { page } = e2e;
    await page.getByTestId('open-lab').click();
    await inActiveTab(page, 'lab-suite-editor').locator('.view-lines').filter({ hasText: 'identities_failure' }).waitFor();
    await inActiveTab(page, 'lab-run-suite').click();
    await expect.poll(() => inActiveTab(page, 'lab-case-row').count(), { timeout: 20_000 }).toBe(3);
    expect(await inActiveTab(page, 'lab-suite-summary').textContent()).toContain('3 passed');
    await e2e.screenshot('lab-01-suite-green');

    const wrong = [
      'cases:',
      '  - name: header maps the user',
      '    request: { path: /guide, headers: { test: abc } }',
      '    expect: { status: 200, backendHeaders: { test: abcde } }',
    ].join('\n');
    await replaceEditorText(page, '.pane:not(.hidden) [data-testid="lab-suite-editor"]', wrong);
    await inActiveTab(page, 'lab-suite-editor').locator('.view-lines').filter({ hasText: 'abcde' }).waitFor();
    await inActiveTab(page, 'lab-run-suite').click();
    const failed = inActiveTab(page, 'lab-case-row').filter({ hasText: 'failed' });
    await failed.waitFor();
    expect(await failed.textContent()).toContain('backendHeaders.test: expected "abcde", actual "abcd"');
    await e2e.screenshot('lab-02-suite-red');

    await replaceEditorText(page, '.pane:not(.hidden) [data-testid="lab-suite-editor"]', 'cases:\n  - name: x\n    request: { path: /guide }\n    expect: { decision: maybe }\n');
    await expect.poll(() => inActiveTab(page, 'lab-suite-diagnostics').textContent(), { timeout: 10_000 }).toContain('decision must be one of');
    expect(await inActiveTab(page, 'lab-run-suite').isDisabled()).toBe(true);
    await e2e.screenshot('lab-03-suite-diagnostics');
  });

  it('shows a cached result with its context and age, and the clock makes it expire', async () => {
    const { page, client } = e2e;
    await page.getByTestId('open-lab').click();
    await client.flushAuthorizerCache({});
    const res = await client.sendRequest({ method: 'GET', url: '/profile', headers: { Authorization: 'Bearer alice-token' } });
    expect(res.status).toBe(200);
    const row = inActiveTab(page, 'lab-cache-row');
    await row.waitFor();
    expect(await row.textContent()).toContain('"user":"alice"');
    await e2e.screenshot('lab-04-cache-entry');
    await inActiveTab(page, 'lab-clock-1m').click();
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(0);
    // The clock line and the entry list are fetched separately after the click: wait for each.
    await expect.poll(() => inActiveTab(page, 'lab-clock').textContent(), { timeout: 10_000 }).toContain('60 s ahead of real time');
    const again = await client.sendRequest({ method: 'GET', url: '/profile', headers: { Authorization: 'Bearer alice-token' } });
    expect(again.trace?.authorizers[0].cache.note).toContain('expired');
    await client.resetWorkbenchClock();
  });

  it('injects a 503 into the next call of the Python authorizer; the rule is spent and the trace marked', async () => {
    const { page, client } = e2e;
    await page.getByTestId('open-lab').click();
    const python = (await client.listAuthorizers()).find((a) => a.name === 'python_authorizer')!;
    await inActiveTab(page, 'lab-fault-target').selectOption(`a:${python.id}`);
    await inActiveTab(page, 'lab-fault-kind').selectOption('status');
    await inActiveTab(page, 'lab-fault-add').click();
    await inActiveTab(page, 'lab-fault-row').waitFor();
    expect(await inActiveTab(page, 'lab-fault-row').textContent()).toContain('statusCode 503');
    await inActiveTab(page, 'lab-faults').scrollIntoViewIfNeeded();
    await e2e.screenshot('lab-05-fault-rule');
    const res = await client.sendRequest({ method: 'GET', url: '/guide', headers: { test: 'abc', 'x-client': 'lint-me' } });
    // A 5xx from the function is AUTHORIZER_CONF_FAILURE (500) without relaxed mode.
    expect(res.status).toBe(500);
    expect(res.trace?.response.errorType).toBe('AUTHORIZER_CONF_FAILURE');
    expect(res.trace?.authorizers[0].injectedFault).toMatchObject({ kind: 'status' });
    await expect.poll(() => inActiveTab(page, 'lab-fault-row').count(), { timeout: 10_000 }).toBe(0);
  });

  it('the trace of an injected call and of an identity override are marked', async () => {
    const { page, client } = e2e;
    const python = (await client.listAuthorizers()).find((a) => a.name === 'python_authorizer')!;
    await client.addFaultRule({ rule: { target: { authorizerId: python.id }, kind: 'timeout', trigger: { nextCalls: 1 } } });
    const injected = await client.sendRequest({ method: 'GET', url: '/guide', headers: { test: 'abc' } });
    await page.getByTestId('open-gateway').click();
    await inActiveTab(page, 'log-row').filter({ hasText: '500' }).first().click({ timeout: 8000 }).catch(async (e) => {
      await page.screenshot({ path: 'test-results/screenshots/lab-debug.png' });
      throw e;
    });
    await inActiveTab(page, 'injected-fault').waitFor({ timeout: 8000 }).catch(async (e) => {
      await page.screenshot({ path: 'test-results/screenshots/lab-debug2.png' });
      throw e;
    });
    expect(await inActiveTab(page, 'injected-fault').textContent()).toContain('injected timeout');
    await e2e.screenshot('lab-06-trace-injected');
    expect(injected.trace?.authorizers[0].injectedFault?.kind).toBe('timeout');

    await client.sendRequest({ method: 'GET', url: '/profile', headers: { 'x-apig-workbench-as-context': '{"user":"carol","role":"admin"}' } });
    await page.getByTestId('open-gateway').click();
    await inActiveTab(page, 'log-row').first().click();
    await inActiveTab(page, 'identity-override').waitFor();
    await e2e.screenshot('lab-08-trace-override');
  });
});
