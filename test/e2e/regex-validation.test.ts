/**
 * An identity validation the linear-time (RE2) engine cannot run is refused in the authorizer
 * editor, at the field, with the engine's reason; the saved authorizer is unchanged.
 */
import { describe, expect, it } from 'vitest';
import { hasChromium, useE2E } from './harness';

describe.skipIf(!hasChromium)('regular expressions in the editor (Chromium)', () => {
  const e2e = useE2E();

  it('a look-ahead in an identity validation is shown as an error under that identity and not saved', async () => {
    const { page, client } = e2e();
    await page.getByText('node_authorizer', { exact: true }).click();
    const editor = page.locator('.pane:not(.hidden)').getByTestId('authorizer-editor');
    const validation = editor.getByPlaceholder('regex (optional)').first();
    await validation.fill('^(?=Bearer).+$');
    await editor.getByTestId('save').click();
    const error = editor.locator('.field-error').filter({ hasText: 'linear-time engine' });
    await error.waitFor();
    expect(await error.textContent()).toContain('invalid or unsupported Perl syntax: `(?=`');
    await e2e().screenshot('regex-validation-error');
    const saved = (await client.listAuthorizers()).find((a) => a.name === 'node_authorizer')!;
    expect(saved.identities.every((i) => i.validation !== '^(?=Bearer).+$')).toBe(true);
  });
});
