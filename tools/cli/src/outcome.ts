import { EXIT, type ExitCode } from './exit-codes';

/** The exit code a finished command asked for (commander actions return nothing). */
let outcome: ExitCode = EXIT.ok;

export const setOutcome = (code: ExitCode): void => {
  outcome = code;
};

export const takeOutcome = (): ExitCode => {
  const code = outcome;
  outcome = EXIT.ok;
  return code;
};
