/**
 * The Stripe path with Stripe.js mocked: the real Payment Element needs js.stripe.com and a
 * publishable key, neither of which this environment has, so what is checked here is our side of
 * the flow (PaymentMethod → payments service → 3-D Secure via handleNextAction), not Stripe's UI.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { errorsBody, mockFetch } from '@/test/fetch-mock';
import { StripePaymentForm } from './StripePaymentForm';

const stripe = {
  createPaymentMethod: jest.fn(),
  handleNextAction: jest.fn(),
};
const elements = { submit: jest.fn() };

jest.mock('@stripe/stripe-js/pure', () => ({ loadStripe: jest.fn(async () => ({})) }));
jest.mock('@stripe/react-stripe-js', () => ({
  Elements: ({ children }: { children: ReactNode }) => children,
  PaymentElement: () => <div data-testid="payment-element" />,
  useStripe: () => stripe,
  useElements: () => elements,
}));

beforeEach(() => {
  jest.clearAllMocks();
  elements.submit.mockResolvedValue({});
  stripe.createPaymentMethod.mockResolvedValue({ paymentMethod: { id: 'pm_123' } });
});

function renderForm(onPaid = jest.fn()) {
  render(<StripePaymentForm publishableKey="pk_test_x" orderId="o1" price={20} onPaid={onPaid} />);
  fireEvent.click(screen.getByRole('button', { name: 'Pay $20.00' }));
  return onPaid;
}

describe('StripePaymentForm (Stripe.js mocked)', () => {
  it('when the charge succeeds at once, then the PaymentMethod id is sent as the token and onPaid is called', async () => {
    const { calls } = mockFetch({ status: 201, body: { id: 'p1' } });

    const onPaid = renderForm();

    await waitFor(() => expect(onPaid).toHaveBeenCalledTimes(1));
    expect(calls[0]!.body).toEqual({ orderId: 'o1', token: 'pm_123' });
    expect(stripe.handleNextAction).not.toHaveBeenCalled();
  });

  it('when the payments service asks for 3-D Secure (202), then handleNextAction completes it', async () => {
    mockFetch({ status: 202, body: { clientSecret: 'pi_1_secret_2' } });
    stripe.handleNextAction.mockResolvedValue({ paymentIntent: { status: 'succeeded' } });

    const onPaid = renderForm();

    await waitFor(() => expect(onPaid).toHaveBeenCalledTimes(1));
    expect(stripe.handleNextAction).toHaveBeenCalledWith({ clientSecret: 'pi_1_secret_2' });
  });

  it('when 3-D Secure fails, then its message is shown and the form stays payable', async () => {
    mockFetch({ status: 202, body: { clientSecret: 'pi_1_secret_2' } });
    stripe.handleNextAction.mockResolvedValue({
      error: { message: 'We are unable to authenticate your payment method.' },
    });

    const onPaid = renderForm();

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'We are unable to authenticate your payment method.',
    );
    expect(onPaid).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Pay $20.00' })).toBeEnabled();
  });

  it('when the card is declined, then the decline message is shown', async () => {
    mockFetch({ status: 402, body: errorsBody({ message: 'Your card was declined.' }) });

    renderForm();

    expect(await screen.findByRole('alert')).toHaveTextContent('Your card was declined.');
  });

  it('when the card details are incomplete, then Stripe’s message is shown and nothing is charged', async () => {
    const { fetchMock } = mockFetch();
    elements.submit.mockResolvedValue({ error: { message: 'Your card number is incomplete.' } });

    renderForm();

    expect(await screen.findByRole('alert')).toHaveTextContent('Your card number is incomplete.');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
