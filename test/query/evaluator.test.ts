import { QuerySyntaxError } from '../../src/errors';
import { evaluate } from '../../src/query/evaluator';
import { parseQuery } from '../../src/query/parser';

const entry = {
  insertId: 'abc-123',
  logName: 'projects/my-project/logs/cloudaudit.googleapis.com%2Factivity',
  timestamp: '2016-11-29T23:15:00.123456789Z',
  severity: 'ERROR',
  resource: { type: 'gce_instance', labels: { instance_id: '2710584734823464982', zone: 'us-central1-a', project_id: 'my-project' } },
  labels: { 'compute.googleapis.com/resource_name': 'my-vm', env: 'prod' },
  jsonPayload: { cat: 'longhair', animal: 'a nice pet', shoeSize: [6, 9], weight: 12.5, ok: true, gone: null, 'foo.bar': 'apple', message: 'The Cat in the Hat' },
  protoPayload: {
    methodName: 'v1.compute.instances.insert',
    authenticationInfo: { principalEmail: 'Alice@Example.com', serviceAccountDelegationInfo: [{}, { principalSubject: 'serviceAccount:p.svc.id.goog[ns/ksa]' }] },
    authorizationInfo: [
      { permission: 'compute.instances.create', granted: true },
      { permission: 'compute.disks.create', granted: false, resourceAttributes: { tags: ['a', 'b'] } },
    ],
  },
};

// Examples follow the Cloud Logging query-language documentation (see research/cloud-logging.md).
const cases: [string, boolean][] = [
  ['resource.type="gce_instance"', true],
  ['resource.type = "GCE_INSTANCE"', true], // string equality ignores case
  ['resource.type="k8s_container"', false],
  ['resource.type:"gce"', true],
  ['resource.type:"GCE"', true],
  ['resource.labels.instance_id="2710584734823464982"', true],
  ['labels."compute.googleapis.com/resource_name"="my-vm"', true],
  ['jsonPayload."foo.bar":apple', true],
  ['severity>=ERROR', true],
  ['severity>=WARNING', true],
  ['severity>ERROR', false],
  ['severity=error', true],
  ['severity<500', false],
  ['timestamp>="2016-11-29T23:00:00Z" timestamp<="2016-11-29T23:30:00Z"', true],
  ['timestamp>="2016-11-29T23:15:00.123456790Z"', false], // nanosecond precision
  ['timestamp<="2016-11-29T23:15:00.123456789Z"', true],
  ['timestamp>"2016-11-29"', true], // ISO date is midnight UTC
  ['timestamp>="2016-11-30T00:14:00+01:00"', true], // offsets
  ['jsonPayload.cat = ("longhair" OR "shorthair")', true],
  ['jsonPayload.animal : ("nice" AND "pet")', true],
  ['jsonPayload.animal : ("nice" AND "dog")', false],
  ['jsonPayload.shoeSize < 7', true], // any array element
  ['jsonPayload.shoeSize > 10', false],
  // A repeated field on the path is searched element by element (authorizationInfo is a list).
  ['protoPayload.authorizationInfo.permission="compute.disks.create"', true],
  ['protoPayload.authorizationInfo.permission="compute.networks.create"', false],
  ['protoPayload.authorizationInfo.granted=false', true],
  ['protoPayload.authenticationInfo.serviceAccountDelegationInfo.principalSubject="serviceAccount:p.svc.id.goog[ns/ksa]"', true],
  ['protoPayload.authenticationInfo.serviceAccountDelegationInfo.principalSubject="serviceAccount:p.svc.id.goog[ns/ksa2]"', false],
  ['protoPayload.authorizationInfo.resourceAttributes.tags="b"', true],
  ['protoPayload.authorizationInfo.missing:*', false],
  ['jsonPayload.weight >= 12', true],
  ['jsonPayload.ok = true', true],
  ['jsonPayload.gone = NULL_VALUE', true],
  ['jsonPayload.cat = NULL_VALUE', false],
  ['jsonPayload.cat:*', true],
  ['jsonPayload.missing:*', false],
  ['jsonPayload.missing="x"', false], // missing fields fail every comparison
  ['jsonPayload.missing!="x"', false],
  ['NOT jsonPayload.missing="x"', true],
  ['-jsonPayload.missing="x"', true],
  ['textPayload=""', true], // defaulted field compares as its default
  ['jsonPayload.message =~ "Cat.*Hat"', true],
  ['jsonPayload.message =~ "cat.*hat"', false], // regexes are case-sensitive
  ['jsonPayload.message =~ "(?i)cat.*hat"', true],
  ['jsonPayload.message !~ "^Dog"', true],
  ['jsonPayload.message =~ "^\\\\w+ Cat"', true],
  ['"cat in the"', true], // global restriction, case-insensitive substring anywhere
  ['unicorn', false],
  ['longhair my-vm', true],
  ['log_id("cloudaudit.googleapis.com/activity")', true],
  ['log_id("cloudaudit.googleapis.com/data_access")', false],
  ['logName="projects/my-project/logs/cloudaudit.googleapis.com%2Factivity"', true],
  ['protoPayload.authenticationInfo.principalEmail="alice@example.com"', true],
  ['protoPayload.method_name="v1.compute.instances.insert"', true], // proto fields: any case and spelling
  ['labels.ENV="prod"', false], // map keys keep their case
  // Precedence: NOT, then OR, then AND. `a OR NOT b AND NOT c OR d` = (a OR NOT b) AND (NOT c OR d).
  ['resource.type="x" OR NOT severity=ERROR AND NOT jsonPayload.cat="longhair" OR resource.type="gce_instance"', false],
  ['resource.type="gce_instance" OR severity=DEBUG AND jsonPayload.cat="longhair"', true],
  ['resource.type="x" OR severity=ERROR AND jsonPayload.cat="shorthair"', false],
  ['(resource.type="x" OR severity=ERROR) AND (jsonPayload.cat="shorthair" OR jsonPayload.cat="longhair")', true],
  ['severity=ERROR\nresource.type="gce_instance" -- comments run to the end of the line', true],
  ['jsonPayload.cat="longhair" or', true], // lowercase operators are search terms: "or" appears in "ERROR"
  ['jsonPayload.cat="longhair" and', false], // … and "and" appears nowhere
  ['', true],
];

