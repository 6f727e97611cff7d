/** `DEFAULT` in INSERT values or UPDATE SET, or `DEFAULT(col)`. */
export interface DefaultValueNode {
  readonly kind: 'DefaultValue';
  readonly column: string | null;
}
