// ALTER TABLE planned: the alterations applied in order to a draft of the table, then checked as
// CREATE TABLE checks a definition, and the cheapest way to get from the old table to the new:
//
//   metadata  only the catalog changes (renames, defaults, options, dropped keys, columns added
//             as NULL, types widened without changing stored values);
//   index     the catalog changes and new keys are built from the rows (CREATE INDEX's way);
//   copy      every row is converted into a new copy of the table (type changes, NOT NULL on a
//             nullable column, a new row handle, columns added with a value).

import { ER } from '../../../server/constants/error-codes.js';
import type { ErrorSpec } from '../../../server/constants/error-codes.js';
import type {
  AlterAction,
  AlterTableNode,
  ColumnPosition,
  IndexDefinition,
  TableOptions,
} from '../../ast/index.js';
import type { ColumnInfo, IndexInfo, TableInfo, TableOptionsInfo } from '../../catalog/schema.js';
import {
  assembleTable,
  buildColumn,
  checkPageCompression,
  columnDefaultOf,
  inlineKeys,
  resolveCollation,
} from '../../catalog/table-builder.js';
import type { KeyDraft } from '../../catalog/table-builder.js';
import { notSupported, sqlError } from '../../errors.js';
import type { EvalContext } from '../../expr/eval-context.js';
import { collationByName, DEFAULT_COLLATION } from '../../types/collation.js';
import type { CollationInfo } from '../../types/collation.js';
import { evalKindOf, keepsStoredValues } from '../../types/column-type.js';

export type AlterAlgorithmChoice = 'metadata' | 'index' | 'copy';

/** Where the values of one column of the new table come from. */
export interface ColumnSource {
  /** The old column, or null for a column added by the statement. */
  readonly from: ColumnInfo | null;
  /** Values must be converted (and checked) into the new type. */
  readonly convert: boolean;
}

export interface AlterPlan {
  readonly old: TableInfo;
  /** The new definition (under the old table id; a copy gives it a new one). */
  readonly table: TableInfo;
  /** By offset in the new table. */
  readonly sources: readonly ColumnSource[];
  readonly algorithm: AlterAlgorithmChoice;
  /** Keys of the new table that the index algorithm builds. */
  readonly newIndexes: readonly IndexInfo[];
  /** Keys of the old table that are gone. */
  readonly droppedIndexes: readonly IndexInfo[];
  /** Moved to another database or name (checked when the change commits). */
  readonly renamed: { readonly database: string; readonly name: string } | null;
  /** AUTO_INCREMENT = n. */
  readonly autoIncrement: bigint | null;
  /** Nothing changes at all (every alteration was skipped by IF [NOT] EXISTS). */
  readonly unchanged: boolean;
}

interface DraftColumn {
  info: ColumnInfo;
  /** The old column whose values feed this one. */
  from: ColumnInfo | null;
}

interface DraftKey {
  definition: IndexDefinition;
  /** The old key while its entries stay valid. */
  from: IndexInfo | null;
}

export interface AlterInput {
  readonly node: AlterTableNode;
  readonly table: TableInfo;
  readonly database: string;
  readonly ctx: EvalContext;
  /** Records a note (an alteration skipped by IF [NOT] EXISTS). */
  readonly note: (spec: ErrorSpec, ...args: Array<string | number>) => void;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

class AlterDraft {
  readonly columns: DraftColumn[];
  readonly keys: DraftKey[];
  nextColumnId: number;
  options: TableOptionsInfo;
  tableCollation: CollationInfo;
  forceCopy = false;
  changed = false;
  renamed: { database: string; name: string } | null = null;
  autoIncrement: bigint | null = null;

