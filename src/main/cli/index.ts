import { runCli } from './check-command';
import { runMessageCli } from './message-command';

/**
 * Entry of `npm run cli -- check …` (and `message …`) and of the `kyrios-desk` bin. The exit code
 * is set rather than forced with process.exit() so stdout is fully written when a script pipes it.
 */
const argv = process.argv.slice(2);
const io = {
  stdout: (text: string) => process.stdout.write(text),
  stderr: (text: string) => process.stderr.write(text),
  color: process.stdout.isTTY === true && process.env.NO_COLOR === undefined,
};
const code = await (argv[0] === 'message' ? runMessageCli(argv, io) : runCli(argv, io));
process.exitCode = code;
