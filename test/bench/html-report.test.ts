// The HTML report is one self-contained page: it renders in headless Chromium without a script
// error, offline, with a throughput and a latency chart per phase.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { BrowserContext } from 'playwright-core';

import { makeTempDir } from '../support/temp-dir.js';
import { bench, describeRun } from './support/bench-run.js';
import { launchChromium } from './support/chromium.js';

const WORKLOAD = `<workload name="page">
  <storage type="strata" config="sync=false" />
  <workflow>
    <workstage name="init"><work type="init" workers="1" config="containers=r(1,1)" /></workstage>
    <workstage name="main">
      <work name="rw" workers="2" runtime="1">
        <operation type="write" ratio="50" config="containers=c(1);objects=u(1,50);sizes=c(1)KB" />
        <operation type="read" ratio="50" config="containers=c(1);objects=u(1,50)" />
      </work>
    </workstage>
  </workflow>
</workload>`;

interface Rendered {
  errors: string[];
  charts: number;
  tables: number;
  requests: string[];
}

async function render(browser: BrowserContext, file: string): Promise<Rendered> {
  const page = await browser.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('request', (request) => {
    if (!request.url().startsWith('file:')) requests.push(request.url());
  });
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  const charts = await page.locator('.uplot').count();
  const tables = await page.locator('table').count();
  await page.close();
  return { errors, charts, tables, requests };
}

describe('HTML report', () => {
  let browser: BrowserContext;
  let html: string;

  before(async () => {
    browser = await launchChromium();
    const file = path.join(makeTempDir('strata-html-'), 'page.xml');
    fs.writeFileSync(file, WORKLOAD);
    // An unreachable --vs adds failed runs, comparisons and errors to the page.
    const run = await bench([
      'workload',
      file,
      '--interval',
      '0.25',
      '--vs',
      'mysql://root@127.0.0.1:1/x',
    ]);
    assert.equal(run.code, 1, describeRun(run));
    html = path.join(run.dir, 'report.html');
  });

  after(async () => {
    await browser?.close();
  });

  it('renders without script errors and draws the charts', async () => {
    const page = await render(browser, html);
    assert.deepEqual(page.errors, []);
    // main/rw: a throughput chart and a latency chart; init is too short for a timeline.
    assert.equal(page.charts, 2);
    assert.ok(page.tables >= 3, 'results, by operation and errors tables');
  });

  it('loads nothing from the network', async () => {
    const page = await render(browser, html);
    assert.deepEqual(page.requests, []);
  });

  it('shows every run in its results table', () => {
    const text = fs.readFileSync(html, 'utf8');
    for (const phase of ['init/init', 'main/rw']) {
      assert.ok(text.includes(`<td>${phase}</td>`), phase);
    }
    assert.ok(text.includes('ECONNREFUSED'));
  });
});
