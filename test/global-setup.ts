// The emulator's CA must be trusted by every test process before it starts, so
// the tests are run through test/run-with-ca.ts (`npm test`).
export default function setup(): void {
  if (!process.env.NODE_EXTRA_CA_CERTS || !process.env.JIT_EMULATOR_CA_DIR) {
    throw new Error('Run the tests with `npm test` (test/run-with-ca.ts sets up the emulator CA).');
  }
}
