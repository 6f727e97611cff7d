// Reads a COSBench workload file into a WorkloadSpec, checking every element and attribute: an
// unknown element or attribute, a bad number, a malformed distribution or config key, ratios
// that do not add up to 100 — each is a WorkloadError naming the element and attribute at fault.
//
// The format (COSBench 0.4):
//   <workload name description>
//     <auth type="none"/>?  <storage type config/>
//     <workflow>
//       <workstage name closuredelay? config?>
//         <work name type? workers runtime|totalOps|totalBytes rampup? rampdown? interval?
//               division? afr? driver? config?>
//           <operation type ratio config? division? id?/>   (normal works)
// A work's config is laid under its operations' configs, a stage's under its works'.

import fs from 'node:fs';

import { DistributionError, parseDistribution, parseSize } from './distribution.js';
import type { Distribution, SizeSpec } from './distribution.js';
import { DEFAULT_NAMING, DIVISIONS, OPERATION_TYPES, WORK_TYPES } from './model.js';
import type {
  Division,
  Naming,
  OperationSpec,
  OperationType,
  ScanSpec,
  StageSpec,
  StorageSpec,
  WorkSpec,
  WorkType,
  WorkloadSpec,
} from './model.js';
import { WorkloadError } from './workload-error.js';
import { describeElement, parseXml } from './xml-tree.js';
import type { XmlElement } from './xml-tree.js';

const PERCENT = 100;
const PER_MILLION = 1_000_000;
/** COSBench's acceptable failure ratios: 20% for normal works, none for the others. */
const DEFAULT_AFR_NORMAL = 200_000;
const DEFAULT_AFR_OTHERS = 0;

const NAMING_KEYS = ['cprefix', 'csuffix', 'oprefix', 'osuffix'];
const CONFIG_KEYS: Record<OperationType | Exclude<WorkType, 'normal' | 'delay'>, string[]> = {
  read: ['containers', 'objects', ...NAMING_KEYS],
  write: ['containers', 'objects', 'sizes', ...NAMING_KEYS],
  delete: ['containers', 'objects', ...NAMING_KEYS],
  list: ['containers', 'objects', ...NAMING_KEYS],
  init: ['containers', 'cprefix', 'csuffix'],
  dispose: ['containers', 'cprefix', 'csuffix'],
  prepare: ['containers', 'objects', 'sizes', 'createContainer', ...NAMING_KEYS],
  cleanup: ['containers', 'objects', 'deleteContainer', ...NAMING_KEYS],
};

function fail(element: XmlElement, attribute: string | undefined, detail: string): never {
  throw new WorkloadError(element.position, describeElement(element), attribute, detail);
}

function checkAttributes(element: XmlElement, allowed: string[]): void {
  for (const name of element.attributes.keys()) {
    if (!allowed.includes(name)) {
      fail(element, name, `unknown attribute (${element.name} takes ${allowed.join(', ')})`);
    }
  }
}

function checkChildren(element: XmlElement, allowed: string[]): void {
  for (const child of element.children) {
    if (!allowed.includes(child.name)) {
      const expected =
        allowed.length === 0 ? 'none' : allowed.map((name) => `<${name}>`).join(', ');
      fail(
        child,
        undefined,
        `unexpected element inside ${describeElement(element)} (expected ${expected})`,
      );
    }
  }
}

function required(element: XmlElement, name: string): string {
  const value = element.attributes.get(name);
  if (value === undefined || value.trim() === '') fail(element, name, 'is required');
  return value.trim();
}

function integerAttribute(element: XmlElement, name: string, min: number): number | undefined {
  const raw = element.attributes.get(name);
  if (raw === undefined) return undefined;
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isSafeInteger(value) || value < min) {
    fail(element, name, `must be an integer of at least ${min}, got '${raw}'`);
  }
  return value;
}

