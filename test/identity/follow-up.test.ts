/** The follow-up stage never fails a finding: hostile or impossible values only make it unknown. */
import { defaultConfig } from '../../src/config';
import { triage } from '../../src/engine';
import { ExportedLogSource } from '../../src/logs/exported-logs';
import { loadSample, logsDir } from '../support/fixtures';

describe('the follow-up stage', () => {
  it('a container createTime a Date can parse but not print leaves the identity unknown, and the finding is triaged', async () => {
    const sample = loadSample('gke-reverse-shell.json');
    sample.finding.kubernetes.pods[0].containers[0].createTime = '-271821-04-20T00:00:00Z';
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const result = await triage(sample, { logs: new ExportedLogSource(logsDir), now: () => new Date() }, defaultConfig);
      if (result.kind === 'skipped') throw new Error('unexpected');
      expect(result.summary.identity?.status).toBe('unknown');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});
