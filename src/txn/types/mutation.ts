// A transaction's intended change to one key, as prewrite and one-phase commit receive it.

export const MutationOp = {
  Put: 'put',
  Delete: 'delete',
  /** Lock the key without changing it (SELECT … FOR UPDATE in an optimistic transaction). */
  Lock: 'lock',
} as const;
export type MutationOp = (typeof MutationOp)[keyof typeof MutationOp];

/** A user key with its encoding, computed once. */
export interface KeyRef {
  /** Raw user key. */
  key: Buffer;
  /** enc(key) (docs/format/keys.md). */
  encodedKey: Buffer;
}

export interface Mutation extends KeyRef {
  op: MutationOp;
  /** The new value of a Put. */
  value?: Buffer;
  /**
   * Pessimistic transactions: the key holds this transaction's pessimistic lock, which prewrite
   * must find and convert. False keys get the optimistic conflict check against start_ts.
   */
  pessimisticLocked: boolean;
}
