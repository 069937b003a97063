import { describe, expect, it } from 'vitest';
import { LaunchwatchError } from '../../errors.js';
import { connectionError } from './database.js';

const withCode = (code: string, message = 'x'): Error => Object.assign(new Error(message), { code });

describe('connectionError', () => {
  it('turns an unreachable server into unavailable, naming host:port and the cause', () => {
    const error = connectionError(withCode('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:5432'), '10.0.0.5:5432');
    expect(error).toBeInstanceOf(LaunchwatchError);
    expect((error as LaunchwatchError).code).toBe('unavailable');
    expect((error as LaunchwatchError).message).toBe('cannot reach PostgreSQL at 10.0.0.5:5432: ECONNREFUSED');
  });

  it('says a login was refused, and that a password is missing', () => {
    expect((connectionError(withCode('28P01', 'password authentication failed for user "lw"'), 'db:5432') as Error).message).toBe(
      'PostgreSQL at db:5432 refused the login: password authentication failed for user "lw"',
    );
    expect((connectionError(new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'), 'db:5432') as Error).message).toMatch(/PGPASSWORD/);
  });

  it('leaves an error of a statement as it is', () => {
    const statement = withCode('23505', 'duplicate key value violates unique constraint');
    expect(connectionError(statement, 'db:5432')).toBe(statement);
  });
});
