export interface IndexColumn {
  readonly column: string;
  /** Prefix length in characters, as in KEY (c(10)). */
  readonly length: number | null;
  readonly descending: boolean;
}

export interface IndexDefinition {
  readonly name: string | null;
  readonly primary: boolean;
  readonly unique: boolean;
  readonly columns: readonly IndexColumn[];
  readonly comment: string | null;
}
