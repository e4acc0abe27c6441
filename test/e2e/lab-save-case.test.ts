/**
 * The authorizer lab's ways in, in a real Chromium against the real browser host and gateway (sample
 * workspace): "Save as test case" from the tester and from a trace into suites kept in the
 * workspace, the tester's "As context" identity override, the function editor's named test events
 * (run, and sent through the gateway), HAR export of a trace and of the request list, and "Replay
 * in tester" with what cannot be replayed as it was. Screenshots: test-results/screenshots/lab-1*.png (some in both themes at both sizes).
 */
import fs from 'node:fs';
import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closeTabIfOpen, hasChromium, CHROMIUM, replaceEditorText, useE2E, visiblePane } from './harness';
import { screenshotEverywhere } from './screens';

if (!hasChromium) console.warn(`[e2e] skipped: no Chromium at ${CHROMIUM}.`);

async function fillTesterFromCurl(page: Page, command: string) {
  const tester = visiblePane(page);
  await tester.getByTestId('paste-curl').click();
  await tester.getByTestId('curl-input').fill(command);
  await tester.getByTestId('apply-curl').click();
}

/**
 * The Lab as it opens first: its tab (with any unsaved suite edits another test left there) closed
 * and opened again.
 */
async function openFreshLab(page: Page) {
  await closeTabIfOpen(page, 'Authorizer lab');
  await page.getByTestId('open-lab').click();
  return visiblePane(page);
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; json: any }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), json: JSON.parse(fs.readFileSync(file, 'utf8')) };
}