  constructor(
    readonly old: TableInfo,
    private readonly input: AlterInput,
  ) {
    this.columns = old.columns.map((c) => ({ info: c, from: c }));
    this.keys = old.indexes.map((index) => ({
      definition: {
        name: index.name,
        primary: index.primary,
        unique: index.unique,
        columns: index.columns.map((part) => ({
          column: old.columns[part.offset]!.name,
          length: part.prefixLength,
          descending: part.descending,
        })),
        comment: index.comment || null,
      },
      from: index,
    }));
    this.nextColumnId = old.nextColumnId;
    this.options = old.options;
    this.tableCollation = collationByName(old.options.collation) ?? DEFAULT_COLLATION;
  }

  private columnAt(name: string): number {
    return this.columns.findIndex((c) => same(c.info.name, name));
  }

  private unknownColumn(name: string) {
    return sqlError(ER.BAD_FIELD_ERROR, name, this.old.name);
  }

  private place(column: DraftColumn, position: ColumnPosition): void {
    if (position === null) {
      this.columns.push(column);
      return;
    }
    if ('first' in position) {
      this.columns.unshift(column);
      return;
    }
    const at = this.columnAt(position.after);
    if (at < 0) throw this.unknownColumn(position.after);
    this.columns.splice(at + 1, 0, column);
  }

  private renameKeyParts(from: string, to: string): void {
    for (const key of this.keys) {
      if (!key.definition.columns.some((part) => same(part.column, from))) continue;
      key.definition = {
        ...key.definition,
        columns: key.definition.columns.map((part) =>
          same(part.column, from) ? { ...part, column: to } : part,
        ),
      };
    }
  }

