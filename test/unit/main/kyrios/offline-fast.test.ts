import { describe, expect, it } from 'vitest';
import { createKyriosClient } from '../../../../src/main/kyrios/client';
import { KyriosError } from '../../../../src/main/kyrios/kyrios-error';

describe('the client once the service is known to be unreachable', () => {
  it('retries the call that finds it gone, then fails at once until an answer comes back', async () => {
    let attempts = 0;
    let down = true;
    const client = createKyriosClient({
      baseUrl: 'http://kyrios.test',
      apiKey: 'k',
      sleep: () => Promise.resolve(),
      fetch: () => {
        attempts += 1;
        if (down) return Promise.reject(new TypeError('fetch failed'));
        return Promise.resolve(
          new Response(JSON.stringify({ domains: [] }), {
            headers: { 'content-type': 'application/json' },
          }),
        );
      },
    });
    await expect(client.listDomains()).rejects.toBeInstanceOf(KyriosError);
    expect(attempts).toBe(3);
    await expect(client.listDomains()).rejects.toMatchObject({ code: 'offline' });
    expect(attempts).toBe(4);
    expect(client.connectivity.get().online).toBe(false);

    down = false;
    expect(await client.listDomains()).toEqual([]);
    expect(client.connectivity.get().online).toBe(true);
  });
});
