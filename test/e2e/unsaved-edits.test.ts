/**
 * Nothing lost (issue 14, item 2), in a real Chromium against the real browser host: closing a tab
 * with unsaved edits asks first; open tabs and unsaved drafts (an API's fields, an authorizer's code)
 * come back after a reload; with many tabs the strip keeps the active one in view and lists them all.
 * Each test starts from a fresh window state (storage cleared, page reloaded), so none depends on another.
 */
import type { Page } from 'playwright-core';
import { beforeEach, describe, expect, it } from 'vitest';
import { hasChromium, replaceEditorText, useE2E, visiblePane } from './harness';
import { screenshotEverywhere } from './screens';

const tab = (page: Page, name: RegExp | string) => page.getByTestId('tab-strip').getByRole('tab', { name });

/** The text of the Monaco editor inside `container` (its model, not just the visible lines). */
const editorText = (page: Page, container: string) =>
  page.evaluate((sel) => {
    const lines = document.querySelector(`${sel} .view-lines`);
    // Monaco renders spaces as no-break spaces.
    return lines ? (lines as HTMLElement).innerText.replace(/\u00a0/g, ' ') : '';
  }, container);

describe.skipIf(!hasChromium)('unsaved edits and tabs survive (Chromium)', () => {
  const e2e = useE2E();

  beforeEach(async () => {
    const { page } = e2e();
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByTestId('api-item').first().waitFor();
  });

  async function editAuthorizerCode(marker: string): Promise<void> {
    const { page } = e2e();
    await page.getByTestId('authorizer-item').filter({ hasText: 'node_authorizer' }).click();
    const editor = visiblePane(page).getByTestId('authorizer-editor');
    await editor.getByTestId('code-editor').locator('.view-lines').filter({ hasText: 'alice-token' }).waitFor();
    const fn = (await e2e().client.listFunctions()).find((f) => f.name === 'node_auth')!;
    const code = fn.source.kind === 'inline' ? fn.source.code : '';
    await replaceEditorText(page, '.pane:not(.hidden) [data-testid="authorizer-editor"] [data-testid="code-editor"]', `// ${marker}\n${code}`);
    await editor.locator('.badge.warn', { hasText: 'unsaved' }).waitFor();
  }

  it('closing a tab with unsaved code asks first: Keep editing keeps the edit, Discard closes and forgets it', async () => {
    const { page, client } = e2e();
    await editAuthorizerCode('edit to discard');
    const authorizerTab = tab(page, /node_authorizer/);
    await authorizerTab.getByTestId('tab-dirty').waitFor();

    await authorizerTab.getByLabel('Close tab').click();
    const dialog = page.getByTestId('discard-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('node_authorizer has changes that are not saved');
    await screenshotEverywhere(e2e(), '14-2-discard-dialog');
    await dialog.getByTestId('keep-editing').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await editorText(page, '.pane:not(.hidden) [data-testid="authorizer-editor"] [data-testid="code-editor"]')).toContain('edit to discard');

    await authorizerTab.getByLabel('Close tab').click();
    await page.getByTestId('discard-dialog').getByTestId('discard-changes').click();
    await authorizerTab.waitFor({ state: 'detached' });
    // Nothing was saved, and the discarded edit does not come back when the authorizer is opened again.
    const fn = (await client.listFunctions()).find((f) => f.name === 'node_auth')!;
    expect(fn.source.kind === 'inline' && fn.source.code).not.toContain('edit to discard');
    await page.getByTestId('authorizer-item').filter({ hasText: 'node_authorizer' }).click();
    const editor = visiblePane(page).getByTestId('authorizer-editor');
    await editor.getByTestId('code-editor').locator('.view-lines').filter({ hasText: 'alice-token' }).waitFor();
    expect(await editorText(page, '.pane:not(.hidden) [data-testid="authorizer-editor"] [data-testid="code-editor"]')).not.toContain('edit to discard');
    expect(await editor.locator('.badge.warn', { hasText: 'unsaved' }).count()).toBe(0);
    // A tab without edits closes at once.
    await tab(page, /node_authorizer/).getByLabel('Close tab').click();
    await tab(page, /node_authorizer/).waitFor({ state: 'detached' });
    expect(await page.getByTestId('discard-dialog').count()).toBe(0);
  });

  it('a group with an unsaved description asks before closing too', async () => {
    const { page } = e2e();
    await page.getByText('sample_shop', { exact: true }).first().click();
    await visiblePane(page).getByTestId('group-editor').getByTestId('group-description').fill('not saved');
    await tab(page, /sample_shop/).getByTestId('tab-dirty').waitFor();
    await tab(page, /sample_shop/).getByLabel('Close tab').click();
    await page.getByTestId('discard-dialog').getByTestId('discard-changes').click();
    await tab(page, /sample_shop/).waitFor({ state: 'detached' });
  });

  it('after a reload the open tabs, the active one and the unsaved drafts are back, still marked unsaved', async () => {
    const { page, client } = e2e();
    await page.getByTestId('api-item').filter({ hasText: 'get_profile' }).click();
    const api = visiblePane(page).getByTestId('api-editor');
    await api.getByTestId('api-description').fill('draft description, not saved');
    await editAuthorizerCode('unsaved code survives a reload');
    await page.getByTestId('open-tester').click();
    await tab(page, /get_profile/).click();

    await page.reload();
    await tab(page, /node_authorizer/).waitFor();
    await expect.poll(() => page.getByTestId('tab-strip').getByRole('tab').allTextContents()).toEqual(['Start×', 'GET get_profile●×', 'node_authorizer●×', 'Request tester×']);
    expect(await tab(page, /get_profile/).getAttribute('aria-selected')).toBe('true');
    const restoredApi = visiblePane(page).getByTestId('api-editor');
    await expect.poll(() => restoredApi.getByTestId('api-description').inputValue()).toBe('draft description, not saved');
    await restoredApi.locator('.badge.warn', { hasText: 'unsaved' }).waitFor();
    // Only the draft changed: the workspace still has the saved description.
    const saved = (await client.listApis()).find((a) => a.api.name === 'get_profile')!.api;
    expect(saved.description).not.toBe('draft description, not saved');

    await tab(page, /node_authorizer/).click();
    const authorizer = visiblePane(page).getByTestId('authorizer-editor');
    await authorizer.getByTestId('code-editor').locator('.view-lines').filter({ hasText: 'unsaved code survives a reload' }).waitFor();
    await authorizer.locator('.badge.warn', { hasText: 'unsaved' }).waitFor();
    await screenshotEverywhere(e2e(), '14-2-restored-after-reload');

    // Saving clears the marker and the stored draft: a reload then shows the saved code, unmarked.
    await page.keyboard.press('ControlOrMeta+S');
    await authorizer.locator('.badge.warn', { hasText: 'unsaved' }).waitFor({ state: 'detached' });
    await tab(page, /get_profile/).click();
    await visiblePane(page).getByTestId('api-description').fill(saved.description ?? '');
    await visiblePane(page).getByTestId('api-editor').locator('.badge.warn', { hasText: 'unsaved' }).waitFor({ state: 'detached' });
    await page.reload();
    await tab(page, /node_authorizer/).waitFor();
    expect(await page.getByTestId('tab-strip').getByTestId('tab-dirty').count()).toBe(0);
    const fn = (await client.listFunctions()).find((f) => f.name === 'node_auth')!;
    expect(fn.source.kind === 'inline' && fn.source.code).toContain('unsaved code survives a reload');
  });

  it('the unsaved drafts of a group and of a gateway response set come back after a reload too', async () => {
    const { page, client } = e2e();
    await page.getByText('sample_shop', { exact: true }).first().click();
    const group = visiblePane(page).getByTestId('group-editor');
    await group.getByTestId('group-description').fill('group draft, not saved');
    await group.locator('.tree-item').first().click();
    const responses = visiblePane(page).getByTestId('response-set-editor');
    await responses.getByTestId('response-type-row').first().click();
    await responses.getByTestId('rt-body').fill('{"draft": "not saved"}');
    await expect.poll(() => page.getByTestId('tab-strip').getByTestId('tab-dirty').count()).toBe(2);

    await page.reload();
    await tab(page, /Responses/).waitFor();
    await expect.poll(() => page.getByTestId('tab-strip').getByTestId('tab-dirty').count()).toBe(2);
    await tab(page, /Responses/).click();
    const restoredResponses = visiblePane(page).getByTestId('response-set-editor');
    await restoredResponses.getByTestId('response-type-row').first().click();
    await expect.poll(() => restoredResponses.getByTestId('rt-body').inputValue()).toBe('{"draft": "not saved"}');
    await tab(page, /^sample_shop/).click();
    await expect.poll(() => visiblePane(page).getByTestId('group-editor').getByTestId('group-description').inputValue()).toBe('group draft, not saved');
    // Only drafts: the workspace still has what was saved.
    expect((await client.listGroups()).find((g) => g.name === 'sample_shop')!.description).not.toBe('group draft, not saved');
  });

  it('with many tabs the strip scrolls to the active tab, and the tab list opens any of them', async () => {
    const { page } = e2e();
    for (const name of ['files_prefix', 'get_profile', 'guide_example', 'say_hello', 'service_status']) await page.getByTestId('api-item').filter({ hasText: name }).click();
    for (const name of ['node_authorizer', 'python_authorizer']) await page.getByTestId('authorizer-item').filter({ hasText: name }).click();
    for (const button of ['open-tester', 'open-gateway', 'open-definition', 'open-export']) await page.getByTestId(button).click();
    await page.setViewportSize({ width: 1280, height: 720 });
    const strip = page.getByTestId('tab-strip');
    expect(await strip.getByRole('tab').count()).toBe(12);
    const inView = async (name: RegExp) => {
      const s = (await strip.boundingBox())!;
      const t = (await tab(page, name).boundingBox())!;
      return t.x >= s.x - 1 && t.x + t.width <= s.x + s.width + 1;
    };
    // The strip is wider than the window: the last-opened (active) tab is scrolled into view.
    expect(await strip.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await expect.poll(() => inView(/^Export/)).toBe(true);
    expect(await inView(/files_prefix/)).toBe(false);

    await page.getByTestId('tab-list-button').click();
    const list = page.getByTestId('tab-list');
    expect(await list.getByTestId('tab-list-item').count()).toBe(12);
    await screenshotEverywhere(e2e(), '14-2-tab-list');
    await page.setViewportSize({ width: 1280, height: 720 });
    await list.getByTestId('tab-list-item').filter({ hasText: 'files_prefix' }).click();
    await list.waitFor({ state: 'detached' });
    expect(await tab(page, /files_prefix/).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => inView(/files_prefix/)).toBe(true);
    await page.setViewportSize({ width: 1440, height: 900 });
  });
});
