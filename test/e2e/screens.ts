/**
 * Screenshots of one screen in both themes at the two window sizes the UI is checked at
 * (1440×900 and 1280×720), named `<name>-<theme>-<width>.png`. Leaves the page in the light theme
 * at 1440×900, as the harness starts it.
 */
import type { Locator } from 'playwright-core';
import type { E2E } from './harness';

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
] as const;

export async function setTheme(e2e: E2E, theme: 'light' | 'dark'): Promise<void> {
  const { page } = e2e;
  const current = await page.evaluate(() => document.documentElement.dataset.theme);
  // Dispatched, not clicked: a screen may be shown under an open dialog that covers the toggle.
  if (current !== theme) await page.getByTestId('theme-toggle').dispatchEvent('click');
  await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
}

/** `focus`, when given, is scrolled into view before each shot (layouts differ per size). */
export async function screenshotEverywhere(e2e: E2E, name: string, focus?: Locator): Promise<void> {
  const { page } = e2e;
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(e2e, theme);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      if (focus) await focus.scrollIntoViewIfNeeded();
      await e2e.screenshot(`${name}-${theme}-${size.width}`);
    }
  }
  await setTheme(e2e, 'light');
  await page.setViewportSize(SIZES[0]);
}
