/**
 * The authorizer Test workflow keeps its state (issue 14, item 4), in a real Chromium against the
 * real browser host: a new identity source joins the edited test event at once; Ctrl+S on a new
 * authorizer keeps the edited event and the result; a Test run before the first save still teaches
 * the backend-parameter picker the context keys; a Python SyntaxError is marked at its line in Monaco.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hasChromium, replaceEditorText, useE2E, visiblePane } from './harness';
import { screenshotEverywhere } from './screens';

const EVENT_EDITOR = '.pane:not(.hidden) [data-testid="event-editor"]';

/** The event as JSON, copied out of the Monaco editor as a user would (it draws only visible lines). */
async function eventJson(page: Page): Promise<{ headers: Record<string, string> }> {
  await page.locator(`${EVENT_EDITOR} .monaco-editor`).first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+C');
  return JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
}

describe.skipIf(!hasChromium)('authorizer Test workflow (Chromium)', () => {
  const e2e = useE2E();

  it('a new authorizer: identity source joins the event, Ctrl+S keeps event and result, and the run teaches the picker', async () => {
    const { page, client } = e2e();
    await page.getByRole('button', { name: 'New authorizer', exact: true }).click();
    const editor = visiblePane(page).getByTestId('authorizer-editor');
    await editor.getByTestId('authorizer-name').fill('workflow_auth');
    await editor.getByLabel('Pick a local function').selectOption('python_auth');
    await editor.getByRole('button', { name: '+ Identity source' }).click();
    await editor.getByLabel('Identity 1 name').pressSequentially('Test');
    // The event has the new source at once (no "Reset event"), and no half-typed leftovers.
    await expect.poll(async () => (await eventJson(page)).headers.test).toBe('Test-value');
    expect(Object.keys((await eventJson(page)).headers).filter((k) => k.startsWith('t'))).toEqual(['test']);

    // The user sets the value the authorizer allows, and runs before ever saving.
    const edited = await eventJson(page);
    edited.headers.test = 'abc';
    await replaceEditorText(page, EVENT_EDITOR, JSON.stringify(edited, null, 2));
    await editor.getByTestId('run-test').click();
    const run = editor.getByTestId('authorizer-test').getByTestId('authorizer-run');
    await expect.poll(() => run.getByTestId('decision').textContent(), { timeout: 15_000 }).toBe('allow');

    // First save with Ctrl+S: the tab becomes the saved authorizer's, the event and result stay.
    await editor.getByTestId('authorizer-name').click();
    await page.keyboard.press('ControlOrMeta+S');
    await expect.poll(async () => (await client.listAuthorizers()).some((a) => a.name === 'workflow_auth')).toBe(true);
    await editor.locator('.badge.warn', { hasText: 'unsaved' }).waitFor({ state: 'detached' });
    expect((await eventJson(page)).headers.test).toBe('abc');
    expect(await run.getByTestId('decision').textContent()).toBe('allow');
    await screenshotEverywhere(e2e(), '14-4-new-authorizer-saved-keeps-test', editor.getByTestId('authorizer-test'));

    // An API on this authorizer offers the key the pre-save run returned.
    const authorizer = (await client.listAuthorizers()).find((a) => a.name === 'workflow_auth')!;
    const group = (await client.listGroups())[0];
    await client.createApi({ input: { groupId: group.id, name: 'workflow_api', method: 'GET', path: '/workflow', authType: 'AUTHORIZER', authorizerId: authorizer.id, backend: { type: 'MOCK' } } });
    await page.getByTestId('api-item').filter({ hasText: 'workflow_api' }).click();
    const apiEditor = visiblePane(page).getByTestId('api-editor');
    await apiEditor.getByTestId('backend-params').waitFor();
    await apiEditor.getByTestId('add-backend-param').click();
    await apiEditor.getByTestId('backend-param-row').last().getByTestId('param-picker').click();
    await expect.poll(() => apiEditor.getByTestId('picker-context-key').allTextContents()).toEqual(['user']);
  });

  it('a Python SyntaxError is marked at its line, and "Go to line" shows it', async () => {
    const { page, client } = e2e();
    await page.getByTestId('authorizer-item').filter({ hasText: 'python_authorizer' }).click();
    const editor = visiblePane(page).getByTestId('authorizer-editor');
    await editor.getByTestId('code-editor').locator('.view-lines').filter({ hasText: 'def handler' }).waitFor();
    const fn = (await client.listFunctions()).find((f) => f.name === 'python_auth')!;
    const code = fn.source.kind === 'inline' ? fn.source.code : '';
    const broken = code.replace('def handler(event, context):', 'def handler(event, context)');
    const line = broken.split('\n').findIndex((l) => l.startsWith('def handler')) + 1;
    expect(line).toBeGreaterThan(1);
    await replaceEditorText(page, '.pane:not(.hidden) [data-testid="authorizer-editor"] [data-testid="code-editor"]', broken);
    await editor.getByTestId('run-test').click();
    const note = editor.getByTestId('code-error');
    await expect.poll(() => note.textContent(), { timeout: 15_000 }).toContain(`at line ${line} of python_auth`);
    // The marker sits on that line of the code editor.
    const code_editor = editor.getByTestId('code-editor');
    await code_editor.locator('.squiggly-error').first().waitFor();
    await note.getByTestId('goto-error-line').click();
    const cursorLine = await page.evaluate(() => {
      const current = document.querySelector('.pane:not(.hidden) [data-testid="authorizer-editor"] [data-testid="code-editor"] .current-line');
      const lines = Array.from(document.querySelectorAll('.pane:not(.hidden) [data-testid="authorizer-editor"] [data-testid="code-editor"] .line-numbers'));
      const top = (current as HTMLElement | null)?.getBoundingClientRect().top;
      const match = lines.find((l) => Math.abs(l.getBoundingClientRect().top - (top ?? -1)) < 2);
      return match ? Number(match.textContent) : -1;
    });
    expect(cursorLine).toBe(line);
    await screenshotEverywhere(e2e(), '14-4-python-syntax-error-marker', editor.getByTestId('authorizer-code'));
  });
});
