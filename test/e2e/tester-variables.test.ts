/**
 * Issue 14, item 9 in Chromium: the tester's {{variables}} per environment (saved with the
 * workspace, filled in when sending, a missing one named before anything is sent) and further
 * tester tabs that keep their own request.
 */
import { describe, expect, it } from 'vitest';
import { hasChromium, CHROMIUM, useE2E, visiblePane } from './harness';
import { screenshotEverywhere } from './screens';

if (!hasChromium) console.warn(`[e2e] skipped: no Chromium at ${CHROMIUM}.`);

describe.skipIf(!hasChromium)('tester variables and tabs (Chromium)', () => {
  const e2e = useE2E();

  it('a {{variable}} of the environment fills a header; a missing one is named and nothing is sent', async () => {
    const { page, client } = e2e();
    await page.getByTestId('open-tester').click();
    const tester = visiblePane(page).getByTestId('tester');
    const value = await tester.getByTestId('pick-api').locator('option', { hasText: 'guide_example' }).getAttribute('value');
    await tester.getByTestId('pick-api').selectOption(value!);
    const headers = tester.getByTestId('tester-headers');
    await expect.poll(() => headers.getByLabel('Header 1').inputValue()).toBe('test');
    await headers.getByLabel('Value 1').fill('{{guide_token}}');

    // Not defined yet: refused before sending, naming the variable and the environment.
    await tester.getByTestId('send').click();
    await expect.poll(() => tester.textContent()).toContain("{{guide_token}} has no value in RELEASE's tester variables");

    await tester.getByTestId('tester-variables-tab').click();
    const table = tester.getByTestId('tester-variables-table');
    await table.getByLabel('Variable 1').fill('guide_token');
    await table.getByLabel('Value 1').fill('abc');
    await tester.getByTestId('save-tester-variables').click();
    await expect.poll(async () => (await client.testerVariables()).RELEASE).toEqual({ guide_token: 'abc' });
    await screenshotEverywhere(e2e(), '14-9-tester-variables', tester.getByTestId('tester-variables'));

    await tester.getByTestId('send').click();
    await expect.poll(() => tester.getByTestId('response-status').textContent(), { timeout: 15_000 }).toBe('200');
    // The form keeps the variable; the request sent carried its value (the guide's authorizer allowed it).
    await tester.getByRole('button', { name: /^Headers/ }).first().click();
    expect(await headers.getByLabel('Value 1').inputValue()).toBe('{{guide_token}}');
    const runs = await client.testerHistory();
    expect(runs[0].headers.test).toBe('abc');
  });

  it('"+ Tester tab" opens another tester with its own request', async () => {
    const { page } = e2e();
    await page.getByTestId('open-tester').click();
    const first = visiblePane(page).getByTestId('tester');
    const firstUrl = await first.getByTestId('tester-url').inputValue();
    await first.getByTestId('new-tester-tab').click();
    await expect.poll(() => page.getByRole('tab', { name: /Request tester 2/ }).count()).toBe(1);
    const second = visiblePane(page).getByTestId('tester');
    await second.getByTestId('tester-url').fill('/status');
    await page.getByRole('tab', { name: /Request tester/ }).filter({ hasNotText: 'tester 2' }).click();
    expect(await visiblePane(page).getByTestId('tester').getByTestId('tester-url').inputValue()).toBe(firstUrl);
    await screenshotEverywhere(e2e(), '14-9-tester-tabs');
  });
});
