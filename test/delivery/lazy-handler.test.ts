import type { CloudEvent } from '@google-cloud/functions-framework';
import { lazyHandler } from '../../src/delivery/lazy-handler';

const event = { id: '1' } as CloudEvent<unknown>;

describe('lazyHandler', () => {
  it('builds nothing until the first delivery, then builds once for every delivery', async () => {
    const handled: string[] = [];
    let builds = 0;
    const handler = lazyHandler(() => {
      builds++;
      return async (e) => {
        handled.push(e.id);
      };
    });
    expect(builds).toBe(0);
    await handler(event);
    await handler({ ...event, id: '2' });
    expect(builds).toBe(1);
    expect(handled).toEqual(['1', '2']);
  });

  it('fails the delivery whose build throws, and builds again on the next', async () => {
    let builds = 0;
    const handler = lazyHandler(() => {
      builds++;
      if (builds === 1) throw new Error('module did not load');
      return async () => {};
    });
    await expect(handler(event)).rejects.toThrow('module did not load');
    await expect(handler(event)).resolves.toBeUndefined();
    expect(builds).toBe(2);
  });
});
