/**
 * Start-up gaps: a click while the workspace loads is not undone (a tab opened then stays open and
 * active once the stored tabs are restored), and a change made before the page's event stream is
 * open is not lost. (The request in question is held back until the test lets it go, so the order
 * is certain rather than a race.)
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, useE2E } from './harness';

/** Another page of the same browser profile whose requests to `pattern` wait until `release()`. */
async function secondPageHolding(first: Page, pattern: string): Promise<{ page: Page; release: () => void }> {
  const page = await first.context().newPage();
  page.setDefaultTimeout(10_000);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(pattern, async (route) => {
    await held;
    await route.continue();
  });
  return { page, release };
}

describe.skipIf(!hasChromium)('clicks while the workspace loads (Chromium)', () => {
  const e2e = useE2E();

  it('"Import" clicked before the workspace info arrives keeps its tab, beside the restored ones', async () => {
    const { page: first, host } = e2e();
    // The first page stored its tabs (Start) for this workspace; a second page in the same
    // browser profile restores them, as a reload does.
    const { page, release } = await secondPageHolding(first, '**/api/workspaceInfo');
    try {
      await page.goto(host.launchUrl);
      await expect.poll(() => page.getByTestId('workspace-name').textContent()).toBe('loading…');
      await page.getByTestId('open-definition').click();
      await page.getByTestId('pane-definition').waitFor();
      release();
      await expect.poll(() => page.getByTestId('workspace-name').textContent()).not.toBe('loading…');
      // Restored Start tab and the Import tab, which is still the one shown.
      await expect.poll(() => page.locator('.pane:not(.hidden)').getAttribute('data-testid')).toBe('pane-definition');
      expect(await page.getByTestId('pane-welcome').count()).toBe(1);
    } finally {
      release();
      await page.close();
    }
  });

  it('a change made while the event stream is not yet open still reaches the page', async () => {
    const { page: first, host, client } = e2e();
    const { page, release } = await secondPageHolding(first, '**/api/events**');
    try {
      await page.goto(host.launchUrl);
      // The lists are in; the change below is made before any event can reach this page.
      await page.getByTestId('api-item').filter({ hasText: 'say_hello' }).waitFor();
      const group = (await client.listGroups())[0];
      await client.createApi({ input: { groupId: group.id, name: 'made_while_connecting', method: 'GET', path: '/made-while-connecting', backend: { type: 'MOCK' } } });
      release();
      await page.getByTestId('api-item').filter({ hasText: 'made_while_connecting' }).waitFor();
    } finally {
      release();
      await page.close();
    }
  });
});
