// Writes a finished report where the flags asked (--json, --md, --html) and prints its Markdown
// summary on stdout.

import fs from 'node:fs';
import path from 'node:path';

import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import type { BenchReport } from './types.js';

export interface ReportFiles {
  json?: string;
  md?: string;
  html?: string;
}

function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, text);
}

export function writeReports(
  report: BenchReport,
  files: ReportFiles,
  out: NodeJS.WritableStream = process.stdout,
): void {
  const markdown = renderMarkdown(report);
  out.write('\n' + markdown);
  if (files.json !== undefined) writeFile(files.json, JSON.stringify(report, null, 2) + '\n');
  if (files.md !== undefined) writeFile(files.md, markdown);
  if (files.html !== undefined) writeFile(files.html, renderHtml(report));
  const written = [files.json, files.md, files.html].filter((f): f is string => f !== undefined);
  if (written.length > 0) out.write(`\nReports: ${written.join(', ')}\n`);
}
