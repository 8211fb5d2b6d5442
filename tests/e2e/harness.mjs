// Shared set-up for the browser tests: serve the built site, drive Debian Chromium with
// playwright-core, and save screenshots under tests/e2e/output/.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const OUTPUT = join(here, 'output');
mkdirSync(OUTPUT, { recursive: true });

const DIST = resolve(process.env.DIST ?? join(here, '..', '..', 'dist'));

/** Opens the playground at `query`; `initScript` runs in the page before its own scripts. */
export async function openPlayground(query = '?data=demo', { initScript } = {}) {
  const { server, url } = await startServer(DIST);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    // playwright gives every launch a fresh, empty profile directory.
  });
  // A context of its own, so a test can open a second tab that shares its storage.
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  if (initScript) await page.addInitScript(initScript);
  await page.goto(url + query);
  await waitReady(page);
  return {
    page,
    url,
    consoleLines,
    browser,
    async close() {
      await browser.close();
      server.close();
    },
  };
}

/** Waits until the engine has loaded the warehouse and takes requests. */
export async function waitReady(page, timeout = 180_000) {
  await page.waitForFunction(() => {
    const run = document.querySelector('#run');
    return run && !run.disabled && document.querySelectorAll('#catalog .table').length > 0
      && !document.querySelector('#build-progress');
  }, null, { timeout });
}

/** Replaces the editor's text by typing, as a person would. */
export async function typeSql(page, sql) {
  await page.click('#sql');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(sql);
}

/** How many answers (results, plans, errors, restarts) the page has shown so far. */
export async function answers(page) {
  return Number(await page.getAttribute('.app', 'data-answers'));
}

/** Waits for the page to show an answer after `before`. */
export async function nextAnswer(page, before, timeout = 60_000) {
  await page.waitForFunction((n) => Number(document.querySelector('.app').dataset.answers) > n, before, { timeout });
}

/** Types a query, runs it with Ctrl+Enter and waits for its result or error. */
export async function runSql(page, sql, timeout = 60_000) {
  await typeSql(page, sql);
  const before = await answers(page);
  await page.keyboard.press('Control+Enter');
  await nextAnswer(page, before, timeout);
}

/** The visible result grid as an array of rows of cell texts. */
export async function gridRows(page) {
  return page.$$eval('#result-grid tbody tr', (rows) =>
    rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
}

export async function text(page, selector) {
  return (await page.textContent(selector))?.trim() ?? '';
}

export async function screenshot(page, name) {
  const path = join(OUTPUT, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
