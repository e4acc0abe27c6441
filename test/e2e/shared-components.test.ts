/**
 * The renderer's shared components where they replaced copies (issue 11), in a real Chromium against
 * the real browser host and gateway (sample workspace): the gateway panel shows the same authorizer
 * cache table as the lab (context, age, TTL) and flushes one entry, not the authorizer's others; the
 * authorizer's identity sources and the API's parameter tables are the one editable table.
 * Screenshots of each in both themes at both sizes: test-results/screenshots/15-*.png.
 */
import { describe, expect, it } from 'vitest';
import { hasChromium, useE2E, visiblePane } from './harness';
import { screenshotEverywhere } from './screens';

describe.skipIf(!hasChromium)('shared renderer components (Chromium)', () => {
  const env = useE2E();

  it('the gateway panel lists each cached result with its context and flushes one entry only', async () => {
    const { page, client } = env();
    await client.flushAuthorizerCache({});
    for (const token of ['alice-token', 'bob-token']) {
      const res = await client.sendRequest({ method: 'GET', url: '/profile', headers: { Authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
    }
    await page.getByTestId('open-gateway').click();
    const rows = visiblePane(page).getByTestId('gateway-cache-row');
    await expect.poll(() => rows.count()).toBe(2);
    const alice = rows.filter({ hasText: '"user":"alice"' });
    expect(await alice.textContent()).toContain('allow');
    await screenshotEverywhere(env(), '15-gateway-cache', visiblePane(page).getByTestId('gateway-cache-entries'));

    await alice.getByRole('button', { name: 'Flush' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.textContent()).toContain('"user":"bob"');
    expect((await client.authorizerCache()).map((e) => e.context.user)).toEqual(['bob']);
  });

  it("an authorizer's identity sources are edited as table rows", async () => {
    const { page } = env();
    await page.getByTestId('authorizer-item').filter({ hasText: 'node_authorizer' }).click();
    const settings = visiblePane(page).getByTestId('authorizer-settings');
    await expect.poll(() => settings.getByLabel('Identity 1 name').inputValue()).toBe('Authorization');
    await settings.getByRole('button', { name: '+ Identity source' }).click();
    await settings.getByLabel('Identity 2 name').fill('X-Tenant');
    await visiblePane(page).getByText('unsaved').waitFor();
    await screenshotEverywhere(env(), '15-identity-sources', settings.getByLabel('Identity 2 name'));
    await settings.getByTitle('Remove').nth(1).click();
    await expect.poll(() => settings.getByLabel('Identity 2 name').count()).toBe(0);
    await visiblePane(page).getByText('unsaved').waitFor({ state: 'detached' });
  });

  it("an API's request and backend parameters are edited as table rows", async () => {
    const { page } = env();
    await page.getByTestId('api-item').filter({ hasText: 'get_profile' }).click();
    const editor = visiblePane(page).getByTestId('api-editor');
    const params = editor.getByTestId('request-params');
    const before = await params.getByTitle('Remove').count();
    await params.getByRole('button', { name: '+ Add parameter' }).click();
    await params.getByLabel(`Parameter ${before + 1} name`).fill('tenant');
    await editor.getByTestId('add-backend-param').click();
    await expect.poll(() => editor.getByTestId('backend-param-row').count()).toBeGreaterThan(0);
    await screenshotEverywhere(env(), '15-api-parameters', params);
  });
});
