// A drill injects a failure and waits for the system to recover: minutes, not seconds. Each wait has
// a deadline of its own that names what did not happen.
jest.setTimeout(Number(process.env.ONESCALE_DRILL_TIMEOUT_MS || 600000));
