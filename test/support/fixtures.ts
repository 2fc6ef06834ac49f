/** Loading the bundled fixtures: SCC samples, the exported-log corpus and its expectations. */
import { decodeNotification } from '../../src/notification/decode';
import { type Workload, extractWorkload } from '../../src/notification/workload';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The fixtures folder. */
export const fixturesDir = join(__dirname, '..', 'fixtures');
/** The exported-log corpus. */
export const logsDir = join(fixturesDir, 'logs');
/** The SCC notification samples. */
export const samplesDir = join(fixturesDir, 'samples');

/** Every sample file name. */
export const sampleNames: readonly string[] = readdirSync(samplesDir)
  .filter((name) => name.endsWith('.json'))
  .sort();

/** A sample notification as parsed JSON (a fresh copy each call, free to mutate). */
export function loadSample(name: string): Record<string, any> {
  return JSON.parse(readFileSync(join(samplesDir, name), 'utf8'));
}

/** Expected insertIds per sample and section, derived independently from DESIGN.md's selection rules. */
export const expectedSections: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = JSON.parse(readFileSync(join(fixturesDir, 'expected-sections.json'), 'utf8'));

/** Every entry of the corpus. */
export function corpusEntries(): Record<string, any>[] {
  return readdirSync(logsDir).flatMap((name) => {
    const text = readFileSync(join(logsDir, name), 'utf8').trim();
    return text.startsWith('[') ? JSON.parse(text) : text.split('\n').map((line) => JSON.parse(line));
  });
}

/** The `k8s_container` resource labels of the gke-reverse-shell.json sample's pod, for entries planted in its logs. */
export const reverseShellPodLabels = {
  project_id: 'acme-payments-prod',
  location: 'europe-west1',
  cluster_name: 'payments-gke-1',
  namespace_name: 'payments',
  pod_name: 'checkout-api-6d8f9c7b5-q2w8x',
  container_name: 'checkout-api',
} as const;

/** The workload a sample names, as the engine extracts it, narrowed to its platform. */
export function sampleWorkload<P extends Workload['platform']>(name: string, platform: P): Extract<Workload, { readonly platform: P }> {
  const workload = extractWorkload(decodeNotification(loadSample(name)).notification);
  if (workload?.platform !== platform) throw new Error(`${name} names no ${platform} workload`);
  return workload as Extract<Workload, { readonly platform: P }>;
}
