/** The real collaborators: probe discovery and runner, the kernel-db. Tests inject fakes instead. */
import { loadProbes } from '../probes/discover.js';
import { runProbes } from '../probes/runner.js';
import { loadKernelDb } from '../kernel-db/load.js';
import { evaluate } from '../kernel-db/evaluate.js';
import type { AssessDeps } from './assess.js';

export function defaultDeps(): AssessDeps {
  return {
    loadProbes,
    runProbes,
    verdict: (results) => evaluate(results, loadKernelDb()),
  };
}
