/**
 * Global setup of the lab project (vitest.config.ts): names this run's pool of shared labs
 * (lab-pool.ts) and takes them down when every file has run. Builds nothing itself: a pooled lab
 * is built by the first file that asks for it, so running one lab file costs no extra lab.
 */
import type { TestProject } from 'vitest/node';
import { downPool } from './lab-pool.js';
import { canRunLab, uniqueLabName } from './lab-helpers.js';

export default function setup(project: TestProject): (() => Promise<void>) | undefined {
  if (!canRunLab) return undefined;
  const prefix = uniqueLabName('pool');
  project.provide('labPool', prefix);
  return () => downPool(prefix);
}
