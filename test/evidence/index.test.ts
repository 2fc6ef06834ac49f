/** Evidence analysis as a stage of its own: the same evidence the published summary carries, and masking done there. */
import { defaultConfig } from '../../src/config';
import { planTriage, readerFor, triage } from '../../src/engine';
import { analyseEvidence } from '../../src/evidence';
import { followIdentity } from '../../src/identity/index';
import { sweepIndicators } from '../../src/sweep/index';
import { runSections } from '../../src/logs/executor';
import { ExportedLogSource } from '../../src/logs/exported-logs';
import { loadSample, logsDir } from '../support/fixtures';

const limits = { excerpts: defaultConfig.sectionExcerpts, deadlineMs: defaultConfig.deadlineMs, maxPages: defaultConfig.sectionMaxPages };

describe('analyseEvidence', () => {
  it.each(['gke-reverse-shell.json', 'gke-malicious-python.json', 'cloudrun-reverse-shell.json', 'cloudrun-job-remote-command-exec.json'])(
    '%s: the evidence is what the summary publishes',
    async (name) => {
      const plan = planTriage(loadSample(name), defaultConfig);
      if (!('workload' in plan)) throw new Error('unexpected');
      const reader = readerFor(new ExportedLogSource(logsDir), defaultConfig);
      const workloadSections = await runSections(plan.sections, reader, limits);
      const { finding } = plan.decoded.notification;
      const destination = finding.sourceProperties?.Reverse_Shell_Stdin_Redirection_Dst_Ip as string | undefined;
      const identity = await followIdentity({ workload: plan.workload, finding, sections: workloadSections, destination, reader, remainingMs: defaultConfig.deadlineMs, config: defaultConfig });
      const sweep = await sweepIndicators(plan.workload, finding, reader, defaultConfig.deadlineMs, defaultConfig);
      const sections = [...workloadSections, identity.section, sweep.section];
      const evidence = analyseEvidence({
        notification: plan.decoded.notification,
        classification: plan.classification,
        workload: plan.workload,
        sections,
        maskSecrets: true,
        judgement: defaultConfig,
        identity: identity.report,
        blastRadius: sweep.blastRadius,
      });
      const result = await triage(loadSample(name), { logs: new ExportedLogSource(logsDir), now: () => new Date() }, defaultConfig);
      if (result.kind === 'skipped') throw new Error('unexpected');
      const { summary } = result;
      expect(evidence.assessment).toEqual(summary.assessment);
      expect(evidence.highlights).toEqual(summary.highlights);
      expect(evidence.nextSteps).toEqual(summary.nextSteps);
      expect(evidence.indicators).toEqual(summary.indicators);
      expect(evidence.processes).toEqual(summary.processes);
      expect(evidence.logs.map((s) => s.entries)).toEqual(summary.logs.map((s) => s.entries));
    },
  );

  it('masks the evidence it shows, unless masking is off', async () => {
    const sample = loadSample('gke-reverse-shell.json');
    sample.finding.processes[0].args = ['mysql', '-uroot', '-phunter2-S3cr3t'];
    const plan = planTriage(sample, defaultConfig);
    if (!('workload' in plan)) throw new Error('unexpected');
    const input = { notification: plan.decoded.notification, classification: plan.classification, workload: plan.workload, sections: [], judgement: defaultConfig };
    expect(JSON.stringify(analyseEvidence({ ...input, maskSecrets: true }))).not.toContain('hunter2');
    expect(JSON.stringify(analyseEvidence({ ...input, maskSecrets: false }))).toContain('hunter2');
  });
});
