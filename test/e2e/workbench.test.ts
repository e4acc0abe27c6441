/**
 * A new user's first session, in a real Chromium against the real browser host and local gateway:
 * open the sample workspace, edit an authorizer in Monaco and save, send requests that are allowed
 * and denied and see the mapped backend header, open a definition with a mistake and see the marker,
 * import a definition and find its APIs, and watch the gateway's live log.
 * Screenshots of each main screen go to test-results/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SHARED_EXAMPLES } from '../shared-examples';
import type { WorkbenchApi } from '../../src-shared/contract';
import { until } from '../setup/until';
import { hasChromium, CHROMIUM, replaceEditorText, useE2E } from './harness';
import { setTheme } from './screens';

if (!hasChromium) {
  console.warn(`[e2e] skipped: no Chromium at ${CHROMIUM}. Install it (apt-get install -y chromium) to run the end-to-end tests.`);
}

const MOCK_EXAMPLE = fs.existsSync(path.join(SHARED_EXAMPLES, 'otc-docs_import-mock-none_swagger2.yaml'))
  ? fs.readFileSync(path.join(SHARED_EXAMPLES, 'otc-docs_import-mock-none_swagger2.yaml'), 'utf8')
  : // The same definition, kept here so the test does not depend on the shared folder.
    `swagger: "2.0"\ninfo:\n  title: "importMockEndpoint"\n  version: "1.0"\npaths:\n  '/mock':\n    get:\n      operationId: "mock"\n      responses:\n        "200":\n          description: "mock result"\n      x-apigateway-backend:\n        type: "MOCK"\n        mockEndpoints:\n          result-content: "{\\"message\\": \\"mocked\\"}"\n`;

/** Tabs stay mounted when hidden: look only inside the visible one. */
const inActiveTab = (page: Page, testId: string) => page.locator('.pane:not(.hidden)').getByTestId(testId);

const BOB_LINE = `'bob-token': { user: 'bob', role: 'reader' },`;
const E2E_LINE = `'e2e-token': { user: 'erin', role: 'tester' },`;
/** The token the Monaco test adds in the editor (its own, so it does not matter who added erin's). */
const MONACO_LINE = `'monaco-token': { user: 'mona', role: 'tester' },`;

/**
 * The sample's Node.js authorizer knowing one more token (erin), written through the contract by
 * the tests that send erin's token, so each test stands on its own (`-t` one of them, or reorder them).
 */
async function authorizerKnowsE2EToken(client: WorkbenchApi): Promise<void> {
  const fn = (await client.listFunctions()).find((f) => f.name === 'node_auth')!;
  const code = fn.source.kind === 'inline' ? fn.source.code : '';
  if (code.includes(E2E_LINE)) return;
  await client.updateFunction({ id: fn.id, patch: { source: { kind: 'inline', code: code.replace(BOB_LINE, `${BOB_LINE}\n  ${E2E_LINE}`) } } });
}

/** The gateway's answer, drained (the traces are what the callers want). */
async function sendThroughGateway(url: string, authorization: string): Promise<number> {
  const res = await fetch(url, { headers: { authorization } });
  await res.arrayBuffer();
  return res.status;
}

