import { describe, expect, it } from 'vitest';
import { sseEvents } from './live';

describe('sseEvents', () => {
  it('splits complete events and keeps the partial one', () => {
    const { events, rest } = sseEvents('event: next\ndata: {"a":1}\n\n:\n\nevent: next\ndata: {"a"');
    expect(events).toEqual([{ event: 'next', data: '{"a":1}' }]);
    expect(rest).toBe('event: next\ndata: {"a"');
  });
  it('joins multi-line data', () => {
    expect(sseEvents('data: a\ndata: b\n\n').events).toEqual([{ event: 'message', data: 'a\nb' }]);
  });
});