  apply(action: AlterAction): void {
    const { ctx, note } = this.input;
    switch (action.kind) {
      case 'addColumn': {
        const def = action.column;
        if (this.columnAt(def.name) >= 0) {
          if (!action.ifNotExists) throw sqlError(ER.DUP_FIELDNAME, def.name);
          note(ER.DUP_FIELDNAME, def.name);
          return;
        }
        const info = buildColumn(
          def,
          { id: this.nextColumnId++, offset: 0 },
          this.tableCollation,
          ctx,
        );
        this.place({ info, from: null }, action.position);
        for (const definition of inlineKeys(def)) this.keys.push({ definition, from: null });
        break;
      }
      case 'dropColumn': {
        const at = this.columnAt(action.name);
        if (at < 0) {
          if (!action.ifExists) throw sqlError(ER.CANT_DROP_FIELD_OR_KEY, action.name);
          note(ER.CANT_DROP_FIELD_OR_KEY, action.name);
          return;
        }
        if (this.columns.length === 1) throw sqlError(ER.CANT_REMOVE_ALL_FIELDS);
        this.columns.splice(at, 1);
        for (let i = this.keys.length - 1; i >= 0; i--) {
          const key = this.keys[i]!;
          const parts = key.definition.columns.filter((part) => !same(part.column, action.name));
          if (parts.length === key.definition.columns.length) continue;
          if (parts.length === 0) this.keys.splice(i, 1);
          else this.keys[i] = { definition: { ...key.definition, columns: parts }, from: null };
        }
        break;
      }
      case 'changeColumn': {
        const at = this.columnAt(action.name);
        if (at < 0) {
          if (!action.ifExists) throw this.unknownColumn(action.name);
          note(ER.BAD_FIELD_ERROR, action.name, this.old.name);
          return;
        }
        const current = this.columns[at]!;
        const def = action.column;
        const info = buildColumn(def, { id: current.info.id, offset: 0 }, this.tableCollation, ctx);
        const column: DraftColumn = { info, from: current.from };
        if (action.position === null) this.columns[at] = column;
        else {
          this.columns.splice(at, 1);
          this.place(column, action.position);
        }
        if (!same(current.info.name, def.name)) this.renameKeyParts(current.info.name, def.name);
        for (const definition of inlineKeys(def)) this.keys.push({ definition, from: null });
        break;
      }
      case 'renameColumn': {
        const at = this.columnAt(action.from);
        if (at < 0) throw this.unknownColumn(action.from);
        const current = this.columns[at]!;
        this.columns[at] = { ...current, info: { ...current.info, name: action.to } };
        this.renameKeyParts(action.from, action.to);
        break;
      }
      case 'columnDefault': {
        const at = this.columnAt(action.name);
        if (at < 0) throw this.unknownColumn(action.name);
        const current = this.columns[at]!;
        const defaultValue =
          action.value === null
            ? ({ kind: 'none' } as const)
            : columnDefaultOf(action.value, current.info, ctx);
        this.columns[at] = { ...current, info: { ...current.info, defaultValue } };
        break;
      }
      case 'addIndex': {
        const def = action.index;
        const name = def.primary ? 'PRIMARY' : def.name;
        if (name !== null && this.keys.some((k) => same(k.definition.name ?? '', name))) {
          if (def.primary) throw sqlError(ER.MULTIPLE_PRI_KEY);
          if (!action.ifNotExists) throw sqlError(ER.DUP_KEYNAME, name);
          note(ER.DUP_KEYNAME, name);
          return;
        }
        this.keys.push({ definition: def, from: null });
        break;
      }
      case 'dropIndex':
      case 'dropPrimaryKey': {
        const name = action.kind === 'dropIndex' ? action.name : 'PRIMARY';
        const at = this.keys.findIndex((k) => same(k.definition.name ?? '', name));
        if (at < 0) {
          if (action.kind === 'dropIndex' && action.ifExists) {
            note(ER.CANT_DROP_FIELD_OR_KEY, name);
            return;
          }
          throw sqlError(ER.CANT_DROP_FIELD_OR_KEY, name);
        }
        this.keys.splice(at, 1);
        break;
      }
      case 'renameIndex': {
        const key = this.keys.find((k) => same(k.definition.name ?? '', action.from));
        if (!key) throw sqlError(ER.KEY_DOES_NOT_EXITS, action.from, this.old.name);
        if (key.definition.primary || same(action.to, 'PRIMARY'))
          throw notSupported('renaming the PRIMARY key');
        if (this.keys.some((k) => k !== key && same(k.definition.name ?? '', action.to)))
          throw sqlError(ER.DUP_KEYNAME, action.to);
        key.definition = { ...key.definition, name: action.to };
        break;
      }
      case 'renameTable':
        this.renamed = {
          database: action.to.database ?? this.input.database,
          name: action.to.name,
        };
        break;
      case 'tableOptions':
        this.applyOptions(action.options);
        break;
      case 'convertCharset': {
        const collation = resolveCollation(action.charset, action.collation, DEFAULT_COLLATION);
        this.tableCollation = collation;
        this.options = { ...this.options, charset: collation.charset, collation: collation.name };
        for (const column of this.columns) {
          if (evalKindOf(column.info.type.name) !== 'string') continue;
          column.info = { ...column.info, type: { ...column.info.type, collation } };
        }
        break;
      }
      case 'force':
        this.forceCopy = true;
        break;
    }
    this.changed = true;
  }

  private applyOptions(options: TableOptions): void {
    if (options.dataDirectory !== null) throw notSupported('ALTER TABLE … DATA DIRECTORY');
    if (options.charset !== null || options.collation !== null) {
      this.tableCollation = resolveCollation(options.charset, options.collation, DEFAULT_COLLATION);
      this.options = {
        ...this.options,
        charset: this.tableCollation.charset,
        collation: this.tableCollation.name,
      };
    }
    const level = options.pageCompressionLevel;
    this.options = {
      ...this.options,
      comment: options.comment ?? this.options.comment,
      pageCompressed: options.pageCompressed ?? this.options.pageCompressed,
      pageCompressionLevel:
        level === 'DEFAULT' ? null : (level ?? this.options.pageCompressionLevel),
      atomicWrites: options.atomicWrites ?? this.options.atomicWrites,
    };
    if (options.autoIncrement !== null) this.autoIncrement = options.autoIncrement;
  }

