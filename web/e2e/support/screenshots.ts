import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');

export const PHONE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 800 };

/** `<name>-phone.png` (375×812) and `<name>-desktop.png` (1280×800) of the page as it is. */
export async function screenshots(page: Page, name: string): Promise<void> {
  const before = page.viewportSize() ?? DESKTOP;
  // From the top: a scrolled page would show the sticky top bar halfway down a full-page shot.
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const [label, size] of [['phone', PHONE], ['desktop', DESKTOP]] as const) {
    await page.setViewportSize(size);
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: path.join(DIR, `${name}-${label}.png`), fullPage: true, animations: 'disabled' });
  }
  await page.setViewportSize(before);
}
