/** docs/output-contract.md is the zod schema's own words: generated, complete, and current. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { summarySchema } from '../../src/summary/schema';
import { summaryAttributeMeanings, summaryAttributeNames } from '../../src/publish/attributes';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { renderContract, fieldsOf } = require('../../scripts/contract-doc.js') as {
  renderContract: (schema: unknown, names: readonly string[], meanings: Record<string, string>) => string;
  fieldsOf: (schema: unknown) => { fields: { path: string; required: boolean }[]; missing: string[] };
};

const jsonSchema = { ...z.toJSONSchema(summarySchema, { target: 'draft-2020-12', io: 'output' }), title: 'scc-triage summary, schemaVersion 1' };
const shipped = readFileSync(join(__dirname, '..', '..', 'docs', 'output-contract.md'), 'utf8');

describe('the output contract document', () => {
  it('is what the schema renders today (npm run schema rewrites it)', () => {
    expect(shipped).toBe(renderContract(jsonSchema, summaryAttributeNames, summaryAttributeMeanings));
  });

  it('describes every field of the schema, at every depth', () => {
    const { fields, missing } = fieldsOf(jsonSchema);
    expect(missing).toEqual([]);
    for (const path of ['finding.name', 'assessment.priority', 'logs[].entries[].audit.callerIp', 'processes[].script.excerpt', 'update.firstTriageIds']) {
      expect(fields.map((f) => f.path)).toContain(path);
      expect(shipped).toContain(`| \`${path}\` |`);
    }
  });

  it('refuses a field without a description, naming it', () => {
    const undocumented = z.toJSONSchema(z.object({ kind: z.string().describe('ok'), nested: z.object({ bare: z.string() }).describe('ok') }));
    expect(() => renderContract(undocumented, [], {})).toThrow(/nested\.bare/);
  });

  it.each(summaryAttributeNames)('documents the attribute %s as filterable', (name) => {
    expect(shipped).toContain(`| \`${name}\` | ${summaryAttributeMeanings[name]} |`);
  });

  it('refuses an attribute without a meaning', () => {
    expect(() => renderContract(z.toJSONSchema(z.object({})), ['priority'], {})).toThrow(/attributes without a meaning: priority/);
  });

  it('gives a P1 and P2 subscription filter', () => {
    expect(shipped).toContain(`attributes.kind = "triage" AND (attributes.priority = "P1" OR attributes.priority = "P2")`);
  });

  it('marks required fields as always present', () => {
    const { fields } = fieldsOf(jsonSchema);
    expect(fields.find((f) => f.path === 'triageId')?.required).toBe(true);
    expect(fields.find((f) => f.path === 'network')?.required).toBe(false);
  });
});
