import { describe, expect, it } from 'vitest';
import { splitErrors } from './errors';

describe('splitErrors', () => {
  it('files messages under extensions.field and keeps the rest general', () => {
    const e = splitErrors(
      [
        { message: 'influence: value out of range', extensions: { code: 'BAD_USER_INPUT', field: 'influence' } },
        { message: 'not found', extensions: { code: 'NOT_FOUND', field: 'accountID' } },
        { message: 'boom', extensions: { code: 'INTERNAL' } },
      ],
      ['influence', 'name'],
    );
    expect(e.fields).toEqual({ influence: 'influence: value out of range' });
    expect(e.general).toEqual(['not found (NOT_FOUND)', 'boom (INTERNAL)']);
  });
});
