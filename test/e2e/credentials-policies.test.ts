/**
 * Credentials and policies in the UI, in a real Chromium against the real browser host and gateway:
 * create an app (a bad name is refused at the field), authorize it on an APP-auth API, send a request
 * signed by the tester → 200, tamper with a signed header → 401 with the client's and the gateway's
 * canonical requests side by side and the first difference marked, run the "signed curl" with the real
 * curl → 200, then bind a 1-per-minute throttling policy and send until the gateway answers 429 with
 * the tripped counter shown. Screenshots of each new screen go to test-results/screenshots/.
 * Each test works on an API and an app of its own, so the tests pass in any order and alone.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasChromium, CHROMIUM, useE2E, visiblePane } from './harness';

if (!hasChromium) console.warn(`[e2e] skipped: no Chromium at ${CHROMIUM}.`);
const hasCurl = fs.existsSync('/usr/bin/curl');

describe.skipIf(!hasChromium)('credentials, signing and policies (Chromium)', () => {
  const e2e = useE2E();

  /**
   * An API of the calling test's own: APP authentication, a MOCK backend, published in RELEASE, at
   * /<name with - for _>. Each test signs, authorizes and throttles only its own API and app, so
   * none sees what another bound or sent (a throttle bound by one test cannot answer 429 to another).
   */
  async function appApi(name: string): Promise<{ apiId: string; path: string }> {
    const { client } = e2e();
    const group = (await client.listGroups())[0];
    const path = `/${name.replaceAll('_', '-')}`;
    const api = await client.createApi({
      input: { groupId: group.id, name, method: 'GET', path, authType: 'APP', backend: { type: 'MOCK', statusCode: 200, body: '{"hello":"signed"}', headers: [] } },
    });
    await client.publishApi({ apiId: api.id, envId: (await release()).id });
    return { apiId: api.id, path };
  }

  async function release() {
    return (await e2e().client.listEnvironments()).find((e) => e.name === 'RELEASE')!;
  }

  /** The tester on `api`, signing with a new app `appName` authorized on it. */
  async function signedTester(api: { apiId: string; path: string }, appName: string) {
    const { page, client } = e2e();
    const app = await client.createApp({ input: { name: appName } });
    await client.authorizeApp({ appId: app.id, apiId: api.apiId, envId: (await release()).id });
    await page.getByTestId('open-tester').click();
    const tester = page.getByTestId('tester');
    await tester.getByTestId('pick-api').selectOption(api.apiId);
    await expect.poll(() => tester.getByTestId('tester-url').inputValue()).toBe(api.path);
    await tester.getByTestId('credential-kind').selectOption('app');
    await tester.getByTestId('sign-app').selectOption({ label: appName });
    // The signing choices outlive the request form (a test before may have turned signing off).
    await tester.getByTestId('auto-sign').check();
    return tester;
  }

  it('creates an app (the store refuses a bad name at the field) and authorizes it on the APP API', async () => {
    const { page, client } = e2e();
    const { apiId } = await appApi('app_form_target');
    await page.getByTestId('section-apps').getByRole('button', { name: 'New app' }).click();
    const form = page.getByTestId('app-form');
    await form.getByTestId('app-name').fill('9bad');
    await form.getByTestId('save-app').click();
    await expect.poll(() => form.locator('.field.invalid .field-error').first().textContent()).toMatch(/letter/);

    await form.getByTestId('app-name').fill('e2e_app');
    await form.getByTestId('save-app').click();
    await page.getByTestId('app-list-item').filter({ hasText: 'e2e_app' }).waitFor();
    const app = (await client.listApps()).find((a) => a.name === 'e2e_app')!;
    expect(app.appKey).toMatch(/^[0-9a-f]{32}$/);
    // The secret is masked until revealed.
    const secret = page.getByTestId('app-secret');
    expect(await secret.getAttribute('type')).toBe('password');

    const credentials = page.getByTestId('credentials');
    await credentials.getByTestId('generate-app-code').click();
    await expect.poll(() => credentials.getByTestId('app-code-row').count()).toBe(1);

    await credentials.getByTestId('authorize-api').selectOption(apiId);
    await credentials.getByTestId('authorize-app').click();
    await expect.poll(() => credentials.getByTestId('authorization-row').count()).toBe(1);
    expect((await client.listAppAuthorizations({ appId: app.id })).map((a) => a.apiId)).toEqual([apiId]);

    await credentials.getByTestId('iam-user').fill('alice');
    await credentials.getByTestId('add-iam-token').click();
    await expect.poll(() => credentials.getByTestId('iam-token-row').count()).toBeGreaterThanOrEqual(1);
    await e2e().screenshot('20-credentials');
  });

  it('signs in the tester → 200; a header changed after signing → 401 with the canonical requests compared', async () => {
    const tester = await signedTester(await appApi('signed_hello'), 'tester_app');
    const headers = tester.getByTestId('tester-headers');
    await headers.getByLabel('Header 1').fill('X-Trace-Me');
    await headers.getByLabel('Value 1').fill('one');
    await tester.getByTestId('send').click();
    await expect.poll(() => tester.getByTestId('response-status').textContent()).toBe('200');
    // The computed headers are in the form, so what was sent is visible.
    await expect.poll(() => headers.locator('input[value^="SDK-HMAC-SHA256 Access="]').count()).toBe(1);
    expect(await tester.getByTestId('stage-authentication').textContent()).toContain('tester_app');
    await e2e().screenshot('21-tester-signed');

    // Keep the signature, change the signed header: the gateway computes a different canonical request.
    await tester.getByTestId('auto-sign').uncheck();
    await headers.getByLabel('Value 1').fill('two');
    await tester.getByTestId('send').click();
    await expect.poll(() => tester.getByTestId('response-status').textContent()).toBe('401');
    const diff = tester.getByTestId('signature-diff');
    await diff.waitFor();
    const canonical = diff.getByTestId('canonical-compare');
    expect(await canonical.textContent()).toContain('differs at line 6');
    expect(await canonical.getByTestId('canonical-compare-client').getByTestId('first-difference').textContent()).toBe('one');
    expect(await canonical.getByTestId('canonical-compare-gateway').getByTestId('first-difference').textContent()).toBe('two');
    expect(await canonical.getByTestId('first-difference').first().isVisible()).toBe(true);
    expect(await tester.getByTestId('response-body').textContent()).toContain('APIG.0303');
    await diff.scrollIntoViewIfNeeded();
    await e2e().screenshot('22-signature-diff');
  });

  it.skipIf(!hasCurl)('copies a signed curl command that the gateway accepts', async () => {
    const tester = await signedTester(await appApi('signed_for_curl'), 'curl_app');
    await tester.getByTestId('copy-signed-curl').click();
    const command = (await tester.getByTestId('copied-curl').textContent())!;
    expect(command).toContain("'Authorization: SDK-HMAC-SHA256 Access=");
    expect(command).toContain("'X-Sdk-Date: ");
    // Asynchronously: the gateway answering curl runs in this very process.
    const { stdout } = await promisify(execFile)('bash', ['-c', `${command} -s -o /dev/null -w '%{http_code}'`], { encoding: 'utf8', timeout: 20_000 });
    expect(stdout).toBe('200');
  });

  it('binds a throttling policy of 1 call per minute: the next calls end in 429 with the tripped counter', async () => {
    const { page, client } = e2e();
    const api = await appApi('throttled_hello');
    const { apiId } = api;
    await page.getByTestId('section-policies').getByRole('button', { name: 'New policy' }).click();
    // "New policy" makes one of the kind picked last on the Policies screen (a test before may have
    // left another kind picked): pick throttling.
    const screen = page.getByTestId('policies');
    await screen.getByTestId('policy-kind-throttle').click();
    await screen.getByTestId('new-policy').click();
    const editor = page.getByTestId('throttle-editor');
    await editor.getByTestId('policy-name').fill('one_per_minute');
    await editor.getByTestId('throttle-apiCallLimits').fill('1');
    await editor.getByTestId('throttle-interval').fill('1');
    await editor.getByTestId('throttle-unit').selectOption('MINUTE');
    await editor.getByTestId('save-policy').click();
    const bindings = page.getByTestId('policy-bindings');
    await bindings.waitFor();
    await bindings.getByTestId('bind-api').selectOption(apiId);
    await bindings.getByTestId('bind-policy').click();
    await expect.poll(() => bindings.getByTestId('binding-row').count()).toBe(1);
    expect((await client.listPolicyBindings({ apiId })).map((b) => b.kind)).toEqual(['throttle']);
    await e2e().screenshot('23-throttle-policy');

    const tester = await signedTester(api, 'throttled_app');
    // Counters are fixed windows aligned to the minute: a send may land in a fresh window, so allow one more.
    const requestId = tester.locator('.response-meta .muted.mono');
    const statuses: string[] = [];
    for (let i = 0; i < 3 && !statuses.includes('429'); i++) {
      // The first send of a fresh tester has no request id before it.
      const previous = (await requestId.count()) > 0 ? await requestId.textContent() : null;
      await tester.getByTestId('send').click();
      await expect.poll(() => requestId.textContent()).not.toBe(previous);
      statuses.push((await tester.getByTestId('response-status').textContent())!);
    }
    expect(statuses[0]).toBe('200');
    expect(statuses.at(-1)).toBe('429');
    const tripped = tester.getByTestId('stage-throttling').getByTestId('tripped-counter');
    expect(await tripped.textContent()).toContain('one_per_minute');
    await tester.getByTestId('stage-throttling').scrollIntoViewIfNeeded();
    await e2e().screenshot('24-throttled-trace');
  });

  it('refuses an IAM caller whose account is not on the allow list, and the trace names the account and the policy', async () => {
    const { page, client, gatewayUrl } = e2e();
    const group = (await client.listGroups())[0];
    const api = await client.createApi({
      input: { groupId: group.id, name: 'iam_orders', method: 'GET', path: '/iam-orders', authType: 'IAM', backend: { type: 'MOCK', statusCode: 200, body: '{"orders":[]}', headers: [] } },
    });
    const releaseId = (await release()).id;
    await client.publishApi({ apiId: api.id, envId: releaseId });
    const acl = await client.createAccessControl({ input: { name: 'acme_only', aclType: 'PERMIT', entityType: 'DOMAIN', value: 'acme' } });
    await client.bindPolicy({ kind: 'acl', policyId: acl.id, apiId: api.id, envId: releaseId });
    const globex = await client.createIamToken({ input: { userName: 'gina', accountName: 'globex' } });

    await page.getByTestId('open-gateway').click();
    const res = await fetch(`${gatewayUrl}/iam-orders`, { headers: { 'x-auth-token': globex.token } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error_code: string }).error_code).toBe('APIG.0302');
    const row = page.getByTestId('gateway-panel').getByTestId('log-row').filter({ hasText: '/iam-orders' });
    await row.first().click();
    const stage = page.getByTestId('trace-screen').getByTestId('stage-account-access-control');
    await stage.waitFor();
    const text = (await stage.textContent()) ?? '';
    expect(text).toContain('Access control (IAM account)');
    expect(text).toContain('account name globex is not in the allow list of acme_only');
    await stage.scrollIntoViewIfNeeded();
    await e2e().screenshot('28-account-acl-trace');
  });

  it('shows the bound policy in the API editor, and the other policy editors', async () => {
    const { page, client } = e2e();
    // Its own API with its own throttling policy bound in RELEASE.
    const { apiId } = await appApi('policy_shown');
    const policy = await client.createThrottle({ input: { name: 'shown_throttle', apiCallLimits: 1, timeInterval: 1, timeUnit: 'MINUTE' } });
    await client.bindPolicy({ kind: 'throttle', policyId: policy.id, apiId, envId: (await release()).id });
    await page.getByTestId('api-item').filter({ hasText: 'policy_shown' }).click();
    const editor = visiblePane(page).getByTestId('api-editor');
    const releasePolicies = editor.getByTestId('api-policies').getByTestId('api-policies-RELEASE');
    await expect.poll(() => releasePolicies.textContent()).toContain('shown_throttle');
    await editor.getByTestId('add-backend-policy').click();
    await editor.getByTestId('backend-policy').waitFor();
    await editor.getByTestId('backend-policies').scrollIntoViewIfNeeded();
    await e2e().screenshot('25-backend-policies');
    await editor.getByTestId('api-policies').scrollIntoViewIfNeeded();
    await e2e().screenshot('26-api-policies');

    const policies = page.getByTestId('section-policies');
    await policies.getByTestId('policy-item').filter({ hasText: 'shown_throttle' }).click();
    const screen = page.getByTestId('policies');
    for (const kind of ['acl', 'plugin', 'orchestration']) {
      await screen.getByTestId(`policy-kind-${kind}`).click();
      await screen.getByTestId('new-policy').click();
      await screen.getByTestId('save-policy').waitFor();
      await e2e().screenshot(`27-${kind}-editor`);
    }
  });
});
