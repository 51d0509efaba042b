import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { makePark, makeUser, TEST_PASSWORD } from '../factories/factories.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Five failed logins for one email, each from the client address given in X-Forwarded-For. */
async function failFiveTimes(t: TestApp, email: string, from: string) {
  for (let i = 0; i < 5; i++) {
    await t.http
      .post('/api/v1/auth/login')
      .set('x-forwarded-for', from)
      .send({ email, password: 'wrong-password' })
      .expect(401);
  }
}

const login = (t: TestApp, email: string, from: string) =>
  t.http
    .post('/api/v1/auth/login')
    .set('x-forwarded-for', from)
    .send({ email, password: TEST_PASSWORD });

describe.each([
  ['TRUST_PROXY=1 (one proxy in front)', '1', true],
  ['TRUST_PROXY=false (the default)', 'false', false],
])('login limit behind a proxy, %s', (_name, trustProxy, perClient) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: trustProxy });
  });
  afterAll(() => t.close());

  it('counts a client by X-Forwarded-For only when the proxy is trusted', async () => {
    const park = await makePark(t.db);
    const user = await makeUser(t.db, { role: 'officer', parkIds: [park.id] });
    await failFiveTimes(t, user.email, '203.0.113.7');
    await login(t, user.email, '203.0.113.7').expect(429);
    // trusted: another client still signs in; not: a forged address does not escape the limit
    await login(t, user.email, '198.51.100.9').expect(perClient ? 200 : 429);
  });
});
