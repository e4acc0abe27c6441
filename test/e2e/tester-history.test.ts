/**
 * Tester history that can be compared (issue 14, item 3), in a real Chromium against the real browser
 * host and gateway: each run's row says status, decision, environment and time; clicking a row
 * reopens that run's own response and trace; two ticked runs compare side by side.
 */
import { describe, expect, it } from 'vitest';
import { hasChromium, useE2E, visiblePane } from './harness';
import { screenshotEverywhere } from './screens';


describe.skipIf(!hasChromium)('tester history (Chromium)', () => {
  const e2e = useE2E();

  it('rows show status, decision, environment and time; a row reopens its own response and trace; two runs compare', async () => {
    const { page } = e2e();
    await page.getByTestId('open-tester').click();
    const tester = visiblePane(page).getByTestId('tester');
    const value = await tester.getByTestId('pick-api').locator('option', { hasText: 'guide_example' }).getAttribute('value');
    await tester.getByTestId('pick-api').selectOption(value!);
    const headers = tester.getByTestId('tester-headers');
    await expect.poll(() => headers.getByLabel('Header 1').inputValue()).toBe('test');
    const rows = tester.getByTestId('history-row');
    const before = await rows.count();

    await headers.getByLabel('Value 1').fill('abc');
    await tester.getByTestId('send').click();
    // The first run starts the Python runtime: allow it more than expect.poll's default second.
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(before + 1);
    await headers.getByLabel('Value 1').fill('nope');
    await tester.getByTestId('send').click();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(before + 2);
    await expect.poll(() => tester.getByTestId('response-status').textContent()).toBe('401');

    // Newest first: the deny, then the allow, each with its outcome.
    const denyRow = rows.nth(0);
    const allowRow = rows.nth(1);
    expect(await denyRow.locator('.status-code').textContent()).toBe('401');
    expect(await denyRow.getByTestId('history-meta').textContent()).toMatch(/^denyAUTHORIZER_FAILURERELEASE\d{1,2}:\d{2}:\d{2}( [AP]M)?\d+ ms$/);
    expect(await allowRow.locator('.status-code').textContent()).toBe('200');
    expect(await allowRow.getByTestId('history-meta').textContent()).toMatch(/^allowRELEASE/);

    // Reopening the allowed run shows its response and trace, not the deny still on screen.
    await allowRow.click();
    await expect.poll(() => tester.getByTestId('response-status').textContent()).toBe('200');
    await expect.poll(() => tester.getByTestId('tester-trace').getByTestId('headline-decision').textContent()).toBe('allow');
    expect(await tester.getByTestId('response-body').textContent()).toContain('"test": "abcd"');
    expect(await headers.getByLabel('Value 1').inputValue()).toBe('abc');
    expect(await allowRow.getAttribute('class')).toContain('on');
    await screenshotEverywhere(e2e(), '14-3-history-reopened', tester.getByTestId('tester-history'));

    // Compare the two runs side by side.
    await allowRow.getByTestId('history-pick').check();
    await denyRow.getByTestId('history-pick').check();
    await tester.getByTestId('compare-runs').click();
    const compare = tester.getByTestId('run-compare');
    await compare.waitFor();
    const row = async (label: string) => {
      const r = compare.locator(`[data-testid="compare-row"][data-label="${label}"]`).first();
      const cells = await r.locator('td').allTextContents();
      return { a: cells[1], b: cells[2], differs: (await r.getAttribute('class')) === 'diff' };
    };
    expect(await row('header test')).toEqual({ a: 'abc', b: 'nope', differs: true });
    expect(await row('Status')).toEqual({ a: '200', b: '401', differs: true });
    expect(await row('Authorizer decision')).toEqual({ a: 'allow (python_authorizer)', b: 'deny (python_authorizer)', differs: true });
    expect(await row('Environment')).toEqual({ a: 'RELEASE', b: 'RELEASE', differs: false });
    expect(await row('user')).toEqual({ a: 'abcd', b: '—', differs: true });
    expect(await row('code')).toEqual({ a: '—', b: 'WRONG_TEST_HEADER', differs: true });
    // The backend got the mapped header on the allowed run only (the denied one never reached it).
    expect((await row('Request')).a).toBe('GET /guide');
    const backendTest = compare.locator('[data-testid="compare-row"][data-label="header test"]').nth(1);
    expect(await backendTest.locator('td').allTextContents()).toEqual(['header test', 'abcd', '—']);
    await screenshotEverywhere(e2e(), '14-3-compare-runs', compare);
    await compare.getByTestId('close-compare').click();
    await tester.getByTestId('tester-trace').waitFor();
  });
});