function choiceAttribute<T extends string>(
  element: XmlElement,
  name: string,
  choices: readonly T[],
  fallback: T,
): T {
  const raw = element.attributes.get(name);
  if (raw === undefined) return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    fail(element, name, `must be one of ${choices.join(', ')}, got '${raw}'`);
  }
  return raw as T;
}

/** Config entries with the element each came from, so that an error points at its source. */
type Config = Map<string, { value: string; from: XmlElement }>;

function readConfig(element: XmlElement, inherited: Config = new Map()): Config {
  const config: Config = new Map(inherited);
  const raw = element.attributes.get('config');
  if (raw === undefined) return config;
  for (const part of raw.split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) fail(element, 'config', `'${part.trim()}' is not key=value`);
    config.set(part.slice(0, eq).trim(), { value: part.slice(eq + 1).trim(), from: element });
  }
  return config;
}

function checkConfigKeys(config: Config, allowed: string[], what: string): void {
  for (const [key, { from }] of config) {
    if (!allowed.includes(key)) {
      fail(from, 'config', `unknown key '${key}' for ${what} (known: ${allowed.join(', ')})`);
    }
  }
}

function distributionOf(
  config: Config,
  key: string,
  owner: XmlElement,
  needed: boolean,
): Distribution | undefined {
  const entry = config.get(key);
  if (entry === undefined) {
    if (needed) fail(owner, 'config', `needs ${key}=… (a distribution such as u(1,100))`);
    return undefined;
  }
  try {
    return parseDistribution(entry.value);
  } catch (error) {
    if (error instanceof DistributionError) fail(entry.from, 'config', `${key}: ${error.message}`);
    throw error;
  }
}

function sizesOf(config: Config, owner: XmlElement, needed: boolean): SizeSpec | undefined {
  const entry = config.get('sizes');
  if (entry === undefined) {
    if (needed) fail(owner, 'config', 'needs sizes=… (such as c(4)KB)');
    return undefined;
  }
  try {
    return parseSize(entry.value);
  } catch (error) {
    if (error instanceof DistributionError) fail(entry.from, 'config', `sizes: ${error.message}`);
    throw error;
  }
}

function namingOf(config: Config): Naming {
  const naming = { ...DEFAULT_NAMING };
  const names: Array<[string, keyof Naming]> = [
    ['cprefix', 'containerPrefix'],
    ['csuffix', 'containerSuffix'],
    ['oprefix', 'objectPrefix'],
    ['osuffix', 'objectSuffix'],
  ];
  for (const [key, field] of names) {
    const entry = config.get(key);
    if (entry === undefined) continue;
    if (!/^[A-Za-z0-9_.$-]*$/.test(entry.value)) {
      fail(
        entry.from,
        'config',
        `${key} may hold letters, digits and _ . $ - only, got '${entry.value}'`,
      );
    }
    naming[field] = entry.value;
  }
  return naming;
}

function booleanOf(config: Config, key: string, fallback: boolean): boolean {
  const entry = config.get(key);
  if (entry === undefined) return fallback;
  if (entry.value === 'true') return true;
  if (entry.value === 'false') return false;
  fail(entry.from, 'config', `${key} must be true or false, got '${entry.value}'`);
}

function parseOperation(
  element: XmlElement,
  workConfig: Config,
  workDivision: Division,
): OperationSpec {
  checkAttributes(element, ['type', 'ratio', 'config', 'division', 'id']);
  checkChildren(element, []);
  const type = required(element, 'type');
  if (!(OPERATION_TYPES as readonly string[]).includes(type)) {
    fail(element, 'type', `must be one of ${OPERATION_TYPES.join(', ')}, got '${type}'`);
  }
  const opType = type as OperationType;
  const ratio = integerAttribute(element, 'ratio', 0);
  if (ratio === undefined) fail(element, 'ratio', 'is required (a percentage)');
  if (ratio > PERCENT) fail(element, 'ratio', `must be at most ${PERCENT}, got '${ratio}'`);
  const config = readConfig(element, workConfig);
  checkConfigKeys(config, CONFIG_KEYS[opType], `a ${opType} operation`);
  return {
    position: element.position,
    element: describeElement(element),
    type: opType,
    ratio,
    division: choiceAttribute(element, 'division', DIVISIONS, workDivision),
    containers: distributionOf(config, 'containers', element, true)!,
    objects: distributionOf(config, 'objects', element, opType !== 'list'),
    sizes: sizesOf(config, element, opType === 'write'),
    naming: namingOf(config),
  };
}

