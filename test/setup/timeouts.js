// Integration and end-to-end tests talk to real servers; their time limits are generous, and a
// test that waits for something uses an explicit deadline of its own.
jest.setTimeout(Number(process.env.ONESCALE_TEST_TIMEOUT_MS || 120000));
