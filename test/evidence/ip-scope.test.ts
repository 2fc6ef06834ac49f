import { canonicalIp, ipScope } from '../../src/evidence/ip-scope';

describe('ipScope', () => {
  it.each([
    ['203.0.113.45', 'public'],
    ['8.8.8.8', 'public'],
    ['2001:4860:4860::8888', 'public'],
    // Documentation ranges stay public: samples use them for attackers.
    ['198.51.100.23', 'public'],
    ['10.44.2.17', 'private'],
    ['100.64.0.1', 'private'],
    ['fd00::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'reserved'],
    ['224.0.0.251', 'reserved'],
    ['239.255.255.250', 'reserved'],
    // Ranges Google Cloud allows for subnets and pod ranges: an internal host.
    ['240.0.0.1', 'private'],
    ['198.18.0.1', 'private'],
    ['198.19.255.254', 'private'],
    ['192.0.0.9', 'private'],
    ['255.255.255.255', 'reserved'],
    ['198.20.0.1', 'public'],
    ['ff02::1', 'reserved'],
    ['::ffff:224.0.0.1', 'reserved'],
    ['::ffff:10.0.0.1', 'private'],
    ['gce-internal-ip', 'invalid'],
    ['private', 'invalid'],
  ])('%s is %s', (ip, scope) => {
    expect(ipScope(ip)).toBe(scope);
  });
});

describe('canonicalIp', () => {
  it.each([
    [' 203.0.113.45 ', '203.0.113.45'],
    ['::FFFF:203.0.113.45', '203.0.113.45'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['0:0:0:0:0:ffff:8.8.8.8', '8.8.8.8'],
    ['::ffff:808:808', '8.8.8.8'],
    ['not-an-ip', 'not-an-ip'],
  ])('%s is %s', (ip, canonical) => {
    expect(canonicalIp(ip)).toBe(canonical);
  });
});