describe('evaluate', () => {
  it.each(cases)('%s → %s', (query, expected) => {
    expect(evaluate(parseQuery(query), entry)).toBe(expected);
  });
});

const rejected: [string, string, string][] = [
  ['SEARCH("hello")', 'SEARCH("hello")', 'SEARCH() is not supported'],
  ['sample(insertId, 0.5)', 'sample(insertId, 0.5)', 'sample() is not supported'],
  ['frobnicate("x")', 'frobnicate("x")', 'unknown function frobnicate()'],
  ['thud="x"', 'thud="x"', 'undefined field "thud"'],
  ['resource.type="x', 'resource.type="x', 'unterminated string'],
  ['(resource.type="x"', '(resource.type="x"', 'missing )'],
  ['resource.type="x")', 'resource.type="x")', 'unbalanced )'],
  ['resource.type=', 'resource.type=', 'missing value'],
  ['jsonPayload.x =~ "("', 'jsonPayload.x =~ "("', 'regular expression'],
  ['AND resource.type="x"', 'AND resource.type="x"', 'unexpected AND'],
  ['a query over 20,000 characters', 'x'.repeat(20_001), 'query length'],
];

describe('parseQuery rejects what it does not support, naming the construct', () => {
  it.each(rejected)('%s', (_title, query, construct) => {
    let caught: unknown;
    try {
      parseQuery(query);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QuerySyntaxError);
    expect((caught as QuerySyntaxError).construct).toContain(construct);
  });
});
