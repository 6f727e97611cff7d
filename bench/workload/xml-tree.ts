// A workload file read into a small element tree that remembers where each element starts, so
// that every later error can point at it. Text content is not part of the format and is
// refused; comments and the XML declaration are skipped.

import { SaxesParser } from 'saxes';

import { WorkloadError } from './workload-error.js';
import type { SourcePosition } from './workload-error.js';

export interface XmlElement {
  name: string;
  attributes: Map<string, string>;
  children: XmlElement[];
  position: SourcePosition;
}

/** How the element reads in the file, for messages: its name and identifying attributes. */
export function describeElement(element: XmlElement): string {
  const shown = ['name', 'type']
    .filter((attribute) => element.attributes.has(attribute))
    .map((attribute) => ` ${attribute}="${element.attributes.get(attribute)}"`)
    .join('');
  return `<${element.name}${shown}>`;
}

export function parseXml(text: string, file: string): XmlElement {
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let start: SourcePosition = { file, line: 1, column: 1 };
  let failure: WorkloadError | undefined;
  const fail = (message: string) => {
    failure ??= new WorkloadError(
      { file, line: parser.line, column: parser.column + 1 },
      'the file',
      undefined,
      message,
    );
  };
  parser.on('error', (error) =>
    fail(`malformed XML: ${error.message.replace(/^.*?\d+:\d+: /, '')}`),
  );
  parser.on('opentagstart', (tag) => {
    start = { file, line: parser.line, column: Math.max(1, parser.column - tag.name.length - 1) };
  });
  parser.on('opentag', (tag) => {
    const element: XmlElement = {
      name: tag.name,
      attributes: new Map(Object.entries(tag.attributes as Record<string, string>)),
      children: [],
      position: start,
    };
    const parent = stack[stack.length - 1];
    if (parent !== undefined) parent.children.push(element);
    else if (root === undefined) root = element;
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (content) => {
    const parent = stack[stack.length - 1];
    if (parent !== undefined && content.trim() !== '') {
      failure ??= new WorkloadError(
        parent.position,
        describeElement(parent),
        undefined,
        `unexpected text '${content.trim().slice(0, 40)}'`,
      );
    }
  });
  parser.on('cdata', () => fail('CDATA sections are not part of the workload format'));
  try {
    parser.write(text).close();
  } catch (error) {
    fail(`malformed XML: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (failure !== undefined) throw failure;
  if (root === undefined) {
    throw new WorkloadError(
      { file, line: 1, column: 1 },
      'the file',
      undefined,
      'no <workload> element',
    );
  }
  return root;
}
