/**
 * The browser the `app` command opens gets a one-time launch code, never the token (a command line is
 * readable by every local user). The code buys an HttpOnly cookie; the renderer must then work, live
 * events included, with no token in its URL or its storage.
 */
import { describe, expect, it } from 'vitest';
import { TOKEN_STORAGE_KEY } from '../../src-shared/contract';
import { hasChromium, useE2E } from './harness';

describe.skipIf(!hasChromium)('launch code (Chromium)', () => {
  const e2e = useE2E();

  it('a page opened on the one-time launch URL works through the HttpOnly cookie, live events included', async () => {
    const { browser, host, client } = e2e();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(host.oneTimeLaunchUrl());
      await page.getByTestId('api-item').first().waitFor();
      expect(new URL(page.url()).pathname).toBe('/');
      expect(page.url()).not.toContain(host.token);
      expect(await page.evaluate((key) => window.sessionStorage.getItem(key), TOKEN_STORAGE_KEY)).toBeNull();
      expect(await page.evaluate(() => document.cookie)).not.toContain(host.token);

      // A change made elsewhere reaches this page over the event stream, which the cookie opened.
      const group = (await client.listGroups())[0];
      await client.createApi({
        input: { groupId: group.id, name: 'via_cookie_events', method: 'GET', path: '/via-cookie', authType: 'NONE', backend: { type: 'MOCK', statusCode: 200, body: 'x', headers: [] } },
      });
      await page.getByTestId('api-item').filter({ hasText: 'via_cookie_events' }).waitFor();
      await e2e().screenshot('launch-code-page');
    } finally {
      await context.close();
    }
  });
});
