/** `VALUES(col)` in ON DUPLICATE KEY UPDATE: the value the insert tried to write. */
export interface ValuesRefNode {
  readonly kind: 'ValuesRef';
  readonly column: string;
}