describe.skipIf(!hasChromium)('workbench UI end to end (Chromium)', () => {
  const e2e = useE2E();

  it('opens the sample workspace with its APIs, authorizers and the gateway address', async () => {
    const { page } = e2e();
    await expect.poll(() => page.getByTestId('workspace-name').textContent()).toBe('workspace.db');
    await expect.poll(() => page.getByTestId('api-item').count()).toBeGreaterThanOrEqual(5);
    await page.getByTestId('api-item').filter({ hasText: 'get_profile' }).waitFor();
    await page.getByTestId('authorizer-item').filter({ hasText: 'node_authorizer' }).waitFor();
    expect(await page.getByTestId('statusbar').textContent()).toContain(e2e().gatewayUrl);
    await e2e().screenshot('01-welcome');
  });

  it('edits the Node.js authorizer in Monaco, saves with Ctrl+S, and its Test shows allow', async () => {
    const { page, client } = e2e();
    await page.getByTestId('authorizer-item').filter({ hasText: 'node_authorizer' }).click();
    const editor = page.getByTestId('authorizer-editor');
    await editor.getByTestId('code-editor').locator('.view-lines').filter({ hasText: 'alice-token' }).waitFor();

    const fn = (await client.listFunctions()).find((f) => f.name === 'node_auth')!;
    const original = fn.source.kind === 'inline' ? fn.source.code : '';
    const edited = original.replace(BOB_LINE, `${BOB_LINE}\n  ${MONACO_LINE}`);
    expect(edited).not.toBe(original);
    await replaceEditorText(page, '[data-testid="authorizer-editor"] [data-testid="code-editor"]', edited);
    await editor.getByText('unsaved').waitFor();
    await page.keyboard.press('ControlOrMeta+S');
    await expect.poll(async () => {
      const saved = (await client.listFunctions()).find((f) => f.name === 'node_auth')!;
      return saved.source.kind === 'inline' ? saved.source.code : '';
    }).toBe(edited);
    await editor.getByText('unsaved').waitFor({ state: 'detached' });

    // Test the authorizer with the new token: the event is pre-filled, we set the header.
    const eventText = await page.evaluate(() => document.querySelector('[data-testid="event-editor"] .view-lines')?.textContent ?? '');
    expect(eventText).toContain('authorization');
    const event = { headers: { authorization: 'Bearer monaco-token' }, queryStringParameters: {}, httpMethod: 'GET', path: '/profile', pathParameters: {}, requestContext: { apiId: 'x', requestId: 'y', stage: 'RELEASE', sourceIp: '127.0.0.1' }, isBase64Encoded: false, user_data: 'sample-user-data' };
    await replaceEditorText(page, '[data-testid="event-editor"]', JSON.stringify(event, null, 2));
    await editor.getByTestId('run-test').click();
    const run = editor.getByTestId('authorizer-test').getByTestId('authorizer-run');
    await expect.poll(() => run.getByTestId('decision').textContent()).toBe('allow');
    expect(await run.textContent()).toContain('mona');
    await e2e().screenshot('02b-authorizer-test');
    await page.evaluate(() => document.querySelector('[data-testid="pane-authorizer"]')?.scrollTo(0, 0));
    await e2e().screenshot('02a-authorizer-editor');
  });

  it('sends a request in the tester: allowed, then denied, and shows the mapped backend header', async () => {
    const { page, client } = e2e();
    await authorizerKnowsE2EToken(client);
    await page.getByTestId('open-tester').click();
    const tester = page.getByTestId('tester');
    const getProfile = await tester.getByTestId('pick-api').locator('option', { hasText: 'get_profile' }).getAttribute('value');
    await tester.getByTestId('pick-api').selectOption(getProfile!);
    await expect.poll(() => tester.getByTestId('tester-url').inputValue()).toBe('/profile');
    // The authorizer's identity source (Authorization) was pre-filled as a header row.
    const headers = tester.getByTestId('tester-headers');
    await expect.poll(() => headers.getByLabel('Header 1').inputValue()).toBe('Authorization');
    await headers.getByLabel('Value 1').fill('Bearer e2e-token');
    await tester.getByTestId('send').click();

    const trace = tester.getByTestId('tester-trace');
    await expect.poll(() => tester.getByTestId('response-status').textContent()).toBe('200');
    await expect.poll(() => trace.getByTestId('decision').first().textContent()).toBe('allow');
    const backendCall = trace.getByTestId('backend-call');
    await expect.poll(() => backendCall.textContent()).toContain('x-user-name');
    const row = backendCall.locator('tr', { hasText: 'x-user-name' });
    expect(await row.textContent()).toContain('erin');
    const mapping = trace.getByTestId('param-mapping');
    expect(await mapping.textContent()).toContain('$context.authorizer.frontend.user');
    await e2e().screenshot('03-tester-allow');

    // Same request with a token the authorizer does not know: denied by the gateway with 401.
    await headers.getByLabel('Value 1').fill('Bearer wrong');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => tester.getByTestId('response-status').textContent()).toBe('401');
    await expect.poll(() => trace.getByTestId('decision').first().textContent()).toBe('deny');
    expect(await trace.getByTestId('backend-call').count()).toBe(0);
    await e2e().screenshot('04-tester-deny');
  });

  it('offers the authorizer\'s context keys (learned from its test and traces) when mapping a backend parameter', async () => {
    const { page } = e2e();
    // Traces of an allow (context user, role) and a deny (context code) of its own, whatever ran before.
    expect(await sendThroughGateway(`${e2e().gatewayUrl}/profile`, 'Bearer alice-token')).toBe(200);
    expect(await sendThroughGateway(`${e2e().gatewayUrl}/profile`, 'Bearer not-a-user')).toBe(401);
    await page.getByTestId('api-item').filter({ hasText: 'get_profile' }).click();
    const editor = inActiveTab(page, 'api-editor');
    await editor.getByTestId('backend-params').waitFor();
    const rowsBefore = await editor.getByTestId('backend-param-row').count();
    await editor.getByTestId('add-backend-param').click();
    await expect.poll(() => editor.getByTestId('backend-param-row').count()).toBe(rowsBefore + 1);
    await editor.getByTestId('backend-param-row').last().getByTestId('param-picker').click();
    const keys = editor.getByTestId('picker-context-key');
    await expect.poll(async () => (await keys.allTextContents()).sort()).toEqual(['code', 'role', 'user']);
    await e2e().screenshot('04b-api-editor-picker');
    await keys.filter({ hasText: 'role' }).click();
    expect(await editor.getByTestId('backend-param-row').last().getByLabel(`Backend parameter ${rowsBefore + 1} value`).inputValue()).toBe('$context.authorizer.frontend.role');
    await page.getByRole('tab', { name: /get_profile/ }).getByLabel('Close tab').click();
    // The new mapping row is an unsaved edit: closing asks first.
    await page.getByTestId('discard-dialog').getByTestId('discard-changes').click();
  });

  it('pastes a curl command into the tester to fill the form', async () => {
    const { page } = e2e();
    await page.getByTestId('open-tester').click();
    const tester = page.getByTestId('tester');
    await tester.getByTestId('paste-curl').click();
    await tester.getByTestId('curl-input').fill(`curl -X POST '${e2e().gatewayUrl}/hello?name=you' -H 'Content-Type: text/plain' --data-raw 'hi there'`);
    await tester.getByTestId('apply-curl').click();
    await expect.poll(() => tester.getByTestId('tester-method').inputValue()).toBe('POST');
    expect(await tester.getByTestId('tester-url').inputValue()).toBe(`${e2e().gatewayUrl}/hello`);
    await tester.getByTestId('send').click();
    await expect.poll(() => tester.getByTestId('response-status').textContent()).toBe('200');
  });

  it('opens a definition file with a mistake and shows it as a marker in Monaco', async () => {
    const { page } = e2e();
    await page.getByTestId('open-definition').click();
    const screen = page.getByTestId('definition-editor');
    const broken = MOCK_EXAMPLE.replace('type: "MOCK"', 'type: "MOCKUP"');
    expect(broken).not.toBe(MOCK_EXAMPLE);
    await screen.getByTestId('definition-file').setInputFiles({ name: 'broken.yaml', mimeType: 'application/yaml', buffer: Buffer.from(broken) });
    await screen.getByTestId('diagnostic').filter({ hasText: 'MOCKUP' }).waitFor();
    // Monaco draws an error squiggle where the importer located the problem.
    await screen.locator('.squiggly-error').first().waitFor();
    expect(await screen.getByTestId('error-count').textContent()).toBe('1 error');
    expect(await screen.getByTestId('import').isDisabled()).toBe(true);
    await e2e().screenshot('05-definition-marker');

    // Fixing the text in the editor clears the marker (the check re-runs as you type).
    await replaceEditorText(page, '[data-testid="definition-editor"]', MOCK_EXAMPLE);
    await expect.poll(() => screen.getByTestId('error-count').textContent()).toBe('0 errors');
    await expect.poll(() => screen.locator('.squiggly-error').count()).toBe(0);
  });

  it('imports a definition and its APIs appear in the explorer', async () => {
    const { page, client } = e2e();
    await page.getByTestId('open-definition').click();
    const screen = page.getByTestId('definition-editor');
    await screen.getByTestId('definition-file').setInputFiles({ name: 'mock.yaml', mimeType: 'application/yaml', buffer: Buffer.from(MOCK_EXAMPLE) });
    await screen.getByTestId('import-summary').waitFor();
    await expect.poll(() => screen.getByTestId('import').isDisabled()).toBe(false);
    await screen.getByTestId('import').click();
    await expect.poll(() => screen.getByTestId('import-result').textContent()).toContain('1 created');

    const filter = page.getByTestId('api-filter');
    try {
      await filter.fill('/mock');
      await expect.poll(() => page.getByTestId('api-item').count()).toBe(1);
      expect(await page.getByTestId('api-item').textContent()).toContain('mock');
      const groups = await client.listGroups();
      expect(groups.map((g) => g.name)).toContain('importMockEndpoint');
      await e2e().screenshot('06-imported');

      await page.getByTestId('api-item').click();
      await inActiveTab(page, 'api-editor').getByTestId('frontend-section').waitFor();
    } finally {
      // The explorer lists every API again for the tests after this one.
      await filter.fill('');
    }
    await e2e().screenshot('07-api-editor');
  });

  it('shows the store\'s validation message at the field when saving a bad API', async () => {
    const { page, client } = e2e();
    // An API of its own to spoil, opened in its editor.
    const group = (await client.listGroups()).find((g) => g.name === 'sample_shop')!;
    await client.createApi({ input: { groupId: group.id, name: 'validation_target', method: 'GET', path: '/validation-target', backend: { type: 'MOCK' } } });
    await page.getByTestId('api-item').filter({ hasText: 'validation_target' }).click();
    const editor = inActiveTab(page, 'api-editor');
    await expect.poll(() => editor.getByTestId('api-name').inputValue()).toBe('validation_target');
    await editor.getByTestId('api-name').fill('1 bad name!');
    await editor.getByTestId('save').click();
    const fieldError = editor.getByTestId('frontend-section').locator('.field.invalid', { has: page.getByTestId('api-name') }).locator('.field-error');
    await fieldError.waitFor();
    expect((await fieldError.textContent())!.length).toBeGreaterThan(5);
    // Leave no spoiled draft behind for the tests after this one.
    await page.getByRole('tab', { selected: true }).getByLabel('Close tab').click();
    await page.getByTestId('discard-dialog').getByTestId('discard-changes').click();
  });

  it('lists a request sent by another client (like curl) in the gateway\'s live log and opens its trace', async () => {
    const { page } = e2e();
    await page.getByTestId('open-gateway').click();
    const panel = page.getByTestId('gateway-panel');
    expect(await panel.getByTestId('gateway-url').textContent()).toBe(e2e().gatewayUrl);
    const res = await fetch(`${e2e().gatewayUrl}/status?from=outside`);
    expect(res.status).toBe(200);
    const row = panel.getByTestId('log-row').filter({ hasText: '/status?from=outside' });
    await row.first().waitFor();
    await e2e().screenshot('08-gateway-panel');
    await row.first().click();
    const trace = page.getByTestId('trace-screen');
    await trace.getByTestId('stage-route').waitFor();
    expect(await trace.getByTestId('trace-view').textContent()).toContain('service_status');
    await e2e().screenshot('09-trace');
  });

  it('switches to the dark theme', async () => {
    const { page } = e2e();
    await page.getByTestId('open-tester').click();
    try {
      await page.getByTestId('theme-toggle').click();
      await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      await e2e().screenshot('10-dark-tester');
    } finally {
      // The theme is remembered: the tests after this one take their screenshots in the light one.
      await setTheme(e2e(), 'light');
    }
  });

  it('keeps the main screens readable in the dark theme', async () => {
    const { page } = e2e();
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    try {
      if ((await theme()) !== 'dark') await page.getByTestId('theme-toggle').click();
      await expect.poll(theme).toBe('dark');
      await page.getByRole('tab', { name: /Start/ }).click();
      await e2e().screenshot('10b-dark-welcome');
      await page.getByTestId('api-item').filter({ hasText: 'get_profile' }).click();
      await inActiveTab(page, 'api-editor').getByTestId('frontend-section').waitFor();
      await e2e().screenshot('10c-dark-api-editor');
      await page.getByTestId('authorizer-item').filter({ hasText: 'node_authorizer' }).click();
      await inActiveTab(page, 'authorizer-editor').waitFor();
      await e2e().screenshot('10d-dark-authorizer');
      await page.getByTestId('theme-toggle').click();
      await expect.poll(theme).toBe('light');
    } finally {
      await setTheme(e2e(), 'light');
    }
  });

  it('edits gateway responses per type: field checks, preview, restore default, and the gateway answers with them', async () => {
    const { page, client } = e2e();
    const original = (await client.listResponseSets()).find((s) => s.isDefault && s.responses.AUTHORIZER_FAILURE)!;
    const setId = original.id;
    try {
      // The section starts closed; a test before may have opened it.
      const section = page.getByTestId('section-responses');
      if ((await section.locator('.section-body').count()) === 0) await section.locator('.section-head').click();
      await section.locator('.tree-item', { hasText: 'sample_shop' }).click();
      const editor = page.getByTestId('response-set-editor');
      const row = (type: string) => editor.locator(`[data-testid="response-type-row"][data-type="${type}"]`);
      // Every APIG type is listed; the sample customises AUTHORIZER_FAILURE, which opens selected.
      await expect.poll(() => editor.getByTestId('response-type-row').count()).toBe(19);
      expect(await row('AUTHORIZER_FAILURE').textContent()).toContain('401');
      const preview = editor.getByTestId('response-preview');
      expect(await preview.getByTestId('rt-preview-status').textContent()).toBe('401');
      expect(await preview.getByTestId('rt-preview-body').textContent()).toContain('Access denied by the custom authorizer');
      // The template uses the authorizer's context: give it a sample value and see it rendered.
      const codeSample = preview.getByLabel('Sample value of $context.authorizer.frontend.code');
      await codeSample.fill('E_DENIED');
      await expect.poll(() => preview.getByTestId('rt-preview-body').textContent()).toContain('"error_code": "E_DENIED"');

      // THROTTLED: default 429; a forbidden status and a bad header key are refused at the field.
      await row('THROTTLED').click();
      expect(await row('THROTTLED').textContent()).toContain('429');
      const typeEditor = editor.getByTestId('response-type-editor');
      await typeEditor.getByTestId('rt-status').fill('444');
      await typeEditor.locator('.field.invalid .field-error').filter({ hasText: '444' }).waitFor();
      await typeEditor.getByTestId('rt-status').fill('503');
      await typeEditor.getByTestId('rt-add-header').click();
      await typeEditor.getByTestId('rt-header-key').fill('X Retry');
      await typeEditor.getByTestId('rt-header-value').fill('$context.error.code');
      await typeEditor.locator('td.invalid .field-error').filter({ hasText: 'letters, digits' }).waitFor();
      await e2e().screenshot('11b-gateway-responses-invalid');
      await editor.getByTestId('save').click();
      await editor.getByTestId('save-blocked').waitFor();
      await typeEditor.getByTestId('rt-header-key').fill('X-Retry-Reason');
      await expect.poll(() => typeEditor.locator('.field-error').count()).toBe(0);
      expect(await preview.getByTestId('rt-preview-status').textContent()).toBe('503');
      expect(await preview.textContent()).toContain('APIG.0308');
      await e2e().screenshot('11-gateway-responses');
      await page.keyboard.press('ControlOrMeta+S');
      await expect.poll(async () => (await client.getResponseSet({ id: setId })).responses.THROTTLED?.status).toBe(503);
      expect((await client.getResponseSet({ id: setId })).responses.THROTTLED?.headers).toEqual([{ key: 'X-Retry-Reason', value: '$context.error.code' }]);

      // Restore default removes the customisation.
      await typeEditor.getByTestId('restore-default').click();
      expect(await row('THROTTLED').textContent()).toContain('429');
      await editor.getByTestId('save').click();
      await expect.poll(async () => (await client.getResponseSet({ id: setId })).responses.THROTTLED).toBeUndefined();

      // A customised status is what the local gateway answers: a denied request now gets 403.
      await row('AUTHORIZER_FAILURE').click();
      await typeEditor.getByTestId('rt-status').fill('403');
      await editor.getByTestId('save').click();
      await expect.poll(async () => (await client.getResponseSet({ id: setId })).responses.AUTHORIZER_FAILURE?.status).toBe(403);
      const denied = await fetch(`${e2e().gatewayUrl}/profile`, { headers: { Authorization: 'Bearer not-a-user' } });
      expect(denied.status).toBe(403);
      expect(await denied.text()).toContain('Access denied by the custom authorizer');
    } finally {
      // The sample's responses again (its denial is a 401 for the tests after this one).
      await client.updateResponseSet({ id: setId, patch: { responses: original.responses } });
    }
  });

  // A second window loads the whole app: about 25 s on a loaded 2-core machine, so more than the default 30 s to spare.
  it('shows an API created in another window, and reloads an open editor changed elsewhere, without a page reload', { timeout: 90_000 }, async () => {
    const { page, client, host } = e2e();
    const other = await page.context().newPage();
    try {
      await other.goto(host.launchUrl);
      await other.getByTestId('api-item').first().waitFor();
      await other.getByRole('button', { name: 'New API', exact: true }).click();
      // The new window restored this window's open tabs (same storage): fill the new API's tab.
      const form = inActiveTab(other, 'api-editor');
      await form.getByTestId('api-name').fill('from_other_window');
      await form.getByTestId('api-path').fill('/other-window');
      await form.getByTestId('backend-type-MOCK').click();
      await form.getByTestId('save').click();
      // The first window never reloaded: the core's change event brought the API into its explorer.
      await page.getByTestId('api-item').filter({ hasText: 'from_other_window' }).waitFor();

      // Open it in the first window, then change it from elsewhere: the (unchanged) editor follows.
      await page.getByTestId('api-item').filter({ hasText: 'from_other_window' }).click();
      const editor = inActiveTab(page, 'api-editor');
      await expect.poll(() => editor.getByTestId('api-name').inputValue()).toBe('from_other_window');
      const api = (await client.listApis()).find((a) => a.api.name === 'from_other_window')!.api;
      await client.updateApi({ id: api.id, patch: { description: 'changed by another client' } });
      await expect.poll(() => editor.getByTestId('api-description').inputValue()).toBe('changed by another client');

      // With unsaved edits, it warns instead of overwriting them.
      await editor.getByTestId('api-description').fill('my unsaved edit');
      await client.updateApi({ id: api.id, patch: { description: 'changed again elsewhere' } });
      await editor.getByTestId('external-change').waitFor();
      expect(await editor.getByTestId('api-description').inputValue()).toBe('my unsaved edit');
      await e2e().screenshot('12-changed-elsewhere');
      await editor.getByRole('button', { name: 'Load the saved version' }).click();
      expect(await editor.getByTestId('api-description').inputValue()).toBe('changed again elsewhere');
    } finally {
      await other.close();
    }
  });

  it('the group editor keeps unsaved edits when the group changes elsewhere, and offers the saved version', async () => {
    const { page, client } = e2e();
    const group = (await client.listGroups()).find((g) => g.name === 'sample_shop')!;
    await page.getByTestId('section-groups').getByText('sample_shop', { exact: true }).click();
    const editor = inActiveTab(page, 'group-editor');
    await expect.poll(() => editor.getByTestId('group-name').inputValue()).toBe('sample_shop');
    await client.updateGroup({ id: group.id, patch: { description: 'changed by another client' } });
    await expect.poll(() => editor.getByTestId('group-description').inputValue()).toBe('changed by another client');
    await editor.getByTestId('group-description').fill('my unsaved edit');
    await client.updateGroup({ id: group.id, patch: { description: 'changed again elsewhere' } });
    await editor.getByTestId('external-change').waitFor();
    expect(await editor.getByTestId('group-description').inputValue()).toBe('my unsaved edit');
    await editor.getByRole('button', { name: 'Load the saved version' }).click();
    expect(await editor.getByTestId('group-description').inputValue()).toBe('changed again elsewhere');
  });

  it('opens the workspace dialog, refuses a file that is not a workspace, creates an empty workspace and goes back', async () => {
    const { page, dir, client } = e2e();
    const sampleFile = path.join(dir, 'workspace.db');
    try {
      await page.getByTestId('open-workspace-dialog').click();
      const dialog = page.getByTestId('workspace-dialog');
      expect(await dialog.getByTestId('current-workspace-file').textContent()).toBe(sampleFile);

      // Not a workspace: the error appears under the path the user typed.
      const notes = path.join(dir, 'notes.txt');
      fs.writeFileSync(notes, 'these are notes, not a workspace; '.repeat(10));
      await dialog.getByTestId('open-workspace-path').fill(notes);
      await dialog.getByTestId('open-workspace').click();
      await expect.poll(() => dialog.getByTestId('open-error').textContent()).toContain('not a SQLite database');
      // Creating over an existing file is refused too.
      await dialog.getByTestId('create-workspace-path').fill(notes);
      await dialog.getByTestId('create-workspace').click();
      await expect.poll(() => dialog.getByTestId('create-error').textContent()).toContain('already exists');
      await e2e().screenshot('13-workspace-dialog-errors');

      const emptyFile = path.join(dir, 'empty.db');
      await dialog.getByTestId('create-workspace-path').fill(emptyFile);
      await dialog.getByTestId('create-empty').check();
      await dialog.getByTestId('create-workspace').click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => page.getByTestId('workspace-name').textContent()).toBe('empty.db');
      // Tabs of the previous workspace are gone; the explorer shows its empty states.
      await expect.poll(() => page.getByTestId('api-item').count()).toBe(0);
      await page.getByTestId('welcome').getByText('An empty workspace').waitFor();
      expect(await page.getByTestId('section-groups').textContent()).toContain('No groups yet');
      await e2e().screenshot('14-empty-workspace');
      await page.getByRole('button', { name: 'New API', exact: true }).click();
      await page.getByText('Create a group first').first().waitFor();
      await page.getByTestId('theme-toggle').click();
      await e2e().screenshot('14b-empty-workspace-dark');
      await page.getByTestId('theme-toggle').click();

      // Back to the sample through the recent list, from the empty workspace's Start tab.
      await page.getByRole('tab', { name: /Start/ }).click();
      await page.getByTestId('welcome-open-workspace').click();
      await e2e().screenshot('13b-workspace-dialog');
      await dialog.getByTestId('recent-workspace').filter({ hasText: 'workspace.db' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect.poll(() => page.getByTestId('workspace-name').textContent()).toBe('workspace.db');
      await page.getByTestId('api-item').filter({ hasText: 'get_profile' }).waitFor();
    } finally {
      // The sample workspace again for the tests after this one, wherever a failure left off.
      if ((await client.workspaceInfo()).file !== sampleFile) await client.openWorkspace({ file: sampleFile });
    }
  });

  it('keeps only the visible rows of a 5,000-API list in the page, refreshed once from the core\'s change events, and filters it', async () => {
    const { page, session, client } = e2e();
    const store = session.workbench.store;
    const apiCount = () => page.getByTestId('section-apis').locator('.section-head .count').textContent();
    const countBefore = String((await client.listApis()).length);
    let bulkGroupId: string | undefined;
    try {
      const listCalls: string[] = [];
      const countListApis = (request: { url(): string }) => {
        if (request.url().endsWith('/api/listApis')) listCalls.push(request.url());
      };
      // The page's clock stands still while the 5,001 change events arrive, so the change batcher
      // (150 ms of quiet, 1 s at most) cannot flush in the middle of the burst however slowly the
      // events come; Chromium's own count of the server-sent events received says when all are in.
      const cdp = await page.context().newCDPSession(page);
      let changeEvents = 0;
      cdp.on('Network.eventSourceMessageReceived', (e) => {
        if (e.data.includes('"workspace-changed"')) changeEvents++;
      });
      await cdp.send('Network.enable');
      await page.clock.install();
      await page.clock.pauseAt(Date.now() + 1000);
      page.on('request', countListApis);
      try {
        store.transaction(() => {
          const group = store.groups.create({ name: 'bulk_group' });
          bulkGroupId = group.id;
          for (let i = 0; i < 5000; i++) {
            store.apis.create({ groupId: group.id, name: `bulk_${i}`, method: 'GET', path: `/bulk/${i}`, backend: { type: 'MOCK' } });
          }
        });
        const total = (await client.listApis()).length;
        // No reload: 5,001 change events arrive over SSE…
        await until(() => changeEvents >= 5001, () => `5,001 change events received by the page (${changeEvents} so far)`, 3000);
        expect(listCalls).toEqual([]);
        // …and once the batcher's quiet time has passed, the list is fetched again, once.
        await page.clock.runFor(150);
        await expect.poll(apiCount, { timeout: 20_000 }).toBe(String(total));
        await page.clock.runFor(2000);
        expect(listCalls).toHaveLength(1);
      } finally {
        page.off('request', countListApis);
        await page.clock.resume();
        await cdp.detach();
      }
      await page.getByTestId('api-list').waitFor();
      // Virtualized: a screenful plus overscan, not 5,000 rows.
      expect(await page.getByTestId('api-item').count()).toBeLessThan(60);
      await page.getByTestId('api-filter').fill('bulk_4321');
      await expect.poll(() => page.getByTestId('api-item').count()).toBe(1);
      expect(await page.getByTestId('api-item').textContent()).toContain('/bulk/4321');
    } finally {
      // The workspace as it was: 5,000 more APIs would push the others out of the list's window for the tests after this one.
      await page.getByTestId('api-filter').fill('');
      if (bulkGroupId) {
        const groupId = bulkGroupId;
        store.transaction(() => {
          for (const api of store.apis.list({ groupId })) store.apis.remove(api.id);
          store.groups.remove(groupId);
        });
      }
      await expect.poll(apiCount, { timeout: 20_000 }).toBe(countBefore);
    }
  });
});
