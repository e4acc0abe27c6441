/**
 * End-to-end harness: the real browser host (in-process) on a temp copy of the sample workspace,
 * serving a fresh Vite build of the renderer, driven by the system Chromium through playwright-core.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { WorkbenchSession } from '../../src-main/app/session';
import { createContractHandlers } from '../../src-main/app/contract-handlers';
import { BrowserHost } from '../../src-main/hosts/browser/server';
import { ensureWebBuild, REPO_ROOT } from '../../src-main/hosts/browser/web-build';
import { collectingLogger } from '../../src-main/logger';
import { createHttpCall, createWorkbenchClient, type WorkbenchApi } from '../../src-shared/contract';

export const CHROMIUM = '/usr/bin/chromium';

/** The active tab's screen: other tabs stay mounted (hidden), so their editors match locators too. */
export function visiblePane(page: Page) {
  return page.locator('.pane:not(.hidden)');
}
export const hasChromium = fs.existsSync(CHROMIUM);
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'screenshots');

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface E2E {
  dir: string;
  session: WorkbenchSession;
  host: BrowserHost;
  /** The same contract the page uses, for checking what the UI wrote. */
  client: WorkbenchApi;
  browser: Browser;
  page: Page;
  /** The gateway's address now: opening another workspace restarts the gateway on a new port. */
  readonly gatewayUrl: string;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The usual e2e setup of a describe block: start the environment before its tests (a missing
 * element then fails a step after 10 s, naming it), close it after them. Call the returned function
 * inside a test to get it.
 */
export function useE2E(): () => E2E {
  let e2e: E2E | undefined;
  beforeAll(async () => {
    e2e = await startE2E();
    e2e.page.setDefaultTimeout(10_000);
  }, 180_000);
  afterAll(async () => {
    await e2e?.close();
  });
  return () => e2e!;
}

export async function startE2E(): Promise<E2E> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apigw-e2e-'));
  const cleanups: (() => Promise<void> | void)[] = [() => fs.rmSync(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    // A fresh build of the current sources (a stale out/web would test yesterday's UI).
    const staticDir = await ensureWebBuild(collectingLogger().logger, path.join(dir, 'web'));
    const session = await WorkbenchSession.open(path.join(dir, 'workspace.db'), {
      home: path.join(dir, 'home'),
      host: 'browser',
      gatewayPort: 0,
      createFromSampleIfMissing: true,
    });
    cleanups.push(() => session.close());
    const host = await BrowserHost.start({ api: createContractHandlers(session), subscribe: (l) => session.onEvent(l), staticDir });
    cleanups.push(() => host.close());
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    // The editors are filled by pasting, as a user would; the page may use the clipboard for that.
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // Start once the page follows live events (the stream's answer means subscribed): the page
    // fetches its lists again when the stream opens, and a test's first check should not race that.
    await Promise.all([page.waitForResponse((response) => new URL(response.url()).pathname === '/api/events'), page.goto(host.launchUrl)]);
    const client = createWorkbenchClient(createHttpCall({ fetch: fetch as never, token: host.token, baseUrl: host.origin }));
    const status = await client.gatewayStatus();
    if (!status.running || !status.url) throw new Error(`the gateway did not start: ${status.lastError ?? 'unknown'}`);
    fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
    return {
      dir,
      session,
      host,
      client,
      browser,
      page,
      get gatewayUrl() {
        const url = session.gatewayStatus().url;
        if (!url) throw new Error('the gateway is not running');
        return url;
      },
      screenshot: async (name) => {
        if (pageErrors.length) throw new Error(`uncaught errors in the page: ${pageErrors.join('; ')}`);
        await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`) });
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Closes the tab named `name` if it is open (discarding unsaved edits it holds), so the screen it
 * showed opens afresh: whatever another test left there is gone.
 */
export async function closeTabIfOpen(page: Page, name: string): Promise<void> {
  const tab = page.getByTestId('tab-strip').getByRole('tab', { name });
  if ((await tab.count()) === 0) return;
  const unsaved = (await tab.getByTestId('tab-dirty').count()) > 0;
  await tab.getByLabel('Close tab').click();
  if (unsaved) await page.getByTestId('discard-dialog').getByTestId('discard-changes').click();
  await tab.waitFor({ state: 'detached' });
}

/**
 * Replaces the whole text of the Monaco editor inside `container` as a user would: select all, paste.
 * (Typing would be re-indented by Monaco's auto-indent; a paste is taken verbatim.)
 */
export async function replaceEditorText(page: Page, container: string, text: string): Promise<void> {
  const editor = page.locator(`${container} .monaco-editor`).first();
  await editor.click();
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
}
