// Shared set-up for the browser tests: serve the built site, drive Debian Chromium with
// playwright-core, fail on any Content-Security-Policy violation, and save screenshots
// under tests/e2e/output/.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './static-server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const OUTPUT = join(here, 'output');
mkdirSync(OUTPUT, { recursive: true });

export const DIST = resolve(process.env.DIST ?? join(here, '..', '..', 'dist'));

// What counts as a CSP violation: a `securitypolicyviolation` event in a page, a console
// line about the policy from a page or worker, or a report the server got (from a page,
// a worker or the service worker, under the header policy).
const CSP_CONSOLE = /^Refused to|Content[- ]Security[- ]Policy/i;
const CSP_EVENTS = () => {
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolation(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} in ${e.sourceFile}:${e.lineNumber}`);
  });
};

/**
 * Headless Debian Chromium. Every context made by `newContext` adds the CSP violations
 * it sees to `violations`: tests fail on any (`openPlayground`'s `close()` checks).
 */
export async function launchBrowser() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    // playwright gives every launch a fresh, empty profile directory.
  });
  const violations = [];
  return {
    browser,
    violations,
    async newContext(options = {}) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...options });
      await context.exposeFunction('__cspViolation', (v) => violations.push(`page: ${v}`));
      await context.addInitScript(CSP_EVENTS);
      context.on('console', (m) => {
        if (CSP_CONSOLE.test(m.text())) violations.push(`console of ${m.worker()?.url() ?? m.page()?.url()}: ${m.text()}`);
      });
      return context;
    },
    /** Closes the browser once the last CSP reports (posted after the violation) are in. */
    async close() {
      await new Promise((ok) => setTimeout(ok, 300));
      await browser.close();
    },
  };
}

/** Throws if any CSP violation was seen, naming them. */
export function assertNoViolations(violations) {
  if (violations.length) throw new Error(`Content-Security-Policy violations:\n${violations.join('\n')}`);
}

/** The server's CSP reports, as lines for `violations`. */
export const reportInto = (violations) => (r) =>
  violations.push(`report: ${r?.['effective-directive']} blocked ${r?.['blocked-uri']} in ${r?.['source-file'] ?? r?.['document-uri']}:${r?.['line-number']}`);

/**
 * Opens the playground at `query`. `initScript` runs in the page before its own scripts;
 * `mount` is the path the site is served under; `cspHeader` (on unless false) sends the
 * page's policy as a header too, so the workers run under it; `serviceWorkers: 'block'`
 * keeps the site's service worker out.
 */
export async function openPlayground(query = '?data=demo', { initScript, mount = '/', cspHeader = true, serviceWorkers } = {}) {
  const { browser, violations, newContext, close } = await launchBrowser();
  const { server, url: root } = await startServer({ [mount]: DIST }, 0, { cspHeader, onCspReport: reportInto(violations) });
  const url = new URL(mount, root).href;
  // A context of its own, so a test can open a second tab that shares its storage.
  const context = await newContext({ serviceWorkers });
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
    context,
    /** Another context (another person's browser, storage not shared) in this browser. */
    newContext,
    /** The CSP violations seen so far, forgotten: for a test that causes one on purpose. */
    takeViolations: () => violations.splice(0),
    /** Closes everything, then fails if any CSP violation was seen. */
    async close() {
      await close();
      server.close();
      assertNoViolations(violations);
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

/**
 * Replaces the editor's text as a person pasting it would: select all, delete, insert.
 * (Typed key by key, the editor would close brackets and offer completions, which the
 * workbench tests exercise on purpose.)
 */
export async function typeSql(page, sql, editor = '#sql') {
  await page.click(editor);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(sql);
}

/** The text in a CodeMirror editor, found by its editable element's id selector. */
export async function editorText(page, editor = '#sql') {
  return page.$eval(editor, (content) => [...content.querySelectorAll('.cm-line')].map((l) => l.textContent).join('\n'));
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

/**
 * The result grid's rows on screen (it draws only those near the view) as arrays of cell
 * texts; `prefix` names another pane's grid (`left-`, `lesson-`).
 */
export async function gridRows(page, prefix = '') {
  return page.$$eval(`#${prefix}result-grid .grid-window [role=row]`, (rows) =>
    rows.map((r) => [...r.querySelectorAll('[role=gridcell]')].map((td) => td.textContent)));
}

/** Grid rows with the thousands separators taken out, to compare with raw numbers. */
export const unformatted = (rows) => rows.map((r) => r.map((cell) => cell.replaceAll(',', '')));

/** The result grid's column names, in order. */
export async function gridColumns(page, prefix = '') {
  return page.$$eval(`#${prefix}result-grid [role=columnheader] button.sort`, (bs) => bs.map((b) => b.textContent.replace(/ [▲▼]$/, '')));
}

export async function text(page, selector) {
  return (await page.textContent(selector))?.trim() ?? '';
}

/** The import panel's message once the engine has answered. */
export async function importMessage(page) {
  await page.waitForFunction(() => {
    const m = document.querySelector('#import-message');
    return (m && m.getAttribute('role') === 'alert') || document.querySelector('#import-preview')
      || (m && !/…$/.test(m.textContent));
  }, null, { timeout: 120_000 });
  return (await page.$('#import-message')) ? text(page, '#import-message') : '';
}


export async function screenshot(page, name) {
  const path = join(OUTPUT, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
