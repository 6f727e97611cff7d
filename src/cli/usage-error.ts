// A problem with what the user typed or configured: printed as one line naming it, exit code 2.

export const EXIT_USAGE = 2;
export const EXIT_FAILURE = 1;
export const EXIT_OK = 0;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