  finish(): AlterPlan {
    const old = this.old;
    checkPageCompression(this.options, 'alter', this.input.database, old.name);
    const idByName = new Map(this.columns.map((c) => [c.info.name.toLowerCase(), c.info.id]));
    const keys: KeyDraft[] = this.keys.map((k) => ({
      definition: k.definition,
      id: k.from && keyUnchanged(k.from, k.definition, old, idByName) ? k.from.id : null,
    }));
    const table = assembleTable({
      id: old.id,
      databaseId: old.databaseId,
      name: old.name,
      columns: this.columns.map((c) => c.info),
      keys,
      options: this.options,
      nextColumnId: this.nextColumnId,
      nextIndexId: old.nextIndexId,
      createTimeMs: old.createTimeMs,
    });
    const sources: ColumnSource[] = this.columns.map((draft, offset) => {
      const from = draft.from;
      const column = table.columns[offset]!;
      return {
        from,
        convert:
          from !== null &&
          (!keepsStoredValues(from.type, column.type) ||
            (column.notNull && !from.notNull) ||
            (column.autoIncrement && !from.autoIncrement)),
      };
    });
    const keptIds = new Set(table.indexes.map((i) => i.id));
    const droppedIndexes = old.indexes.filter((i) => !keptIds.has(i.id));
    const oldIds = new Set(old.indexes.map((i) => i.id));
    const newIndexes = table.indexes.filter((i) => !oldIds.has(i.id));
    const algorithm = this.choose(table, sources, newIndexes);
    const columns = table.columns.map((column, offset) => {
      const source = sources[offset]!;
      const sparse =
        algorithm !== 'copy' && (source.from === null || (source.from.sparse ?? false));
      return sparse === (column.sparse ?? false) ? column : { ...column, sparse };
    });
    return {
      old,
      table: { ...table, columns },
      sources,
      algorithm,
      newIndexes,
      droppedIndexes,
      renamed: this.renamed,
      autoIncrement: this.autoIncrement,
      unchanged: !this.changed,
    };
  }

  private choose(
    table: TableInfo,
    sources: readonly ColumnSource[],
    newIndexes: readonly IndexInfo[],
  ): AlterAlgorithmChoice {
    const old = this.old;
    if (this.forceCopy || this.input.node.algorithm === 'COPY') return 'copy';
    if (sources.some((s) => s.convert)) return 'copy';
    for (let offset = 0; offset < sources.length; offset++) {
      const column = table.columns[offset]!;
      const from = sources[offset]!.from;
      // A column missing from old rows reads as NULL: only a NULL default lets them go unwritten.
      const readsNull = column.defaultValue.kind === 'null' && !column.autoIncrement;
      if (from === null && !readsNull) return 'copy';
      if (from?.sparse && !readsNull) return 'copy';
    }
    const handleId = (t: TableInfo) => (t.handleColumn < 0 ? -1 : t.columns[t.handleColumn]!.id);
    if (handleId(old) !== handleId(table)) return 'copy';
    const oldIds = new Set(old.columns.map((c) => c.id));
    for (const index of newIndexes) {
      if (index.columns.some((part) => !oldIds.has(table.columns[part.offset]!.id))) return 'copy';
    }
    return newIndexes.length > 0 ? 'index' : 'metadata';
  }
}

/** Whether the key still has the entries of the old one (renames keep them). */
function keyUnchanged(
  from: IndexInfo,
  definition: IndexDefinition,
  old: TableInfo,
  idByName: ReadonlyMap<string, number>,
): boolean {
  if (from.primary !== definition.primary || from.unique !== definition.unique) return false;
  if (from.columns.length !== definition.columns.length) return false;
  return from.columns.every((part, i) => {
    const now = definition.columns[i]!;
    return (
      old.columns[part.offset]!.id === idByName.get(now.column.toLowerCase()) &&
      part.prefixLength === now.length &&
      part.descending === now.descending
    );
  });
}

export function planAlter(input: AlterInput): AlterPlan {
  const draft = new AlterDraft(input.table, input);
  for (const action of input.node.actions) draft.apply(action);
  return draft.finish();
}