function parseScan(
  element: XmlElement,
  type: Exclude<WorkType, 'normal' | 'delay'>,
  config: Config,
): ScanSpec {
  checkConfigKeys(config, CONFIG_KEYS[type], `a ${type} work`);
  const containers = distributionOf(config, 'containers', element, true)!;
  const withObjects = type === 'prepare' || type === 'cleanup';
  const objects = withObjects ? distributionOf(config, 'objects', element, true) : undefined;
  for (const [key, d] of [
    ['containers', containers],
    ['objects', objects],
  ] as const) {
    if (d !== undefined && d.kind !== 'range' && d.kind !== 'constant') {
      fail(
        config.get(key)?.from ?? element,
        'config',
        `${key} of a ${type} work must be r(a,b) or c(n): each is visited once`,
      );
    }
  }
  return {
    containers,
    objects,
    sizes: sizesOf(config, element, type === 'prepare'),
    naming: namingOf(config),
    containerToo:
      type === 'prepare'
        ? booleanOf(config, 'createContainer', false)
        : type === 'cleanup'
          ? booleanOf(config, 'deleteContainer', false)
          : false,
  };
}

function parseWork(element: XmlElement, stageConfig: Config): WorkSpec {
  checkAttributes(element, [
    'name',
    'type',
    'workers',
    'runtime',
    'totalOps',
    'totalBytes',
    'rampup',
    'rampdown',
    'interval',
    'division',
    'afr',
    'driver',
    'config',
  ]);
  const type = choiceAttribute(element, 'type', WORK_TYPES, 'normal');
  const workers = integerAttribute(element, 'workers', 1);
  if (workers === undefined) {
    fail(element, 'workers', 'is required (the number of concurrent clients)');
  }
  const name =
    element.attributes.get('name') ??
    (type === 'normal' ? fail(element, 'name', 'is required') : type);
  const config = readConfig(element, stageConfig);
  const work: WorkSpec = {
    position: element.position,
    element: describeElement(element),
    name,
    type,
    workers,
    runtimeSeconds: integerAttribute(element, 'runtime', 1),
    totalOps: integerAttribute(element, 'totalOps', 1),
    totalBytes: integerAttribute(element, 'totalBytes', 1),
    rampupSeconds: integerAttribute(element, 'rampup', 0) ?? 0,
    rampdownSeconds: integerAttribute(element, 'rampdown', 0) ?? 0,
    intervalSeconds: integerAttribute(element, 'interval', 1),
    afrPerMillion:
      integerAttribute(element, 'afr', 0) ??
      (type === 'normal' ? DEFAULT_AFR_NORMAL : DEFAULT_AFR_OTHERS),
    driver: element.attributes.get('driver'),
    operations: [],
    scan: undefined,
  };
  if (work.afrPerMillion > PER_MILLION) {
    fail(element, 'afr', `is per million, at most ${PER_MILLION}`);
  }
  const division = choiceAttribute(element, 'division', DIVISIONS, 'none');
  if (type === 'normal') {
    checkChildren(element, ['operation']);
    if (
      work.runtimeSeconds === undefined &&
      work.totalOps === undefined &&
      work.totalBytes === undefined
    ) {
      fail(element, 'runtime', 'a normal work needs a limit: runtime, totalOps or totalBytes');
    }
    work.operations = element.children
      .map((child) => parseOperation(child, config, division))
      .filter((op) => op.ratio > 0);
    const sum = work.operations.reduce((total, op) => total + op.ratio, 0);
    if (work.operations.length === 0) {
      fail(element, undefined, 'needs at least one <operation> with a ratio above 0');
    }
    if (sum !== PERCENT) {
      fail(element, undefined, `the ratios of its operations add up to ${sum}, not ${PERCENT}`);
    }
    return work;
  }
  checkChildren(element, []);
  for (const limit of ['runtime', 'totalOps', 'totalBytes', 'rampup', 'rampdown'] as const) {
    if (element.attributes.has(limit)) {
      fail(
        element,
        limit,
        `does not apply to a ${type} work: it visits each container or object once`,
      );
    }
  }
  if (element.attributes.has('division')) {
    fail(element, 'division', `does not apply to a ${type} work: its division is fixed`);
  }
  if (type === 'delay') {
    if (element.attributes.has('config')) fail(element, 'config', 'a delay work takes no config');
  } else {
    work.scan = parseScan(element, type, config);
  }
  return work;
}

