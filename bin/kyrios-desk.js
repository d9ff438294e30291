#!/usr/bin/env node
// The package bin runs the TypeScript CLI without a build step: register tsx's loader, then
// import the entry. Kept in plain JS because nothing can compile it before it runs.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/main/cli/index.ts', import.meta.url).href);
