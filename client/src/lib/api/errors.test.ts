import { throttledMessage } from './errors';

const NOW = Date.parse('2025-06-01T12:00:00Z');

describe('throttledMessage', () => {
  it.each([
    ['900', 'Too many attempts — try again in 15 minutes.'],
    ['61', 'Too many attempts — try again in 2 minutes.'],
    ['60', 'Too many attempts — try again in 1 minute.'],
    ['59', 'Too many attempts — try again in 59 seconds.'],
    ['5', 'Too many attempts — try again in 5 seconds.'],
    ['1', 'Too many attempts — try again in 1 second.'],
    ['0', 'Too many attempts — try again in 1 second.'],
  ])('when Retry-After is %p seconds, then it says how long to wait', (header, message) => {
    expect(throttledMessage(header, NOW)).toBe(message);
  });

  it('when Retry-After is an HTTP date, then it counts the time until then', () => {
    expect(throttledMessage('Sun, 01 Jun 2025 12:10:00 GMT', NOW)).toBe(
      'Too many attempts — try again in 10 minutes.',
    );
    expect(throttledMessage('Sun, 01 Jun 2025 12:00:30 GMT', NOW)).toBe(
      'Too many attempts — try again in 30 seconds.',
    );
  });

  it.each([null, '', 'soon', '-5', '1.5e3x', 'Sun, 01 Jun 2025 11:00:00 GMT'])(
    'when Retry-After is %p, then a generic line asks to wait',
    (header) => {
      expect(throttledMessage(header, NOW)).toBe(
        'Too many attempts. Please wait a moment and try again.',
      );
    },
  );
});
