/** `@name` (user), `@@name` / `@@session.name` / `@@global.name` (system). */
export interface VariableNode {
  readonly kind: 'Variable';
  readonly scope: 'user' | 'system' | 'session' | 'global';
  /** Lower case for system variables. */
  readonly name: string;
}
