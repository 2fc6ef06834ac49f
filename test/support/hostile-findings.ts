/**
 * Hostile findings of a known shape, shared by the end-to-end tests and the bench: a wedge (every
 * field the summary bound once could not trim made huge, plus the inputs that once froze
 * classification and masking) and a finding whose argument vector is a given number of bytes.
 */
import { plantedSecrets } from '../hostile/secrets';

type Json = Record<string, any>;

const secretsText = () => plantedSecrets.map((p) => p.text ?? p.argv?.join(' ') ?? '').join('\n');

/** A sample notification (changed in place) with every untrimmed field huge, a 500,000-space category, and megabytes of hostile, secret-laden evidence. */
export function wedgeFinding(notification: Json): Json {
  const { finding } = notification;
  notification.notificationConfigName = `organizations/123456789012/notificationConfigs/${'c'.repeat(300_000)}`;
  finding.category = `${finding.category}${' '.repeat(500_000)}x`;
  finding.description = '\u202e'.repeat(200_000);
  finding.mitreAttack = { primaryTactic: 'EXECUTION', primaryTechniques: Array.from({ length: 5_000 }, (_, i) => `T${i}${'m'.repeat(200)}`), additionalTechniques: ['\u001b[2J'.repeat(10_000)] };
  const process = finding.processes[0];
  process.binary = { path: `/tmp/${'界'.repeat(200_000)}`, sha256: 'f'.repeat(100_000) };
  process.args = ['sh', '-c', `${'"\\'.repeat(300_000)} ${secretsText()}`, ...Array.from({ length: 2_000 }, () => '--all')];
  process.script = { path: '/tmp/x.py', contents: `${' '.repeat(500_000)}\n${secretsText()}` };
  return notification;
}

/**
 * A sample notification (changed in place) with an argument vector of about `bytes` bytes (Linux allows 2 MB): hostile runs that
 * once made masking backtrack (`password=` without a value, quotes and backslashes, spaces), with
 * the planted secrets among them.
 */
export function argvFinding(notification: Json, bytes: number): Json {
  const unit = `password= "\\ ${'x'.repeat(20)} -p --token ${' '.repeat(30)}`;
  const args = ['sh', '-c', secretsText()];
  let size = args.join('').length;
  while (size < bytes) {
    const arg = unit.repeat(Math.min(200, Math.ceil((bytes - size) / unit.length)));
    args.push(arg);
    size += arg.length;
  }
  notification.finding.processes[0].args = args;
  return notification;
}
