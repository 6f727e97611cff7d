// What every `strata` subcommand provides to the dispatcher.

export interface Subcommand {
  readonly name: string;
  /** One line for `strata --help`. */
  readonly summary: string;
  readonly usage: string;
  /** Runs with the arguments after the subcommand's name; resolves to the exit code. */
  run(args: readonly string[]): Promise<number>;
}
