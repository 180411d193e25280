/**
 * Scrolls the dataset browser through a folder of 1,000,000 files in Chromium and reports how
 * smooth it stays: the time for each page of 1,000 rows to arrive as the list nears its end, the
 * frame intervals while it scrolls (a requestAnimationFrame probe in the page), and the rows in
 * the DOM. There is no peer tool to pair with here (the AWS console pages 300 keys at a time and
 * no desktop S3 client lists a million rows in one view), so this measures ours against the
 * 60 fps budget.
 * Run: `npm run build && npx tsx bench/browse-million.ts [--count 1000000] [--folder /tmp/wb-million]`;
 * `--profile out.cpuprofile` also records a CPU profile (Chrome DevTools protocol) of the last 50 pages and
 * the scrolling after them;
 * `--shot out.png` saves the browser as it shows the end of the list once every row is loaded.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, closeSync, openSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { spawnServe } from '../test/support/serve-process';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    folder: { type: 'string', default: join(tmpdir(), 'wb-million') },
    profile: { type: 'string' },
    shot: { type: 'string' },
  },
});
const count = Number(args.count);
const folder = args.folder!;

/** Makes the folder of `count` empty image-named files once; later runs reuse it. */
function ensureFolder(): void {
  const stamp = join(folder, '.count');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === String(count)) return;
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  console.error(`creating ${count} files in ${folder}…`);
  for (let i = 0; i < count; i++) {
    const label = i % 5 === 0 ? 'defective' : 'good';
    closeSync(openSync(join(folder, `${label}_${String(i).padStart(7, '0')}.jpg`), 'w'));
  }
  writeFileSync(stamp, String(count));
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
const stats = (sorted: number[]) =>
  `${percentile(sorted, 50).toFixed(1)} / ${percentile(sorted, 99).toFixed(1)} / ${(sorted.at(-1) ?? 0).toFixed(1)} ms`;

