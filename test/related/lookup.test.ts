/** Finding names for `replay NAME`: checked against the SCC pattern, v1 and v2 alike, and quoted into the one filter the lookup sends. */
import { namesFinding, parseFindingName } from '../../src/related/lookup';
import { findingByNameFilter } from '../../src/related/security-center-lookup';

describe('parseFindingName', () => {
  it.each([
    ['organizations/123/sources/456/findings/abc', 'organizations/123', '456', 'global', 'organizations/123/sources/456/locations/global/findings/abc'],
    ['organizations/123/sources/456/locations/global/findings/abc', 'organizations/123', '456', 'global', 'organizations/123/sources/456/locations/global/findings/abc'],
    ['folders/77/sources/456/locations/eu/findings/a_b-C', 'folders/77', '456', 'eu', 'folders/77/sources/456/locations/eu/findings/a_b-C'],
    ['projects/acme-prod/sources/456/findings/f1', 'projects/acme-prod', '456', 'global', 'projects/acme-prod/sources/456/locations/global/findings/f1'],
  ])('%s: scope %s, source %s, location %s, v2 %s', (text, scope, source, location, v2) => {
    expect(parseFindingName(text)).toEqual({ given: text, scope, source, location, v2 });
  });

  it.each([
    ['a file name', 'finding.json'],
    ['a path to one', './organizations/1/sources/2/findings/3'],
    ['no findings segment', 'organizations/1/sources/2'],
    ['another collection', 'billingAccounts/1/sources/2/findings/3'],
    ['a quote', 'organizations/1/sources/2/findings/3"'],
    ['a filter', 'organizations/1/sources/2/findings/3" OR name:"'],
    ['a space', 'organizations/1/sources/2/findings/a b'],
    ['a line break', 'organizations/1/sources/2/findings/a\nb'],
    ['a dot segment', 'organizations/1/sources/../findings/3'],
    ['a trailing slash', 'organizations/1/sources/2/findings/3/'],
    ['an extra segment', 'organizations/1/sources/2/findings/3/securityMarks'],
    ['an empty id', 'organizations/1/sources/2/findings/'],
    ['an upper-case location', 'organizations/1/sources/2/locations/EU/findings/3'],
  ])('is not a finding name: %s', (_what, text) => {
    expect(parseFindingName(text)).toBeUndefined();
  });
});

describe('matching and the filter', () => {
  const name = parseFindingName('organizations/1/sources/2/findings/abc')!;

  it.each([
    ['organizations/1/sources/2/findings/abc', true],
    ['organizations/1/sources/2/locations/global/findings/abc', true],
    ['organizations/1/sources/2/locations/eu/findings/abc', false],
    ['organizations/1/sources/2/findings/abcd', false],
    [undefined, false],
  ])('%s names the same finding: %s', (text, same) => {
    expect(namesFinding(text, name)).toBe(same);
  });

  it('the filter asks for the v2 name, quoted by the query builder', () => {
    expect(findingByNameFilter(name)).toBe('name="organizations/1/sources/2/locations/global/findings/abc"');
  });
});
