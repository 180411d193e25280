import type { Page } from '@playwright/test';

const WIDTH = 1280;
const HEIGHT = 800;

/**
 * Saves the page as test-results/screens/<name>-light.png and -dark.png. The window grows to the
 * height of the page's content first, so a long step is captured whole rather than cut at the fold.
 */
export async function shoot(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    const content = await page.locator('.main').evaluate((el) => el.scrollHeight);
    await page.setViewportSize({ width: WIDTH, height: Math.min(Math.max(HEIGHT, content + 40), 4000) });
    await page.screenshot({ path: `test-results/screens/${name}-${scheme}.png` });
  }
  await page.setViewportSize({ width: WIDTH, height: HEIGHT });
  await page.emulateMedia({ colorScheme: 'light' });
}