describe.skipIf(!hasChromium)('lab: save as test case, as context, test events, HAR (Chromium)', () => {
  const e2e = useE2E();

  it('saves a tester request as a case in a new suite, opens it in the Lab, and it runs green', async () => {
    const { page, gatewayUrl, client } = e2e();
    await page.getByTestId('open-tester').click();
    await fillTesterFromCurl(page, `curl '${gatewayUrl}/guide?from=tester' -H 'test: abc'`);
    const tester = visiblePane(page);
    // The tester may show another test's run: save once this request's run is in.
    const runs = tester.getByTestId('history-row');
    const before = await runs.count();
    await tester.getByTestId('send').click();
    await expect.poll(() => runs.count(), { timeout: 15_000 }).toBe(before + 1);
    await tester.getByTestId('save-as-case').click();
    const dialog = page.getByTestId('save-case-dialog');
    await dialog.getByTestId('save-case-name').fill('abc is allowed');
    await dialog.getByTestId('save-case-suite').selectOption({ label: 'New suite…' });
    await dialog.getByTestId('save-case-new-suite').fill('guide suite');
    const preview = await dialog.getByTestId('save-case-preview').textContent();
    expect(preview).toContain('path: /guide?from=tester');
    expect(preview).toContain('decision: allow');
    await screenshotEverywhere(e2e(), 'lab-10-save-case-dialog');
    await dialog.getByTestId('save-case-confirm').click();

    const lab = visiblePane(page);
    await lab.getByTestId('lab-suite-editor').locator('.view-lines').filter({ hasText: 'abc is allowed' }).waitFor();
    expect(await lab.getByTestId('lab-suite-name').inputValue()).toBe('guide suite');
    const suite = (await client.listTestSuites()).find((x) => x.name === 'guide suite')!;
    expect(suite.text).toContain('- name: abc is allowed');
    await lab.getByTestId('lab-run-suite').click();
    await expect.poll(() => lab.getByTestId('lab-suite-summary').textContent(), { timeout: 20_000 }).toContain('1 passed');
    await e2e().screenshot('lab-11-saved-case-in-lab');
  });

  it('saves a case from a trace into the existing suite, exports the trace as HAR, and replays it in the tester', async () => {
    const { page, client } = e2e();
    const existing = (await client.listTestSuites()).find((x) => x.name === 'trace suite');
    await client.saveTestSuite({
      id: existing?.id,
      name: 'trace suite',
      text: 'name: trace suite\ncases:\n  - name: no identity never calls the function\n    request: { path: /guide }\n    expect: { status: 401, decision: identities_failure }\n',
    });
    const denied = await client.sendRequest({ method: 'GET', url: '/guide?who=wrong', headers: { test: 'wrong', 'X-Auth-Token': 'not-kept-in-traces' } });
    await page.getByTestId('open-gateway').click();
    await visiblePane(page).getByTestId('log-row').filter({ hasText: 'who=wrong' }).first().click();
    const trace = visiblePane(page);
    await trace.getByTestId('save-as-case').click();
    const dialog = page.getByTestId('save-case-dialog');
    await dialog.getByTestId('save-case-suite').selectOption({ label: 'trace suite' });
    await dialog.getByTestId('save-case-name').fill('a wrong token is denied');
    // The trace masks the token: the dialog says the case lacks it.
    expect(await dialog.getByTestId('save-case-notes').textContent()).toContain('x-auth-token is masked in the trace');
    expect(await dialog.getByTestId('save-case-preview').textContent()).toContain('errorType: AUTHORIZER_FAILURE');
    await dialog.getByTestId('save-case-confirm').click();
    const lab = visiblePane(page);
    await lab.getByTestId('lab-suite-editor').locator('.view-lines').filter({ hasText: 'a wrong token is denied' }).waitFor();
    await lab.getByTestId('lab-run-suite').click();
    await expect.poll(() => lab.getByTestId('lab-suite-summary').textContent(), { timeout: 20_000 }).toContain('2 passed');

    // Back to the trace: HAR of this one request.
    await page.getByTestId('open-gateway').click();
    // The suite run sent the saved case too (without the token): the original is the older row.
    await visiblePane(page).getByTestId('log-row').filter({ hasText: 'who=wrong' }).last().click();
    const har = await downloaded(page, () => visiblePane(page).getByTestId('export-har').click());
    expect(har.name).toMatch(/\.har$/);
    expect(har.json.log.entries).toHaveLength(1);
    expect(har.json.log.entries[0].response.status).toBe(denied.status);
    await e2e().screenshot('lab-12-trace-actions');

    await visiblePane(page).getByTestId('replay-in-tester').click();
    await expect.poll(() => visiblePane(page).getByTestId('tester-url').inputValue()).toBe('/guide');
    // A replay shows the replayed headers, whatever sub-tab was open before ("As context" in another test).
    // The URL may already have been /guide before the replay: wait for the replayed header itself.
    await expect.poll(() => visiblePane(page).getByTestId('tester-headers').locator('input[value="wrong"]').count()).toBe(1);
    expect(await visiblePane(page).getByTestId('replay-warnings').textContent()).toContain('x-auth-token is masked in the trace');
    await e2e().screenshot('lab-21-replay-warnings');
  });

  it('the tester sends "as context" (marked), the trace says so, and a HAR of the list refuses it unless asked', async () => {
    const { page, gatewayUrl } = e2e();
    await page.getByTestId('open-tester').click();
    await fillTesterFromCurl(page, `curl '${gatewayUrl}/profile'`);
    const tester = visiblePane(page);
    await tester.getByTestId('tester-as-context-tab').click();
    await tester.getByTestId('tester-as-context-toggle').check();
    await tester.getByTestId('tester-as-context-json').fill('{"user": "carol", "role": "admin"}');
    await tester.getByTestId('tester-as-context-on').waitFor();
    await tester.getByTestId('send').click();
    await tester.getByTestId('tester-trace').getByTestId('identity-override').waitFor();
    await screenshotEverywhere(e2e(), 'lab-13-tester-as-context', tester.getByTestId('tester-as-context-on'));

    // A context APIG would refuse is caught before sending, naming the key.
    await tester.getByTestId('tester-as-context-json').fill('{"user": {"nested": 1}}');
    await tester.getByTestId('send').click();
    await expect.poll(() => tester.textContent()).toContain('As context: user must be a string, number or boolean');
    await tester.getByTestId('tester-as-context-off').click();
    expect(await tester.getByTestId('tester-as-context-on').count()).toBe(0);

    await page.getByTestId('open-gateway').click();
    const log = visiblePane(page);
    await log.getByTestId('export-har').click();
    await log.getByTestId('har-override-refused').waitFor();
    expect(await log.getByTestId('har-override-refused').textContent()).toContain('identity override');
    await screenshotEverywhere(e2e(), 'lab-14-har-refused', log.getByTestId('har-override-refused'));
    const har = await downloaded(page, () => log.getByTestId('har-include-overrides').click());
    expect(har.json.log.entries.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(har.json)).toContain('identity override');
  });

  it('the function editor keeps named test events, runs one, and sends it through the gateway', async () => {
    const { page, client } = e2e();
    await page.getByTestId('function-item').filter({ hasText: 'hello_fn' }).click();
    const editor = visiblePane(page);
    const test = editor.getByTestId('function-test');
    await test.scrollIntoViewIfNeeded();
    const event = { httpMethod: 'POST', path: '/hello', queryStringParameters: { name: 'e2e' }, headers: { 'content-type': 'text/plain' }, body: 'hi there', isBase64Encoded: false, requestContext: { stage: 'RELEASE' } };
    await replaceEditorText(page, '.pane:not(.hidden) [data-testid="function-event-editor"]', JSON.stringify(event, null, 2));
    await test.getByTestId('function-event-editor').locator('.view-lines').filter({ hasText: 'hi there' }).waitFor();
    await test.getByTestId('event-name').fill('post hello');
    await test.getByTestId('event-save').click();
    await expect.poll(async () => (await client.listTestEvents({ functionId: (await client.listFunctions()).find((f) => f.name === 'hello_fn')!.id })).map((e) => e.name)).toEqual(['post hello']);
    await expect.poll(() => test.getByTestId('event-pick').locator('option').allTextContents()).toContain('post hello');

    await test.getByTestId('event-run').click();
    await expect.poll(() => test.getByTestId('function-test-result').textContent(), { timeout: 15_000 }).toContain('hello, e2e');
    expect(await test.getByTestId('function-test-result').textContent()).toContain('hi there');
    await e2e().screenshot('lab-15-function-test-run');

    await test.getByTestId('event-send-gateway').click();
    await test.getByTestId('event-open-trace').waitFor({ timeout: 15_000 });
    expect(await test.getByTestId('function-test-result').textContent()).toContain('200');
    expect(await test.getByTestId('function-test-result').textContent()).toContain('say_hello');
    await screenshotEverywhere(e2e(), 'lab-16-function-test-sent', test);

    // A picked event comes back into the editor; Delete removes it from the workspace.
    await replaceEditorText(page, '.pane:not(.hidden) [data-testid="function-event-editor"]', '{}');
    // The paste lands asynchronously: wait for it, or it could overwrite the picked event.
    await expect.poll(() => test.getByTestId('function-event-editor').locator('.view-lines').textContent()).not.toContain('hi there');
    // The bar has seen the edit too (it compares the editor's text with the picked event): picking
    // now is not overtaken by it.
    await test.getByText('edited since saved').waitFor({ timeout: 15_000 });
    await test.getByTestId('event-pick').selectOption({ label: 'post hello' });
    await test.getByTestId('function-event-editor').locator('.view-lines').filter({ hasText: 'hi there' }).waitFor({ timeout: 15_000 });
    await test.getByTestId('event-delete').click();
    await expect.poll(() => test.getByTestId('event-pick').locator('option').allTextContents()).not.toContain('post hello');
  });

  it("the authorizer editor's Test offers the bound function's named events: save one, pick it back, run it", async () => {
    const { page, client } = e2e();
    await page.getByTestId('authorizer-item').filter({ hasText: 'python_authorizer' }).click();
    const panel = visiblePane(page).getByTestId('authorizer-test');
    await panel.scrollIntoViewIfNeeded();
    const event = { headers: { test: 'abc' }, queryStringParameters: {}, httpMethod: 'GET', path: '/guide', requestContext: { requestId: 'named' } };
    await replaceEditorText(page, '.pane:not(.hidden) [data-testid="event-editor"]', JSON.stringify(event, null, 2));
    await panel.getByTestId('event-editor').locator('.view-lines').filter({ hasText: '"named"' }).waitFor();
    await panel.getByTestId('event-name').fill('abc header');
    await panel.getByTestId('event-save').click();
    const fnId = (await client.listFunctions()).find((f) => f.name === 'python_auth')!.id;
    await expect.poll(async () => (await client.listTestEvents({ functionId: fnId })).map((e) => e.name)).toContain('abc header');

    await replaceEditorText(page, '.pane:not(.hidden) [data-testid="event-editor"]', '{}');
    // The paste lands asynchronously: wait for it, or it could overwrite the picked event.
    await expect.poll(() => panel.getByTestId('event-editor').locator('.view-lines').textContent()).not.toContain('"named"');
    await panel.getByTestId('event-pick').selectOption({ label: 'abc header' });
    await panel.getByTestId('event-editor').locator('.view-lines').filter({ hasText: '"named"' }).waitFor();
    await panel.getByTestId('run-test').click();
    await expect.poll(() => panel.getByTestId('authorizer-run').getByTestId('decision').textContent(), { timeout: 15_000 }).toBe('allow');
    await e2e().screenshot('lab-19-authorizer-named-event');
  });

  it('opens a suite file as a new suite, keeps unsaved edits per suite while switching, saves it, and downloads it unchanged', async () => {
    const { page, client } = e2e();
    // A fresh Lab: opening a file is refused while another new suite has unsaved edits.
    const lab = await openFreshLab(page);
    const text = '# kept in git\nname: ci\ncases:\n  - name: status is up\n    request: { path: /status }\n    expect: { status: 200, decision: not_called }\n';
    await lab.getByTestId('lab-suite-file').setInputFiles({ name: 'ci-suite.yaml', mimeType: 'application/yaml', buffer: Buffer.from(text) });
    await expect.poll(() => lab.getByTestId('lab-suite-name').inputValue()).toBe('ci-suite');
    await lab.getByTestId('lab-suite-editor').locator('.view-lines').filter({ hasText: 'kept in git' }).waitFor();
    await lab.getByTestId('lab-suite-save').click();
    await expect.poll(async () => (await client.listTestSuites()).find((x) => x.name === 'ci-suite')?.text).toBe(text);
    await expect.poll(() => lab.getByTestId('lab-suite-save').isDisabled()).toBe(true);

    // An edit stays with its suite while another is shown, marked in the picker.
    await replaceEditorText(page, '.pane:not(.hidden) [data-testid="lab-suite-editor"]', text.replace('status is up', 'status is still up'));
    await lab.getByTestId('lab-suite-editor').locator('.view-lines').filter({ hasText: 'still up' }).waitFor();
    const picked = await lab.getByTestId('lab-suite-pick').inputValue();
    const other = (await client.saveTestSuite({ name: `other ${Date.now()}`, text: 'cases: []\n' })).id;
    await expect.poll(() => lab.getByTestId('lab-suite-pick').locator(`option[value="${other}"]`).count()).toBe(1);
    await lab.getByTestId('lab-suite-pick').selectOption(other);
    await lab.getByTestId('lab-suite-pick').selectOption(picked);
    await lab.getByTestId('lab-suite-editor').locator('.view-lines').filter({ hasText: 'still up' }).waitFor();
    expect(await lab.getByTestId('lab-suite-pick').locator('option:checked').textContent()).toBe('● ci-suite');
    await e2e().screenshot('lab-20-suite-unsaved-edit');
    await lab.getByTestId('lab-run-suite').click();
    await expect.poll(() => lab.getByTestId('lab-suite-summary').textContent(), { timeout: 20_000 }).toContain('1 passed');

    const [download] = await Promise.all([page.waitForEvent('download'), lab.getByTestId('lab-suite-download').click()]);
    expect(download.suggestedFilename()).toBe('ci-suite.yaml');
    expect(fs.readFileSync(await download.path(), 'utf8')).toBe(text.replace('status is up', 'status is still up'));
    await client.removeTestSuite({ id: other });
  });

  it('the suite editor completes keys where they belong and the values of decision, with the reader\'s diagnostics as markers', async () => {
    const { page } = e2e();
    await page.getByTestId('open-lab').click();
    const lab = visiblePane(page);
    // A new suite (already shown when the workspace has none).
    await lab.getByTestId('lab-suite-pick').waitFor();
    if (await lab.getByTestId('lab-suite-new').isEnabled()) await lab.getByTestId('lab-suite-new').click();
    await replaceEditorText(page, '.pane:not(.hidden) [data-testid="lab-suite-editor"]', 'cases:\n  - name: completed\n    request: { path: /guide }\n    expect:\n      ');
    await lab.getByTestId('lab-suite-editor').locator('.view-lines').filter({ hasText: 'completed' }).waitFor();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Control+Space');
    const widget = lab.locator('.suggest-widget');
    await widget.getByText('decision', { exact: true }).waitFor();
    expect(await widget.getByText('backendHeaders', { exact: true }).count()).toBe(1);
    await e2e().screenshot('lab-17-suite-completion-keys');
    await widget.getByText('decision', { exact: true }).click();
    await page.keyboard.press('Control+Space');
    await widget.getByText('identities_failure', { exact: true }).waitFor();
    await screenshotEverywhere(e2e(), 'lab-18-suite-completion-values', lab.getByTestId('lab-suite-editor'));
    await page.keyboard.press('Control+Space');
    await widget.getByText('identities_failure', { exact: true }).click();
    await lab.getByTestId('lab-suite-editor').locator('.view-lines').filter({ hasText: 'decision: identities_failure' }).waitFor();
    await expect.poll(() => lab.getByTestId('lab-suite-diagnostics').textContent()).toContain('The suite reads fine');
    await lab.getByTestId('lab-run-suite').click();
    await expect.poll(() => lab.getByTestId('lab-suite-summary').textContent(), { timeout: 20_000 }).toContain('1 passed');
  });

  it('a suite file opened before the suite list arrives stays the suite shown once the list is in', async () => {
    const { page, client } = e2e();
    // A saved suite for the first load to pick, whatever the other tests left.
    const listed = (await client.saveTestSuite({ name: `listed ${Date.now()}`, text: 'cases: []\n' })).id;
    // The list is held back until the file is open, so the order is certain rather than a race (a
    // loaded machine once lost it: the Lab's first load then switched to the suite shown last).
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const hold = async (route: Route) => {
      await held;
      await route.continue();
    };
    await page.route('**/api/listTestSuites', hold);
    try {
      const lab = await openFreshLab(page);
      const text = '# opened early\ncases: []\n';
      await lab.getByTestId('lab-suite-file').setInputFiles({ name: 'early.yaml', mimeType: 'application/yaml', buffer: Buffer.from(text) });
      await expect.poll(() => lab.getByTestId('lab-suite-name').inputValue()).toBe('early');
      release();
      // The saved suites are listed now, and the file is still the one shown.
      await expect.poll(() => lab.getByTestId('lab-suite-pick').locator(`option[value="${listed}"]`).count()).toBe(1);
      expect(await lab.getByTestId('lab-suite-name').inputValue()).toBe('early');
      await lab.getByTestId('lab-suite-editor').locator('.view-lines').filter({ hasText: 'opened early' }).waitFor();
    } finally {
      release();
      await page.unroute('**/api/listTestSuites', hold);
      await closeTabIfOpen(page, 'Authorizer lab');
      await client.removeTestSuite({ id: listed });
    }
  });
});
