/**
 * A new user's first session, in a real Chromium against the real browser host and local gateway:
 * open the sample workspace, edit an authorizer in Monaco and save, send requests that are allowed
 * and denied and see the mapped backend header, open a definition with a mistake and see the marker,
 * import a definition and find its APIs, and watch the gateway's live log.
 * Screenshots of each main screen go to test-results/screenshots/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, CHROMIUM, replaceEditorText, startE2E, type E2E } from './harness';

if (!hasChromium) {
  console.warn(`[e2e] skipped: no Chromium at ${CHROMIUM}. Install it (apt-get install -y chromium) to run the end-to-end tests.`);
}

const EXAMPLES = '/work/shared/apig/examples';
const MOCK_EXAMPLE = fs.existsSync(path.join(EXAMPLES, 'otc-docs_import-mock-none_swagger2.yaml'))
  ? fs.readFileSync(path.join(EXAMPLES, 'otc-docs_import-mock-none_swagger2.yaml'), 'utf8')
  : // The same definition, kept here so the test does not depend on the shared folder.
    `swagger: "2.0"\ninfo:\n  title: "importMockEndpoint"\n  version: "1.0"\npaths:\n  '/mock':\n    get:\n      operationId: "mock"\n      responses:\n        "200":\n          description: "mock result"\n      x-apigateway-backend:\n        type: "MOCK"\n        mockEndpoints:\n          result-content: "{\\"message\\": \\"mocked\\"}"\n`;

describe.skipIf(!hasChromium)('workbench UI end to end (Chromium)', () => {
  let e2e: E2E;

  beforeAll(async () => {
    e2e = await startE2E();
  }, 180_000);

  afterAll(async () => {
    await e2e?.close();
  });

  it('opens the sample workspace with its APIs, authorizers and the gateway address', async () => {
    const { page } = e2e;
    await expect.poll(() => page.getByTestId('workspace-name').textContent()).toBe('workspace.db');
    await expect.poll(() => page.getByTestId('api-item').count()).toBeGreaterThanOrEqual(5);
    await page.getByTestId('api-item').filter({ hasText: 'get_profile' }).waitFor();
    await page.getByTestId('authorizer-item').filter({ hasText: 'node_authorizer' }).waitFor();
    expect(await page.getByTestId('statusbar').textContent()).toContain(e2e.gatewayUrl);
    await e2e.screenshot('01-welcome');
  });

  it('edits the Node.js authorizer in Monaco, saves with Ctrl+S, and its Test shows allow', async () => {
    const { page, client } = e2e;
    await page.getByTestId('authorizer-item').filter({ hasText: 'node_authorizer' }).click();
    const editor = page.getByTestId('authorizer-editor');
    await editor.getByTestId('code-editor').locator('.view-lines').filter({ hasText: 'alice-token' }).waitFor();

    const fn = (await client.listFunctions()).find((f) => f.name === 'node_auth')!;
    const original = fn.source.kind === 'inline' ? fn.source.code : '';
    const edited = original.replace(`'bob-token': { user: 'bob', role: 'reader' },`, `'bob-token': { user: 'bob', role: 'reader' },\n  'e2e-token': { user: 'erin', role: 'tester' },`);
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
    const event = { headers: { authorization: 'Bearer e2e-token' }, queryStringParameters: {}, httpMethod: 'GET', path: '/profile', pathParameters: {}, requestContext: { apiId: 'x', requestId: 'y', stage: 'RELEASE', sourceIp: '127.0.0.1' }, isBase64Encoded: false, user_data: 'sample-user-data' };
    await replaceEditorText(page, '[data-testid="event-editor"]', JSON.stringify(event, null, 2));
    await editor.getByTestId('run-test').click();
    const run = editor.getByTestId('authorizer-test').getByTestId('authorizer-run');
    await expect.poll(() => run.getByTestId('decision').textContent()).toBe('allow');
    expect(await run.textContent()).toContain('erin');
    await e2e.screenshot('02b-authorizer-test');
    await page.evaluate(() => document.querySelector('[data-testid="pane-authorizer"]')?.scrollTo(0, 0));
    await e2e.screenshot('02a-authorizer-editor');
  });

  it('sends a request in the tester: allowed, then denied, and shows the mapped backend header', async () => {
    const { page } = e2e;
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
    await e2e.screenshot('03-tester-allow');

    // Same request with a token the authorizer does not know: denied by the gateway with 401.
    await headers.getByLabel('Value 1').fill('Bearer wrong');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect.poll(() => tester.getByTestId('response-status').textContent()).toBe('401');
    await expect.poll(() => trace.getByTestId('decision').first().textContent()).toBe('deny');
    expect(await trace.getByTestId('backend-call').count()).toBe(0);
    await e2e.screenshot('04-tester-deny');
  });

  it('offers the authorizer\'s context keys (learned from its test and traces) when mapping a backend parameter', async () => {
    const { page } = e2e;
    await page.getByTestId('api-item').filter({ hasText: 'get_profile' }).click();
    const editor = page.getByTestId('api-editor');
    await editor.getByTestId('backend-params').waitFor();
    const rowsBefore = await editor.getByTestId('backend-param-row').count();
    await editor.getByTestId('add-backend-param').click();
    await expect.poll(() => editor.getByTestId('backend-param-row').count()).toBe(rowsBefore + 1);
    await editor.getByTestId('backend-param-row').last().getByTestId('param-picker').click();
    const keys = editor.getByTestId('picker-context-key');
    await expect.poll(async () => (await keys.allTextContents()).sort()).toEqual(['code', 'role', 'user']);
    await e2e.screenshot('04b-api-editor-picker');
    await keys.filter({ hasText: 'role' }).click();
    expect(await editor.getByTestId('backend-param-row').last().getByLabel(`Backend parameter ${rowsBefore + 1} value`).inputValue()).toBe('$context.authorizer.frontend.role');
    await page.getByRole('tab', { name: /get_profile/ }).getByLabel('Close tab').click();
  });

  it('pastes a curl command into the tester to fill the form', async () => {
    const { page } = e2e;
    await page.getByTestId('open-tester').click();
    const tester = page.getByTestId('tester');
    await tester.getByTestId('paste-curl').click();
    await tester.getByTestId('curl-input').fill(`curl -X POST '${e2e.gatewayUrl}/hello?name=you' -H 'Content-Type: text/plain' --data-raw 'hi there'`);
    await tester.getByTestId('apply-curl').click();
    await expect.poll(() => tester.getByTestId('tester-method').inputValue()).toBe('POST');
    expect(await tester.getByTestId('tester-url').inputValue()).toBe(`${e2e.gatewayUrl}/hello`);
    await tester.getByTestId('send').click();
    await expect.poll(() => tester.getByTestId('response-status').textContent()).toBe('200');
  });

  it('opens a definition file with a mistake and shows it as a marker in Monaco', async () => {
    const { page } = e2e;
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
    await e2e.screenshot('05-definition-marker');

    // Fixing the text in the editor clears the marker (the check re-runs as you type).
    await replaceEditorText(page, '[data-testid="definition-editor"]', MOCK_EXAMPLE);
    await expect.poll(() => screen.getByTestId('error-count').textContent()).toBe('0 errors');
    await expect.poll(() => screen.locator('.squiggly-error').count()).toBe(0);
  });

  it('imports a definition and its APIs appear in the explorer', async () => {
    const { page, client } = e2e;
    const screen = page.getByTestId('definition-editor');
    await screen.getByTestId('definition-file').setInputFiles({ name: 'mock.yaml', mimeType: 'application/yaml', buffer: Buffer.from(MOCK_EXAMPLE) });
    await screen.getByTestId('import-summary').waitFor();
    await expect.poll(() => screen.getByTestId('import').isDisabled()).toBe(false);
    await screen.getByTestId('import').click();
    await expect.poll(() => screen.getByTestId('import-result').textContent()).toContain('1 created');

    await page.getByTestId('api-filter').fill('/mock');
    await expect.poll(() => page.getByTestId('api-item').count()).toBe(1);
    expect(await page.getByTestId('api-item').textContent()).toContain('mock');
    const groups = await client.listGroups();
    expect(groups.map((g) => g.name)).toContain('importMockEndpoint');
    await e2e.screenshot('06-imported');

    await page.getByTestId('api-item').click();
    await page.getByTestId('api-editor').getByTestId('frontend-section').waitFor();
    await page.getByTestId('api-filter').fill('');
    await e2e.screenshot('07-api-editor');
  });

  it('shows the store\'s validation message at the field when saving a bad API', async () => {
    const { page } = e2e;
    const editor = page.getByTestId('api-editor');
    await editor.getByTestId('api-name').fill('1 bad name!');
    await editor.getByTestId('save').click();
    const fieldError = editor.getByTestId('frontend-section').locator('.field.invalid', { has: page.getByTestId('api-name') }).locator('.field-error');
    await fieldError.waitFor();
    expect((await fieldError.textContent())!.length).toBeGreaterThan(5);
  });

  it('lists a request sent by another client (like curl) in the gateway\'s live log and opens its trace', async () => {
    const { page } = e2e;
    await page.getByTestId('open-gateway').click();
    const panel = page.getByTestId('gateway-panel');
    expect(await panel.getByTestId('gateway-url').textContent()).toBe(e2e.gatewayUrl);
    const res = await fetch(`${e2e.gatewayUrl}/status?from=outside`);
    expect(res.status).toBe(200);
    const row = panel.getByTestId('log-row').filter({ hasText: '/status?from=outside' });
    await row.first().waitFor();
    await e2e.screenshot('08-gateway-panel');
    await row.first().click();
    const trace = page.getByTestId('trace-screen');
    await trace.getByTestId('stage-route').waitFor();
    expect(await trace.getByTestId('trace-view').textContent()).toContain('service_status');
    await e2e.screenshot('09-trace');
  });

  it('switches to the dark theme', async () => {
    const { page } = e2e;
    await page.getByTestId('open-tester').click();
    await page.getByTestId('theme-toggle').click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await e2e.screenshot('10-dark-tester');
  });

  it('keeps only the visible rows of a 5,000-API list in the page, and filters it', async () => {
    const { page, session } = e2e;
    const store = session.workbench.store;
    store.transaction(() => {
      const group = store.groups.create({ name: 'bulk_group' });
      for (let i = 0; i < 5000; i++) {
        store.apis.create({ groupId: group.id, name: `bulk_${i}`, method: 'GET', path: `/bulk/${i}`, backend: { type: 'MOCK' } });
      }
    });
    await page.reload();
    await page.getByTestId('api-list').waitFor();
    await expect.poll(() => page.getByTestId('section-apis').locator('.section-head .count').textContent()).toBe('5006');
    // Virtualized: a screenful plus overscan, not 5,006 rows.
    expect(await page.getByTestId('api-item').count()).toBeLessThan(60);
    await page.getByTestId('api-filter').fill('bulk_4321');
    await expect.poll(() => page.getByTestId('api-item').count()).toBe(1);
    expect(await page.getByTestId('api-item').textContent()).toContain('/bulk/4321');
    await page.getByTestId('api-filter').fill('');
  });
});
