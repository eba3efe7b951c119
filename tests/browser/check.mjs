// Loads each wagescope HTML report in headless Chromium (Debian's package, /usr/bin/chromium) and
// checks what a reader gets: no console errors, no network request at all, no dialog (so no
// injected script ran), no serious or critical axe-core violations, nothing wider than a 390 px
// phone screen, a print to PDF within the expected page range. Saves screenshots at 1280 and 390 px
// and the PDFs as artifacts.
//
// Usage: node check.mjs ARTIFACT_DIR NAME=FILE.html:MIN_PAGES-MAX_PAGES …
// Prints one line per check and a closing "N passed, M failed"; exits 1 on any failure, including
// a browser that cannot start (this test never skips).
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';

const [artifacts, ...specs] = process.argv.slice(2);
if (!artifacts || specs.length === 0) {
  console.error('usage: node check.mjs ARTIFACT_DIR NAME=FILE.html:MIN-MAX …');
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'ok    ' : 'FAILED'} ${name}${detail ? `: ${detail}` : ''}`);
}

let browser;
try {
  browser = await chromium.launch({
    executablePath,
    headless: true,
    // As the machine notes advise: no background connections, no sandbox as root.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
} catch (error) {
  check(`start Chromium at ${executablePath}`, false, String(error).split('\n')[0]);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(1);
}

for (const spec of specs) {
  const match = spec.match(/^([^=]+)=(.+):(\d+)-(\d+)$/);
  if (!match) {
    check(`argument ${spec}`, false, 'expected NAME=FILE.html:MIN-MAX');
    continue;
  }
  const [, name, file, minPages, maxPages] = match;
  const url = pathToFileURL(resolve(file)).href;
  for (const width of [1280, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: true });
    const page = await context.newPage();
    const consoleErrors = [];
    const requests = [];
    const dialogs = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
    page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
    await page.goto(url, { waitUntil: 'load' });
    const label = `${name} @${width}px`;
    check(`${label}: no console errors`, consoleErrors.length === 0, consoleErrors.join(' | '));
    check(`${label}: no network requests`, requests.length === 0, requests.join(', '));
    check(`${label}: no dialog (no script ran)`, dialogs.length === 0, dialogs.join(' | '));
    const size = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
      wide: [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
          && !e.closest('.table-wrap, figure'))
        .slice(0, 3)
        .map((e) => `${e.tagName.toLowerCase()}${e.className ? '.' + e.className : ''}`),
    }));
    const fits = size.scroll <= size.client && size.wide.length === 0;
    check(`${label}: nothing overflows the page width`, fits,
      fits ? '' : `scrollWidth ${size.scroll} > ${size.client}; ${size.wide.join(', ')}`);
    const charts = await page.evaluate(() => [...document.querySelectorAll('svg')].map((s) => ({
      role: s.getAttribute('role'),
      title: s.querySelector('title')?.textContent ?? '',
      desc: s.querySelector('desc')?.textContent ?? '',
    })));
    check(`${label}: every chart has role=img, a title and a description`,
      charts.every((c) => c.role === 'img' && c.title && c.desc), `${charts.length} charts`);
    if (await page.$('#finder')) {
      // The Occupation Finder (issue 20): type a title, apply a filter, count the rows shown.
      const shown = () => page.evaluate(() => [...document.querySelectorAll('tr.occ')].filter((r) => r.offsetParent !== null).length);
      const total = await shown();
      check(`${label}: the finder shows every occupation before any filter`, total > 1 && (await page.textContent('#finder-count')) === `${total} occupations`, `${total} rows`);
      await page.fill('#f-search', 'medical');
      const medical = await shown();
      const said = await page.textContent('#finder-count');
      check(`${label}: typing a title narrows the list and says how many match`,
        medical > 0 && medical < total && said === `${medical} of ${total} occupations match`, `${medical} rows; "${said}"`);
      // The education of the first row shown: the filter keeps it and every row it keeps has it.
      const education = await page.evaluate(() => [...document.querySelectorAll('tr.occ')].find((r) => r.offsetParent !== null).dataset.education);
      await page.selectOption('#f-education', education);
      const filtered = await shown();
      const rowsOk = await page.evaluate((v) => [...document.querySelectorAll('tr.occ')].filter((r) => r.offsetParent !== null).every((r) => r.dataset.education === v), education);
      check(`${label}: an education filter keeps only its rows`, filtered >= 1 && filtered <= medical && rowsOk, `${filtered} rows with ${education}`);
      await page.click('#finder button[type=reset]');
      await page.waitForTimeout(50);
      check(`${label}: Clear shows every occupation again`, (await shown()) === total);
      await page.click('th[data-sort=median] button');
      const sort = await page.getAttribute('th[data-sort=median]', 'aria-sort');
      check(`${label}: a column sorts and says so (aria-sort)`, sort === 'descending', `aria-sort=${sort}`);
    }
    await page.screenshot({ path: join(artifacts, `${name}-${width}.png`), fullPage: true });
    await page.addScriptTag({ content: axeSource });
    const results = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    check(`${label}: axe-core finds no serious or critical violations`, serious.length === 0,
      serious.map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes): ${v.help}`).join(' | '));
    if (width === 1280) {
      const pdf = await page.pdf({ format: 'A4', printBackground: false });
      writeFileSync(join(artifacts, `${name}.pdf`), pdf);
      const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
      check(`${label}: prints to PDF in ${minPages}–${maxPages} pages`,
        pages >= Number(minPages) && pages <= Number(maxPages), `${pages} pages`);
    }
    await context.close();
  }
}
await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
