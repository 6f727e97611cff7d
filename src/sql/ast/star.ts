/** `*` or `t.*` in a select list, or the argument of COUNT(*). */
export interface StarNode {
  readonly kind: 'Star';
  readonly table: string | null;
}
