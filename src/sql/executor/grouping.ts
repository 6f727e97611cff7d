// GROUP BY: rows fed one at a time into their group's aggregate states. A group's result row is a
// copy of its first row with each aggregate's result in its slot (other columns read as MySQL
// reads a column that is not grouped: from some row of the group). WITH ROLLUP keeps one set of
// groups per prefix of the GROUP BY list and emits the groups sorted, each run of groups followed
// by its super-aggregate row, where the rolled-up GROUP BY values read as NULL.

import { hashKey } from '../expr/compare.js';
import type { EvalContext } from '../expr/eval-context.js';
import type { Aggregation } from '../planner/select-plan.js';
import type { Row, Value } from '../types/value.js';
import type { AggregateState } from './aggregates.js';

interface Group {
  readonly first: Row;
  readonly values: readonly Value[];
  readonly states: AggregateState[];
}

const KEY_SEPARATOR = '\u0001';

export class Grouping {
  private sole: Group | undefined;
  private readonly groups = new Map<string, Group>();
  /** WITH ROLLUP: the groups of each GROUP BY prefix (index = prefix length), the full last. */
  private readonly levels: Array<Map<string, Group>> | null;

  constructor(
    private readonly aggregation: Aggregation,
    private readonly width: number,
  ) {
    this.levels = aggregation.rollupSlots
      ? aggregation.groupBy.map(() => new Map<string, Group>())
      : null;
  }

  add(row: Row, ctx: EvalContext): void {
    const groupBy = this.aggregation.groupBy;
    if (groupBy.length === 0) {
      this.sole ??= this.newGroup(row, []);
      feed(this.sole, row, ctx);
      return;
    }
    if (this.levels !== null) {
      this.addRollup(row, ctx);
      return;
    }
    let key = '';
    for (let i = 0; i < groupBy.length; i++) {
      const g = groupBy[i]!;
      key += hashKey(g.evaluate(row, ctx), g.type) + KEY_SEPARATOR;
    }
    let group = this.groups.get(key);
    if (group === undefined) {
      group = this.newGroup(row, []);
      this.groups.set(key, group);
    }
    feed(group, row, ctx);
  }

  private addRollup(row: Row, ctx: EvalContext): void {
    const groupBy = this.aggregation.groupBy;
    const values = groupBy.map((g) => g.evaluate(row, ctx));
    let key = '';
    for (let level = 0; level <= groupBy.length; level++) {
      if (level > 0) key += hashKey(values[level - 1]!, groupBy[level - 1]!.type) + KEY_SEPARATOR;
      const groups = level === groupBy.length ? this.groups : this.levels![level]!;
      let group = groups.get(key);
      if (group === undefined) {
        group = this.newGroup(row, values.slice(0, level));
        groups.set(key, group);
      }
      feed(group, row, ctx);
    }
  }

  private newGroup(row: Row, values: Value[]): Group {
    const first = row.slice();
    first.length = this.width;
    return { first, values, states: this.aggregation.specs.map((s) => s.create()) };
  }

  /** The result row of every group, in output order. */
  results(): Row[] {
    if (this.aggregation.groupBy.length === 0) {
      const group = this.sole ?? this.newGroup(new Array<Value>(this.width).fill(null), []);
      return [this.resultRow(group, null)];
    }
    if (this.levels === null) return [...this.groups.values()].map((g) => this.resultRow(g, null));
    return this.rollupResults();
  }

  private resultRow(group: Group, level: number | null): Row {
    const row = group.first.slice();
    const { slots, rollupSlots } = this.aggregation;
    for (let i = 0; i < slots.length; i++) row[slots[i]!] = group.states[i]!.result();
    if (rollupSlots !== null) {
      for (let i = 0; i < rollupSlots.length; i++)
        row[rollupSlots[i]!] = level === null || i < level ? group.values[i]! : null;
    }
    return row;
  }

  private rollupResults(): Row[] {
    const { groupBy, groupOrder } = this.aggregation;
    const n = groupBy.length;
    const compareAt = (i: number, x: Value, y: Value): number =>
      x === null ? (y === null ? 0 : -1) : y === null ? 1 : groupOrder![i]!.compare(x, y, null);
    const full = [...this.groups.values()];
    full.sort((a, b) => {
      for (let i = 0; i < n; i++) {
        const c = compareAt(i, a.values[i]!, b.values[i]!);
        if (c !== 0) return c;
      }
      return 0;
    });
    const out: Row[] = [];
    for (let g = 0; g < full.length; g++) {
      const group = full[g]!;
      out.push(this.resultRow(group, null));
      // After the last group of a prefix, that prefix's super-aggregate rows, longest first.
      // How many leading values the next group shares; the prefixes longer than that end here
      // (all of them, down to the grand total, after the last group).
      const next = full[g + 1];
      let shared = -1;
      if (next) {
        shared = 0;
        while (shared < n && compareAt(shared, group.values[shared]!, next.values[shared]!) === 0)
          shared++;
      }
      let key = '';
      const keys = [key];
      for (let i = 0; i < n - 1; i++) {
        key += hashKey(group.values[i]!, groupBy[i]!.type) + KEY_SEPARATOR;
        keys.push(key);
      }
      for (let level = n - 1; level > shared; level--) {
        out.push(this.resultRow(this.levels![level]!.get(keys[level]!)!, level));
      }
    }
    return out;
  }
}

function feed(group: Group, row: Row, ctx: EvalContext): void {
  const states = group.states;
  for (let i = 0; i < states.length; i++) states[i]!.add(row, ctx);
}
