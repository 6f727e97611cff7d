// Problems a command reports in one line: a UsageError is what the user typed or configured
// (exit code 2); a CommandError is a command that could not do its job (exit code 1), such as a
// data dir that does not exist or is in use.

export const EXIT_USAGE = 2;
export const EXIT_FAILURE = 1;
export const EXIT_OK = 0;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export class CommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandError';
  }
}
