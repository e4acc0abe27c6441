/**
 * Gateway settings in the UI (Chromium): the gateway configuration parameters with APIG's ranges; a
 * value out of range is refused at its row and nothing is saved; saved values reach the workspace
 * and the running gateway at once.
 */
import { describe, expect, it } from 'vitest';
import { hasChromium, CHROMIUM, useE2E } from './harness';

if (!hasChromium) console.warn(`[e2e] skipped: no Chromium at ${CHROMIUM}.`);

describe.skipIf(!hasChromium)('gateway settings (Chromium)', () => {
  const e2e = useE2E();

  it('refuses an out-of-range value at its row, then saves valid ones to the workspace and the gateway', async () => {
    const { page, client } = e2e();
    await page.getByTestId('open-gateway').click();
    await page.getByTestId('gateway-settings').scrollIntoViewIfNeeded();
    await page.locator('#gateway-param-backend_timeout').fill('700000');
    await page.getByTestId('save-gateway-settings').click();
    await expect.poll(() => page.getByTestId('gateway-param-backend_timeout').textContent()).toContain('must be 1–600000 ms, got 700000');
    expect((await client.gatewayConfig()).workspace.backend_timeout).toBe(60_000);

    await page.locator('#gateway-param-backend_timeout').fill('30000');
    await page.locator('#gateway-param-ratelimit_api_limits').fill('5000');
    await page.getByText('app_basic').click(); // the parameter's name is the label of its switch
    await expect.poll(() => page.getByTestId('save-gateway-settings').textContent()).toBe('Save (3)');
    await page.getByTestId('save-gateway-settings').click();
    await expect.poll(async () => (await client.gatewayConfig()).effective).toMatchObject({ backend_timeout: 30_000, ratelimit_api_limits: 5000, app_basic: true });
    await expect.poll(() => page.getByTestId('save-gateway-settings').textContent()).toBe('Save');
    await e2e().screenshot('30-gateway-settings');
  });
});
