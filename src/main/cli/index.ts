import { runCli } from './check-command';

/**
 * Entry of `npm run cli -- check …` and of the `kyrios-desk` bin. The exit code is set rather than
 * forced with process.exit() so stdout is fully written when a script pipes it.
 */
const code = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  color: process.stdout.isTTY === true && process.env.NO_COLOR === undefined,
});
process.exitCode = code;
