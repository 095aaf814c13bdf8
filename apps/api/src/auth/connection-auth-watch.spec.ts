import type { Principal } from '@rectify/tenancy';
import { ConnectionAuthWatch } from './connection-auth-watch';

const principal = { userId: 'u-1', tenantPath: '411000/411081' } as Principal;

describe('ConnectionAuthWatch', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  async function tick(ms: number): Promise<void> {
    await jest.advanceTimersByTimeAsync(ms);
  }

  it('keeps a socket whose token stays valid and closes it, once, when the check starts answering null', async () => {
    let valid = true;
    const check = jest.fn(async () => (valid ? principal : null));
    const watch = new ConnectionAuthWatch(check, 1_000);
    const close = jest.fn();
    const key = {};
    watch.watch(key, 'token-a', close);
    await tick(3_000);
    expect(check).toHaveBeenCalledTimes(3);
    expect(check).toHaveBeenLastCalledWith('token-a');
    expect(close).not.toHaveBeenCalled();

    valid = false; // the account was disabled, or the token expired
    await tick(1_000);
    expect(close).toHaveBeenCalledTimes(1);
    expect(watch.size).toBe(0);
    await tick(5_000);
    expect(check).toHaveBeenCalledTimes(4);
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('leaves the socket open when the check fails, and closes it at a later tick that answers null', async () => {
    const answers: (() => Promise<Principal | null>)[] = [() => Promise.reject(new Error('identity database unreachable')), async () => principal, async () => null];
    const watch = new ConnectionAuthWatch(() => (answers.shift() ?? (async () => null))(), 1_000);
    const close = jest.fn();
    watch.watch({}, 'token-b', close);
    await tick(2_000);
    expect(close).not.toHaveBeenCalled();
    await tick(1_000);
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('stops checking a connection that closed, and never closes it afterwards', async () => {
    const check = jest.fn(async () => null);
    const watch = new ConnectionAuthWatch(check, 1_000);
    const close = jest.fn();
    const key = {};
    watch.watch(key, 'token-c', close);
    watch.forget(key);
    watch.forget(key); // twice is harmless
    await tick(5_000);
    expect(check).not.toHaveBeenCalled();
    expect(close).not.toHaveBeenCalled();
  });

  it('a check still running when the connection closes does not close it again, and checks never overlap', async () => {
    let release: (p: Principal | null) => void = () => undefined;
    const check = jest.fn(() => new Promise<Principal | null>((resolve) => (release = resolve)));
    const watch = new ConnectionAuthWatch(check, 1_000);
    const close = jest.fn();
    const key = {};
    watch.watch(key, 'token-d', close);
    await tick(3_000); // the first check is still pending: no second one starts
    expect(check).toHaveBeenCalledTimes(1);
    watch.forget(key);
    release(null);
    await tick(0);
    expect(close).not.toHaveBeenCalled();
  });

  it('watching the same connection again replaces its timer and token', async () => {
    const check = jest.fn(async (token: string) => (token === 'fresh' ? principal : null));
    const watch = new ConnectionAuthWatch(check, 1_000);
    const close = jest.fn();
    const key = {};
    watch.watch(key, 'stale', close);
    watch.watch(key, 'fresh', close);
    expect(watch.size).toBe(1);
    await tick(2_000);
    expect(check.mock.calls.map(([token]) => token)).toEqual(['fresh', 'fresh']);
    expect(close).not.toHaveBeenCalled();
  });
});
