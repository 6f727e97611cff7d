// The configuration file: MySQL's option-file (my.cnf) format. Options are read from the
// [mysqld] and [strata] sections; other sections ([client], [mysql], …) are skipped, so one file
// can serve the server and its clients.
//
//   # comment            ; comment
//   [mysqld]
//   port = 3307
//   max-connections=500   dashes and underscores are the same
//   require_secure_transport          a bare name turns a boolean on
//   skip-require-secure-transport     skip-/disable- turn it off, enable- on
//   ssl_cert = "/etc/strata/cert.pem" quotes are optional
//
// Every option must name a known setting with a valid value; errors name the file and line.

import { readFile } from 'node:fs/promises';
import { UsageError } from './usage-error.js';

/** One name = value pair with where it came from, applied to Settings by the caller. */
export interface Assignment {
  name: string;
  value: string | true | false;
  /** 'file.cnf:12' or '--port'. */
  origin: string;
}

const SERVER_SECTIONS: ReadonlySet<string> = new Set(['mysqld', 'strata']);
const COMMENT_STARTS = ['#', ';'];
const NEGATING_PREFIXES = ['skip-', 'skip_', 'disable-', 'disable_'];
const ENABLING_PREFIXES = ['enable-', 'enable_'];

function unquote(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length >= 2) {
    const first = trimmed[0];
    if ((first === '"' || first === "'") && trimmed.at(-1) === first) return trimmed.slice(1, -1);
  }
  const comment = trimmed.search(/\s#/);
  return comment >= 0 ? trimmed.slice(0, comment).trimEnd() : trimmed;
}

/** A bare option name: a boolean switched on, or off with skip-/disable-. */
export function bareOption(name: string, origin: string): Assignment {
  const lower = name.toLowerCase();
  for (const prefix of NEGATING_PREFIXES) {
    if (lower.startsWith(prefix)) return { name: name.slice(prefix.length), value: false, origin };
  }
  for (const prefix of ENABLING_PREFIXES) {
    if (lower.startsWith(prefix)) return { name: name.slice(prefix.length), value: true, origin };
  }
  return { name, value: true, origin };
}

export function parseConfigText(text: string, fileName: string): Assignment[] {
  const assignments: Assignment[] = [];
  let section: string | null = null;
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const origin = `${fileName}:${index + 1}`;
    const line = lines[index]!.trim();
    if (line === '' || COMMENT_STARTS.includes(line[0]!)) continue;
    if (line.startsWith('!'))
      throw new UsageError(`${origin}: unsupported directive '${line.split(/\s/)[0]}'`);
    if (line.startsWith('[')) {
      if (!line.endsWith(']'))
        throw new UsageError(`${origin}: malformed section header '${line}'`);
      section = line.slice(1, -1).trim().toLowerCase();
      continue;
    }
    if (section === null)
      throw new UsageError(`${origin}: option '${line}' appears before any [section]`);
    if (!SERVER_SECTIONS.has(section)) continue;
    const equals = line.indexOf('=');
    if (equals < 0) {
      assignments.push(bareOption(line, origin));
    } else {
      const name = line.slice(0, equals).trim();
      if (name === '') throw new UsageError(`${origin}: missing option name before '='`);
      assignments.push({ name, value: unquote(line.slice(equals + 1)), origin });
    }
  }
  return assignments;
}

export async function readConfigFile(path: string): Promise<Assignment[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read config file '${path}'${code ? ` (${code})` : ''}`);
  }
  return parseConfigText(text, path);
}
