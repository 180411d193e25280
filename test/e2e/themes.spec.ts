import { expect, test } from './fixtures';

/** Relative luminance of a CSS rgb() colour, 0 (black) to 1 (white). */
function luminance(rgb: string): number {
  const [r, g, b] = (rgb.match(/\d+(\.\d+)?/g) ?? [])
    .slice(0, 3)
    .map(Number)
    .map((c) => c / 255);
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`the shell follows the system's ${scheme} theme, with no console errors`, async ({ page, workbench }) => {
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(workbench.url);
    await expect(page.getByTestId('status-machine')).toContainText(/PyTorch/);
    const bg = await page
      .locator('.main')
      .evaluate((el) => getComputedStyle(document.documentElement).backgroundColor || getComputedStyle(el).backgroundColor);
    if (scheme === 'dark') expect(luminance(bg)).toBeLessThan(0.2);
    else expect(luminance(bg)).toBeGreaterThan(0.8);
    for (const id of ['storage', 'settings']) {
      await page.getByTestId(`nav-${id}`).click();
      await expect(page.getByTestId(`page-${id}`)).toBeVisible();
      await page.screenshot({ path: `test-results/screens/${id}-${scheme}.png` });
    }
    expect(errors).toEqual([]);
  });
}