function parseStage(element: XmlElement): StageSpec {
  checkAttributes(element, ['name', 'closuredelay', 'config']);
  checkChildren(element, ['work']);
  if (element.children.length === 0) fail(element, undefined, 'needs at least one <work>');
  const config = readConfig(element);
  const works = element.children.map((child) => parseWork(child, config));
  const names = new Set<string>();
  for (const [i, work] of works.entries()) {
    if (names.has(work.name)) {
      fail(element.children[i]!, 'name', `'${work.name}' is used twice in this stage`);
    }
    names.add(work.name);
  }
  return {
    position: element.position,
    element: describeElement(element),
    name: required(element, 'name'),
    closureDelaySeconds: integerAttribute(element, 'closuredelay', 0) ?? 0,
    works,
  };
}

function parseStorage(element: XmlElement): StorageSpec {
  checkAttributes(element, ['type', 'config']);
  checkChildren(element, []);
  const config = new Map([...readConfig(element)].map(([key, { value }]) => [key, value]));
  return {
    position: element.position,
    element: describeElement(element),
    type: required(element, 'type'),
    config,
  };
}

export function parseWorkload(text: string, file: string): WorkloadSpec {
  const root = parseXml(text, file);
  if (root.name !== 'workload') fail(root, undefined, 'the root element must be <workload>');
  checkAttributes(root, ['name', 'description']);
  checkChildren(root, ['auth', 'storage', 'workflow']);
  const single = (name: string, needed: boolean) => {
    const found = root.children.filter((child) => child.name === name);
    if (found.length > 1) fail(found[1]!, undefined, `<workload> takes one <${name}>`);
    if (found.length === 0 && needed) fail(root, undefined, `needs a <${name}> element`);
    return found[0];
  };
  const auth = single('auth', false);
  if (auth !== undefined) {
    checkAttributes(auth, ['type', 'config']);
    if (required(auth, 'type') !== 'none') {
      fail(auth, 'type', `only type="none" is supported: the storage config holds any credentials`);
    }
  }
  const storage = parseStorage(single('storage', true)!);
  const workflow = single('workflow', true)!;
  checkAttributes(workflow, []);
  checkChildren(workflow, ['workstage']);
  if (workflow.children.length === 0) fail(workflow, undefined, 'needs at least one <workstage>');
  return {
    file,
    name: required(root, 'name'),
    description: root.attributes.get('description') ?? '',
    storage,
    stages: workflow.children.map(parseStage),
  };
}

export function readWorkloadFile(file: string): WorkloadSpec {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new WorkloadError(
      { file, line: 0, column: 0 },
      'the file',
      undefined,
      `cannot be read: ${(error as Error).message}`,
    );
  }
  return parseWorkload(text, file);
}
