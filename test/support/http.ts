import type { TestApp } from './test-app.js';

type Method = 'get' | 'post' | 'patch' | 'delete' | 'put';

/** A caller bound to one user's token: `as(t, user).get('/parks')` (paths are under /api/v1). */
export function as(
  t: TestApp,
  user: { id: string; role: import('../../src/users/user.entity.js').Role },
) {
  const token = t.token(user);
  const call = (method: Method, path: string) =>
    t.http[method](`/api/v1${path}`).set('authorization', `Bearer ${token}`);
  return {
    get: (path: string) => call('get', path),
    post: (path: string, body?: object) => call('post', path).send(body ?? {}),
    patch: (path: string, body: object) => call('patch', path).send(body),
    put: (path: string, body: object) => call('put', path).send(body),
    delete: (path: string) => call('delete', path),
  };
}
