// The wait-for graph of transactions waiting on each other's locks (TiKV's deadlock detector,
// here in-process): an edge waiter → holder exists while the waiter waits for a key the holder
// has locked. A new edge that closes a cycle is refused, and that waiter gets the deadlock error,
// as InnoDB rolls back the transaction whose wait would complete the cycle.

export class DeadlockDetector {
  /** waiter start_ts → (holder start_ts → number of waits on it). */
  private readonly edges = new Map<bigint, Map<bigint, number>>();

  /**
   * Adds waiter → holder unless it closes a cycle. Returns undefined when added, else the cycle
   * as start timestamps [waiter, holder, …, waiter's blocker].
   */
  tryAddEdge(waiter: bigint, holder: bigint): bigint[] | undefined {
    const cycle = this.pathFrom(holder, waiter);
    if (cycle !== undefined) return [waiter, ...cycle];
    let holders = this.edges.get(waiter);
    if (holders === undefined) {
      holders = new Map();
      this.edges.set(waiter, holders);
    }
    holders.set(holder, (holders.get(holder) ?? 0) + 1);
    return undefined;
  }

  removeEdge(waiter: bigint, holder: bigint): void {
    const holders = this.edges.get(waiter);
    const count = holders?.get(holder);
    if (holders === undefined || count === undefined) return;
    if (count > 1) holders.set(holder, count - 1);
    else {
      holders.delete(holder);
      if (holders.size === 0) this.edges.delete(waiter);
    }
  }

  get waiterCount(): number {
    return this.edges.size;
  }

  /** A path from → … → a node with an edge to target, or undefined (depth-first, iterative). */
  private pathFrom(from: bigint, target: bigint): bigint[] | undefined {
    if (from === target) return [];
    const visited = new Set<bigint>([from]);
    const stack: Array<{ node: bigint; path: bigint[] }> = [{ node: from, path: [from] }];
    while (stack.length > 0) {
      const { node, path } = stack.pop()!;
      const holders = this.edges.get(node);
      if (holders === undefined) continue;
      for (const next of holders.keys()) {
        if (next === target) return path;
        if (visited.has(next)) continue;
        visited.add(next);
        stack.push({ node: next, path: [...path, next] });
      }
    }
    return undefined;
  }
}
