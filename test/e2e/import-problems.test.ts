/**
 * The import screen's Problems list and success message (issue 14, item 7), in a real Chromium
 * against the real browser host: a problem about a parameter's `in` reads as a line of text inside
 * its card (not one word per line, not overflowing), and a successful import published to an
 * environment names it (RELEASE), not by an ID.
 */
import { describe, expect, it } from 'vitest';
import { hasChromium, useE2E, visiblePane } from './harness';
import { screenshotEverywhere } from './screens';


const definition = (location: string) => `swagger: "2.0"
info:
  title: "problems_demo_group_with_a_long_name"
  version: "1.0"
paths:
  '/problems-demo/{id}':
    get:
      operationId: "problemsDemo"
      parameters:
        - name: "x-long-header-name-for-layout"
          in: "${location}"
          type: "string"
        - name: "id"
          in: "path"
          required: true
          type: "string"
      responses:
        "200":
          description: "ok"
      x-apigateway-backend:
        type: "MOCK"
        mockEndpoints:
          result-content: "{}"
`;

describe.skipIf(!hasChromium)('import problems and outcome (Chromium)', () => {
  const e2e = useE2E();

  it('an unknown parameter location is an error that reads as a line inside its card, and the success message names the environment', async () => {
    const { page } = e2e();
    await page.getByTestId('open-definition').click();
    const screen = visiblePane(page).getByTestId('definition-editor');
    await screen.getByTestId('definition-file').setInputFiles({ name: 'a-rather-long-definition-file-name-for-the-layout.yaml', mimeType: 'application/yaml', buffer: Buffer.from(definition('heder')) });
    const problem = screen.getByTestId('diagnostic').filter({ hasText: 'heder' }).first();
    await problem.waitFor();
    // A location that is not one at all is an error (a typo to fix), not a warning about a dropped parameter.
    expect(await problem.getAttribute('class')).toBe('diag error');
    await expect.poll(() => screen.getByTestId('import').isDisabled()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 720 });
    const layout = await problem.evaluate((row) => {
      const text = row.querySelector('.diag-text') as HTMLElement;
      const card = row.closest('.card') as HTMLElement | null;
      const lineHeight = parseFloat(getComputedStyle(text).lineHeight) || 18;
      const words = (text.firstChild?.textContent ?? '').split(/\s+/).length;
      return {
        width: text.getBoundingClientRect().width,
        lines: Math.round(text.getBoundingClientRect().height / lineHeight),
        words,
        overflows: card ? row.getBoundingClientRect().right > card.getBoundingClientRect().right + 1 : true,
      };
    });
    expect(layout.overflows).toBe(false);
    expect(layout.width).toBeGreaterThan(200);
    // Far fewer lines than words: text flows, it is not stacked a word per line.
    expect(layout.lines).toBeLessThan(layout.words / 2);
    await screenshotEverywhere(e2e(), '14-7-import-problems', screen.getByTestId('diagnostics'));

    // Fixed and imported with "publish to RELEASE": the message names RELEASE.
    await screen.getByTestId('definition-file').setInputFiles({ name: 'fixed.yaml', mimeType: 'application/yaml', buffer: Buffer.from(definition('header')) });
    await expect.poll(() => screen.getByTestId('import').isDisabled()).toBe(false);
    const release = (await e2e().client.listEnvironments()).find((env) => env.name === 'RELEASE')!;
    await screen.getByLabel('Publish to').selectOption(release.id);
    await screen.getByTestId('import').click();
    const outcome = screen.getByTestId('import-result');
    await expect.poll(() => outcome.textContent()).toContain('published to RELEASE.');
    expect(await outcome.textContent()).not.toContain(release.id);
    await screenshotEverywhere(e2e(), '14-7-import-published', outcome);
  });
});
