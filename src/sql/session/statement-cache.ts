// The statement cache: parsed statements by normalized text, each with its plans by parameter
// types. A hit skips the parser and the planner entirely; plans are rebuilt when the schema
// version they were made at is no longer current. Least recently used entries go first.

import type { ParsedStatement } from '../parser/parse.js';
import type { Executable } from './executable.js';

export interface CacheEntry {
  readonly parsed: ParsedStatement;
  /** Plans by parameter type signature. */
  readonly plans: Map<string, Executable>;
  /** Plans depend on session state beyond parameter types (user variables): plan every run. */
  readonly replan: boolean;
}

/** Stands for statements whose plans depend on their literal values (cached by full text). */
export const LITERAL_BOUND: unique symbol = Symbol('LITERAL_BOUND');

export class StatementCache {
  private readonly entries = new Map<string, CacheEntry | typeof LITERAL_BOUND>();

  constructor(private capacity: number) {}

  resize(capacity: number): void {
    this.capacity = capacity;
    this.evict();
  }

  get(key: string): CacheEntry | typeof LITERAL_BOUND | undefined {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      // Re-insert to mark as most recently used (Map keeps insertion order).
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: CacheEntry | typeof LITERAL_BOUND): void {
    if (this.capacity === 0) return;
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.evict();
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private evict(): void {
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
