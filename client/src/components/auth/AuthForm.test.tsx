import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { errorsBody, mockFetch } from '@/test/fetch-mock';
import { resetRouter, router } from '@/test/router-mock';
import { AuthForm } from './AuthForm';

jest.mock('next/navigation', () => ({
  useRouter: () => jest.requireActual('@/test/router-mock').router,
}));

beforeEach(resetRouter);

function fillAndSubmit(email: string, password: string) {
  fireEvent.change(screen.getByLabelText('Email'), { target: { value: email } });
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: /create account|sign in/i }));
}

describe('AuthForm', () => {
  it('when sign-up succeeds, then it goes to the return path with a welcome and refreshes the header', async () => {
    const { calls } = mockFetch({ status: 201, body: { id: 'u1', email: 'ann@example.com' } });
    render(<AuthForm mode="signup" returnTo="/orders" />);

    fillAndSubmit('ann@example.com', 'correct horse');

    await waitFor(() => expect(router.push).toHaveBeenCalledWith('/orders?notice=welcome'));
    expect(router.refresh).toHaveBeenCalled();
    expect(calls).toEqual([
      {
        url: '/api/users/signup',
        method: 'POST',
        body: { email: 'ann@example.com', password: 'correct horse' },
      },
    ]);
  });

  it('when the API rejects a field, then its message is shown next to that field', async () => {
    mockFetch({
      status: 400,
      body: errorsBody({
        message: 'Password must be between 8 and 128 characters',
        field: 'password',
      }),
    });
    render(<AuthForm mode="signup" returnTo="/" />);

    fillAndSubmit('ann@example.com', 'short');

    const password = screen.getByLabelText('Password');
    await waitFor(() =>
      expect(password).toHaveAccessibleDescription(
        expect.stringContaining('Password must be between 8 and 128 characters'),
      ),
    );
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Email')).not.toHaveAttribute('aria-invalid');
    expect(router.push).not.toHaveBeenCalled();
  });

  it('when sign-in fails without a field, then the message is announced and the button works again', async () => {
    mockFetch({ status: 400, body: errorsBody({ message: 'Invalid credentials' }) });
    render(<AuthForm mode="signin" returnTo="/" />);

    fillAndSubmit('ann@example.com', 'wrong password');

    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid credentials');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });

  it('when sign-in is throttled, then the form says how many minutes to wait (from Retry-After)', async () => {
    mockFetch({
      status: 429,
      headers: { 'Retry-After': '840' },
      body: errorsBody({ message: 'Too many requests, please try again later' }),
    });
    render(<AuthForm mode="signin" returnTo="/" />);

    fillAndSubmit('ann@example.com', 'correct horse');

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Too many attempts — try again in 14 minutes.',
    );
    expect(router.push).not.toHaveBeenCalled();
  });

  it('when sign-up is throttled without Retry-After, then a generic line asks to wait', async () => {
    mockFetch({
      status: 429,
      body: errorsBody({ message: 'Too many requests, please try again later' }),
    });
    render(<AuthForm mode="signup" returnTo="/" />);

    fillAndSubmit('ann@example.com', 'correct horse');

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Too many attempts. Please wait a moment and try again.',
    );
  });

  it('when the request is running, then the button is disabled and a second click sends nothing', async () => {
    let answer!: (value: Response) => void;
    const fetchMock = jest.fn(() => new Promise<Response>((resolve) => (answer = resolve)));
    global.fetch = fetchMock as unknown as typeof fetch;
    render(<AuthForm mode="signin" returnTo="/" />);

    fillAndSubmit('ann@example.com', 'correct horse');
    const button = await screen.findByRole('button', { name: /signing in/i });
    expect(button).toBeDisabled();
    fireEvent.submit(button.closest('form')!);

    expect(fetchMock).toHaveBeenCalledTimes(1);
    answer({ ok: true, status: 200, json: async () => ({ id: 'u1' }) } as unknown as Response);
    await waitFor(() => expect(router.push).toHaveBeenCalledWith('/'));
  });
});
