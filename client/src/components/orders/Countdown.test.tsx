import { act, render, screen } from '@testing-library/react';
import { Countdown } from './Countdown';

const START = Date.parse('2026-11-22T10:00:00Z');

beforeEach(() => {
  jest.useFakeTimers({ now: START });
});
afterEach(() => {
  jest.useRealTimers();
});

const expiringIn = (ms: number) => new Date(START + ms).toISOString();

describe('Countdown', () => {
  it('when time is left, then it shows it as mm:ss and counts down with the clock', () => {
    render(<Countdown expiresAt={expiringIn(90_000)} renderedAt={START} />);
    expect(screen.getByRole('timer')).toHaveTextContent('01:30');

    act(() => jest.advanceTimersByTime(31_000));

    expect(screen.getByRole('timer')).toHaveTextContent('00:59');
  });

  it('when it reaches zero, then it says "Order expired" and calls onExpire once', () => {
    const onExpire = jest.fn();
    render(<Countdown expiresAt={expiringIn(2_000)} renderedAt={START} onExpire={onExpire} />);

    act(() => jest.advanceTimersByTime(2_000));
    act(() => jest.advanceTimersByTime(5_000));

    expect(screen.getByText('Order expired')).toBeInTheDocument();
    expect(screen.queryByRole('timer')).not.toBeInTheDocument();
    expect(onExpire).toHaveBeenCalledTimes(1);
  });

  it('when the order had already expired when the page was rendered, then it shows expired at once', () => {
    const onExpire = jest.fn();
    render(<Countdown expiresAt={expiringIn(-1_000)} renderedAt={START} onExpire={onExpire} />);

    expect(screen.getByText('Order expired')).toBeInTheDocument();
    expect(onExpire).toHaveBeenCalledTimes(1);
  });

  it('when the server rendered the page a while ago, then the browser clock takes over on mount', () => {
    render(<Countdown expiresAt={expiringIn(60_000)} renderedAt={START - 20_000} />);

    expect(screen.getByRole('timer')).toHaveTextContent('01:00');
  });
});
