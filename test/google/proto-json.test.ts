/**
 * protoObjectToJson: a message as the Google clients hand it over (@grpc/proto-loader's toObject:
 * defaults filled in, enums by name, int64 as strings) back in proto3 JSON, on SCC's own v2 Finding.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as protobuf from 'protobufjs';
import { protoObjectToJson } from '../../src/google/proto-json';

const protos = protobuf.Root.fromJSON(JSON.parse(readFileSync(join(__dirname, '..', '..', 'node_modules', '@google-cloud/security-center/build/protos/protos.json'), 'utf8')));
const finding = protos.lookupType('google.cloud.securitycenter.v2.Finding');

/** What a client returns for a message: encoded on the wire, decoded with the options google-gax gives proto-loader. */
const asClientGives = (message: Record<string, unknown>) =>
  finding.toObject(finding.decode(finding.encode(finding.fromObject(message)).finish()), { longs: String, enums: String, defaults: true, oneofs: true });

describe('protoObjectToJson', () => {
  it.each([
    [
      'strings, enums, a timestamp with milliseconds',
      { name: 'n', state: 'ACTIVE', eventTime: { seconds: 1741098151, nanos: 418_000_000 } },
      { name: 'n', state: 'ACTIVE', eventTime: '2025-03-04T14:22:31.418Z' },
    ],
    ['a whole-second timestamp', { eventTime: { seconds: 1741564800 } }, { eventTime: '2025-03-10T00:00:00Z' }],
    [
      'defaults left out: empty string, false, zero int64, unspecified enum, empty list, unset message',
      { name: '', processes: [{ pid: 0, argumentsTruncated: false, args: [] }], severity: 0 },
      { processes: [{}] },
    ],
    ['int64 kept as strings', { processes: [{ pid: '388', binary: { size: '6832' } }] }, { processes: [{ pid: '388', binary: { size: '6832' } }] }],
    [
      'a map of Values (sourceProperties) as plain JSON',
      { sourceProperties: { Pod_Name: { stringValue: 'p' }, n: { numberValue: 2 }, flag: { boolValue: false } } },
      { sourceProperties: { Pod_Name: 'p', n: 2, flag: false } },
    ],
    ['a set message with nothing in it stays, as proto3 JSON writes it', { muteInfo: {} }, { muteInfo: {} }],
  ])('%s', (_what, message, json) => {
    expect(protoObjectToJson(finding, asClientGives(message))).toEqual(json);
  });
});
