import { main } from '../src/main/web/cli';
import { ensureRenderer } from './ensure-renderer';

// `npm run web`: build the interface if it is missing or stale, then serve it in browser mode.
const argv = process.argv.slice(2);
if (!argv.includes('--help') && !argv.includes('-h')) await ensureRenderer();
await main(argv);
