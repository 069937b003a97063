import { describe, expect, it } from 'vitest';
import { accessOf, authorize, tokenProblem } from './auth.js';

const tokens = { admin: 'admin-secret', viewer: 'viewer-secret' };

describe('accessOf', () => {
  it('tells the admin, a viewer and anyone else apart', () => {
    expect(accessOf('admin-secret', tokens)).toBe('admin');
    expect(accessOf('viewer-secret', tokens)).toBe('viewer');
    expect(accessOf('nope', tokens)).toBe('none');
    expect(accessOf(undefined, tokens)).toBe('none');
    expect(accessOf('viewer-secret', { admin: 'admin-secret' })).toBe('none');
  });
});

describe('authorize', () => {
  it('lets a viewer read and refuses every other method', () => {
    expect(authorize('GET', 'viewer')).toEqual({ kind: 'allowed', access: 'viewer' });
    expect(authorize('HEAD', 'viewer')).toEqual({ kind: 'allowed', access: 'viewer' });
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) expect(authorize(method, 'viewer')).toEqual({ kind: 'forbidden' });
  });
  it('lets the admin do anything and nobody else anything', () => {
    expect(authorize('DELETE', 'admin')).toEqual({ kind: 'allowed', access: 'admin' });
    expect(authorize('GET', 'none')).toEqual({ kind: 'unauthorized' });
  });
});

describe('tokenProblem', () => {
  it('refuses a viewer token without an admin token, or equal to it', () => {
    expect(tokenProblem({})).toBeUndefined();
    expect(tokenProblem({ admin: 'a' })).toBeUndefined();
    expect(tokenProblem({ admin: 'a', viewer: 'v' })).toBeUndefined();
    expect(tokenProblem({ viewer: 'v' })).toMatch(/needs LAUNCHWATCH_ADMIN_TOKEN/);
    expect(tokenProblem({ admin: 'a', viewer: 'a' })).toMatch(/must differ/);
  });
});
