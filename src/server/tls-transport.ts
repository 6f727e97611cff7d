// TLS starts right after the client's SSLRequest, and a fast client's ClientHello can arrive in
// the same read as the SSLRequest. Those bytes were already taken off the socket, so TLS must
// read them first: this wraps the socket in a stream that replays them before the socket's own
// data. (When nothing was read ahead, TLS takes the socket directly, which is faster.)

import { Duplex } from 'node:stream';

export function prependToStream(socket: Duplex, leftover: Buffer): Duplex {
  const stream = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end();
      callback();
    },
    destroy(error, callback) {
      socket.destroy(error ?? undefined);
      callback(error);
    },
  });
  stream.push(leftover);
  socket.on('data', (chunk: Buffer) => {
    if (!stream.push(chunk)) socket.pause();
  });
  socket.on('end', () => stream.push(null));
  socket.on('close', () => stream.destroy());
  socket.on('error', (error: Error) => stream.destroy(error));
  return stream;
}