async function main(): Promise<void> {
  ensureFolder();
  const home = mkdtempSync(join(tmpdir(), 'workbench-bench-home-'));
  const { child, url } = spawnServe({ WORKBENCH_HOME: home, WORKBENCH_LAB: 'off' });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto((await url) + '#/datasets');
    await page.getByTestId('add-folder').click();
    await page.getByTestId('folder-path').fill(folder);
    await page.getByTestId('folder-save').click();
    const started = Date.now();
    await page.locator('[data-testid="source"][data-source-kind="folder"]').click();
    const list = page.getByTestId('object-list');
    await list.getByTestId('object-row').first().waitFor();
    const firstPageMs = Date.now() - started;

    // A frame probe: every animation frame's interval, recorded in the page while we scroll.
    // (Scripts as strings: they run in the page, and tsx's helpers do not exist there.)
    // Each frame is kept as [when it ended, its interval], so phases can be told apart afterwards.
    await page.evaluate(`(() => {
      window.frames_ = [];
      let last = performance.now();
      const tick = (now) => { window.frames_.push([now, now - last]); last = now; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    const now = async () => (await page.evaluate('performance.now()')) as number;
    await list.focus();
    const pageTimes: number[] = [];
    let loaded = Number(await list.getAttribute('data-count'));
    const scrollStart = Date.now();
    // Profiles only the pages near the end, where appending costs the most.
    const cdp = args.profile ? await page.context().newCDPSession(page) : null;
    let profiling = false;
    let nearEndFrom = Infinity;
    while (loaded < count) {
      if (nearEndFrom === Infinity && loaded >= count - 100_000) nearEndFrom = await now();
      if (cdp && !profiling && loaded >= count - 50_000) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
        await cdp.send('Profiler.start');
        profiling = true;
      }
      const before = Date.now();
      await page.keyboard.press('End');
      // Polled from here: the app's CSP forbids the string evaluation waitForFunction would use.
      while (Number(await list.getAttribute('data-count')) <= loaded) {
        if (Date.now() - before > 60_000) throw new Error(`no page after ${loaded} rows in 60 s`);
        await page.waitForTimeout(5);
      }
      pageTimes.push(Date.now() - before);
      loaded = Number(await list.getAttribute('data-count'));
      if (pageTimes.length % 100 === 0) console.error(`${loaded} rows loaded; last page ${pageTimes.at(-1)} ms`);
    }
    // The loop stops at `count` rows; a stray file in the folder (its .count) can still be on its way.
    await page.getByTestId('list-foot').getByText('all loaded').waitFor();
    loaded = Number(await list.getAttribute('data-count'));
    const scrollSeconds = (Date.now() - scrollStart) / 1000;
    const loadedAt = await now();
    if (args.shot) {
      await page.keyboard.press('End');
      await page.locator(`#obj-${loaded - 1}[aria-selected="true"]`).waitFor();
      await page.getByTestId('browser').screenshot({ path: args.shot });
    }
    // Scrolling the loaded million with nothing left to load: the wheel, then Page Down, then a jump
    // to the middle (the scrollbar's thumb moved), as a user reading through it would.
    await page.keyboard.press('Home');
    const scrollFrom = await now();
    const box = (await list.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 150; i++) {
      await page.mouse.wheel(0, 400);
      await page.waitForTimeout(16);
    }
    for (let i = 0; i < 100; i++) await page.keyboard.press('PageDown');
    await list.evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
    for (let i = 0; i < 50; i++) {
      await page.mouse.wheel(0, -400);
      await page.waitForTimeout(16);
    }
    const scrollTo = await now();
    if (cdp && profiling) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(args.profile!, JSON.stringify(profile));
      console.error(`CPU profile of the last pages and the scrolling written to ${args.profile}`);
    }
    const all = ((await page.evaluate('window.frames_')) as [number, number][]).slice(1);
    const sorted = (list_: [number, number][]) => list_.map(([, f]) => f).sort((a, b) => a - b);
    const frames = sorted(all);
    const nearEnd = sorted(all.filter(([t]) => t > nearEndFrom && t <= loadedAt));
    const scrolling = sorted(all.filter(([t]) => t > scrollFrom && t <= scrollTo));
    const over = (list_: number[], ms: number) => `${list_.filter((f) => f > ms).length} of ${list_.length}`;
    const domRows = await list.getByTestId('object-row').count();
    const heapMb = ((await page.evaluate('performance.memory ? performance.memory.usedJSHeapSize : 0')) as number) / 1e6;
    const pages = [...pageTimes].sort((a, b) => a - b);
    const rows = [
      ['rows listed', String(loaded)],
      ['first page shown', `${firstPageMs} ms`],
      ['pages of 1,000 loaded while scrolling', String(pageTimes.length)],
      ['page arrival p50 / p95 / max', `${percentile(pages, 50)} / ${percentile(pages, 95)} / ${pages.at(-1) ?? 0} ms`],
      ['all pages, total', `${scrollSeconds.toFixed(1)} s`],
      [
        'frame interval p50 / p95 / p99 / max',
        `${[50, 95, 99].map((p) => percentile(frames, p).toFixed(1)).join(' / ')} / ${(frames.at(-1) ?? 0).toFixed(1)} ms`,
      ],
      ['frames over 50 ms, whole run', over(frames, 50)],
      ['frames over 50 ms while the last 100,000 rows arrive', over(nearEnd, 50)],
      ['frame interval p50 / p99 / max while the last 100,000 rows arrive', stats(nearEnd)],
      ['frames over 20 / 33.4 ms scrolling all rows loaded', `${over(scrolling, 20)} / ${over(scrolling, 33.4)}`],
      ['frame interval p50 / p99 / max scrolling all rows loaded', stats(scrolling)],
      ['rows in the DOM at the end', String(domRows)],
      ['renderer JS heap at the end', `${heapMb.toFixed(0)} MB`],
    ];
    const width = Math.max(...rows.map((r) => r[0]!.length));
    console.log(`| ${'measure'.padEnd(width)} | value |`);
    for (const [k, v] of rows) console.log(`| ${k!.padEnd(width)} | ${v} |`);
    console.log(
      `\nmachine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Chromium headless, Node ${process.versions.node}`,
    );
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    rmSync(home, { recursive: true, force: true });
  }
}

await main();
