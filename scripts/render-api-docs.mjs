#!/usr/bin/env node
// Writes docs/api.md from the shared contract (packages/http-api, built by `tsc -b`).
import { writeFileSync } from 'node:fs';
import { renderApiReference } from '../packages/http-api/dist/index.js';

writeFileSync(new URL('../docs/api.md', import.meta.url), renderApiReference());
process.stderr.write('[docs] wrote docs/api.md from the contract\n');
