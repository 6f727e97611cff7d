// The live progress line: shown only when asked, one line per update off a terminal.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Progress } from '../../bench/run/progress.js';
import { Recorder } from '../../bench/run/recorder.js';

describe('progress line', () => {
  it('prints elapsed time, operations, throughput and errors', () => {
    const lines: string[] = [];
    const recorder = new Recorder();
    recorder.startMeasuring();
    const progress = new Progress(
      { enabled: true, sink: { isTTY: false, write: (text) => lines.push(text) } },
      'main @stratadb',
      [recorder],
    );
    progress.start();
    recorder.success('op', process.hrtime.bigint());
    recorder.failure('op', 'x');
    progress.stop();
    assert.equal(lines.length, 1);
    assert.match(
      lines[0]!,
      /^\[main @stratadb\] \d+\.\d s {2}1 ops {2}[\d,]+ ops\/s {2}1 errors\n$/,
    );
  });

  it('rewrites one line on a terminal', () => {
    const lines: string[] = [];
    const progress = new Progress(
      { enabled: true, sink: { isTTY: true, write: (text) => lines.push(text) } },
      'x',
      [],
    );
    progress.start();
    progress.stop();
    assert.ok(lines[0]!.startsWith('\r\x1b[K['));
    assert.equal(lines[lines.length - 1], '\n');
  });

  it('prints nothing unless enabled', () => {
    const lines: string[] = [];
    const progress = new Progress(
      { enabled: false, sink: { write: (text) => lines.push(text) } },
      'x',
      [],
    );
    progress.start();
    progress.stop();
    assert.deepEqual(lines, []);
  });
});
