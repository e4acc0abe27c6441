/**
 * A new API's backend is not a dead end (issue 14, item 5), in a real Chromium against the real
 * browser host and gateway: in the sample's group a new API calls the built-in echo backend
 * (#echo_host#) out of the box and answers once published; the address hint offers it back after an
 * edit; the backend-parameter picker has a generic $context.authorizer.frontend.<key> entry; the
 * Source column shows "System parameter" whole.
 */
import { describe, expect, it } from 'vitest';
import { hasChromium, useE2E, visiblePane } from './harness';
import { screenshotEverywhere } from './screens';


describe.skipIf(!hasChromium)('a new API\'s backend (Chromium)', () => {
  const e2e = useE2E();

  it('defaults to the built-in echo backend, which answers once the API is published', async () => {
    const { page, client, gatewayUrl } = e2e();
    await page.getByRole('button', { name: 'New API', exact: true }).click();
    const editor = visiblePane(page).getByTestId('api-editor');
    const address = editor.getByTestId('backend-address');
    expect(await address.inputValue()).toBe('#echo_host#');
    expect(await editor.getByTestId('backend-section').textContent()).toContain('The built-in echo backend: it answers with the request it received');
    await screenshotEverywhere(e2e(), '14-5-new-api-echo-backend', editor.getByTestId('backend-section'));
    await editor.getByTestId('api-name').fill('new_echo_api');
    await editor.getByTestId('api-path').fill('/new-echo');
    await editor.getByTestId('save').click();
    await expect.poll(async () => (await client.listApis()).some((a) => a.api.name === 'new_echo_api')).toBe(true);
    const api = (await client.listApis()).find((a) => a.api.name === 'new_echo_api')!.api;
    const release = (await client.listEnvironments()).find((env) => env.name === 'RELEASE')!;
    await client.publishApi({ apiId: api.id, envId: release.id });
    const res = await fetch(`${gatewayUrl}/new-echo`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ method: 'GET', path: '/' });

    // Changed to an address of one's own, the hint offers the echo backend back.
    await address.fill('127.0.0.1:8080');
    await editor.getByTestId('use-echo-backend').click();
    expect(await address.inputValue()).toBe('#echo_host#');
  });

  it('the parameter picker offers a generic authorizer context entry, and the Source column is not cut', async () => {
    const { page } = e2e();
    await page.getByTestId('api-item').filter({ hasText: 'get_profile' }).click();
    const editor = visiblePane(page).getByTestId('api-editor');
    await editor.getByTestId('backend-params').waitFor();
    await editor.getByTestId('add-backend-param').click();
    const row = editor.getByTestId('backend-param-row').last();
    const index = await editor.getByTestId('backend-param-row').count();
    const source = row.getByLabel(`Backend parameter ${index} source`);
    await source.selectOption('SYSTEM');
    // The select is wide enough for its longest option.
    const fits = await source.evaluate((el: HTMLSelectElement) => {
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = getComputedStyle(el).font;
      const widest = Math.max(...Array.from(el.options).map((o) => ctx.measureText(o.text).width));
      return el.clientWidth - widest;
    });
    expect(fits).toBeGreaterThan(20);
    await row.getByTestId('param-picker').click();
    const generic = editor.getByTestId('picker-context-generic');
    expect(await generic.textContent()).toContain('$context.authorizer.frontend.<key>');
    await screenshotEverywhere(e2e(), '14-5-param-picker-generic', editor.getByTestId('backend-params'));
    // Resizing for the screenshots moved the pointer off the popover, which closes it: open it again.
    if (!(await generic.isVisible())) await row.getByTestId('param-picker').click();
    await generic.click();
    const value = row.getByLabel(`Backend parameter ${index} value`);
    expect(await value.inputValue()).toBe('$context.authorizer.frontend.');
    await value.pressSequentially('role');
    expect(await value.inputValue()).toBe('$context.authorizer.frontend.role');
  });
});
