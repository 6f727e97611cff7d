// The Node.js flags the server runs with: the `strata` command's shebang and `npm start` give the
// same ones (a larger young generation; docs/operations.md has the measurement). Benchmarks that
// start a server pass these, so that they measure it as it ships.
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64'];
