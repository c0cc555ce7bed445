#!/usr/bin/env node
// Entry point of `commonplace`. The pipeline is TypeScript run through tsx, so
// there is no build step between a clone and the first run.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
