// A workload file that cannot be run: the message names the file, the line, the element and the
// attribute at fault, e.g.
//   write.xml:7:7: <work name="write1">, attribute workers: must be an integer of at least 1, got '0'

export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export class WorkloadError extends Error {
  constructor(
    readonly position: SourcePosition,
    /** The element as it reads in the file, e.g. <work name="write1">. */
    readonly element: string,
    readonly attribute: string | undefined,
    readonly detail: string,
  ) {
    const where = `${position.file}:${position.line}:${position.column}`;
    super(
      `${where}: ${element}${attribute === undefined ? '' : `, attribute ${attribute}`}: ${detail}`,
    );
    this.name = 'WorkloadError';
  }
}
