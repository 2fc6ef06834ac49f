/** A finding is never its own related finding, whichever form (v1 or v2) of its name each side uses. */
import { findingKey, isRelated } from '../../src/related/match';

const v1 = 'organizations/123/sources/456/findings/abc';
const v2 = 'organizations/123/sources/456/locations/global/findings/abc';
const query = {
  findingName: v1,
  resourceName: '//container.googleapis.com/projects/p/locations/us-central1/clusters/c',
  window: { start: '2025-03-04T13:00:00Z', end: '2025-03-04T15:00:00Z' },
  scope: 'organizations/123',
} as const;
const finding = (name: string) => ({ name, resourceName: query.resourceName, eventTime: '2025-03-04T14:00:00Z' });

describe('related findings', () => {
  it.each([
    ['the v2 name of the finding itself', v2, false],
    ['the v1 name of the finding itself', v1, false],
    ['another finding, v2', 'organizations/123/sources/456/locations/global/findings/other', true],
    ['another finding, v1', 'organizations/123/sources/456/findings/other', true],
  ])('%s', (_, name, related) => {
    expect(isRelated(finding(name), query as never)).toBe(related);
  });

  it.each([
    [v2, v1],
    [v1, v1],
    ['projects/p/sources/9/locations/eu/findings/x', 'projects/p/sources/9/findings/x'],
    ['folders/7/sources/9/locations/global/findings/x/extra', 'folders/7/sources/9/locations/global/findings/x/extra'],
  ])('keys %s as %s', (name, key) => {
    expect(findingKey(name)).toBe(key);
  });
});
