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
    expect(e.fields).toEqual({ influence: 'Value out of range' });
    expect(e.general).toEqual(['not found (NOT_FOUND)', 'boom (INTERNAL)']);
  });

  it('drops the field name from a message shown beside it, not from one shown elsewhere', () => {
    const e = splitErrors(
      [
        { message: 'delivery: value out of range; expected between 0 and 10', extensions: { code: 'BAD_USER_INPUT', field: 'delivery' } },
        { message: 'edit.strength: between 1 and 5', extensions: { code: 'BAD_USER_INPUT', field: 'edit.strength' } },
        { message: 'title: title is too long', extensions: { code: 'BAD_USER_INPUT', field: 'name' } },
        { message: 'score: between 0 and 10', extensions: { code: 'BAD_USER_INPUT', field: 'score' } },
      ],
      ['delivery', 'edit.strength', 'name'],
    );
    expect(e.fields).toEqual({
      delivery: 'Value out of range; expected between 0 and 10',
      'edit.strength': 'Between 1 and 5',
      name: 'title: title is too long',
    });
    expect(e.general).toEqual(['score: between 0 and 10 (BAD_USER_INPUT)']);
  });
});
