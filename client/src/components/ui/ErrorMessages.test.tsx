import { render, screen } from '@testing-library/react';
import { ErrorMessages } from './ErrorMessages';
import { Field } from './Field';
import { splitErrors } from './form-errors';

describe('splitErrors', () => {
  it('when errors name fields of the form, then each field gets its first message and the rest are general', () => {
    const split = splitErrors(
      [
        { message: 'Email must be valid', field: 'email' },
        { message: 'Email is taken', field: 'email' },
        { message: 'Unknown field', field: 'nickname' },
        { message: 'Too many requests' },
        { message: 'Too many requests' },
      ],
      ['email', 'password'],
    );

    expect(split).toEqual({
      byField: { email: 'Email must be valid' },
      general: ['Unknown field', 'Too many requests'],
    });
  });
});

describe('ErrorMessages', () => {
  it('when there are no messages, then the live region is present but empty', () => {
    const { container } = render(<ErrorMessages messages={[]} />);

    const region = container.querySelector('[aria-live="polite"]');
    expect(region).toBeInTheDocument();
    expect(region).toBeEmptyDOMElement();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('when there is one message, then it is shown as an alert', () => {
    render(<ErrorMessages messages={['Your card was declined.']} />);

    expect(screen.getByRole('alert')).toHaveTextContent('Your card was declined.');
  });

  it('when there are several messages, then each is listed', () => {
    render(<ErrorMessages messages={['First', 'Second']} />);

    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'First',
      'Second',
    ]);
  });
});

describe('Field', () => {
  it('when it has an error, then the input is invalid and described by the error and the hint', () => {
    render(
      <Field formId="f" name="password" label="Password" hint="At least 8" error="Too short" />,
    );

    const input = screen.getByLabelText('Password');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('At least 8 Too short');
  });

  it('when it has no error, then the input is not marked invalid', () => {
    render(<Field formId="f" name="email" label="Email" />);

    const input = screen.getByLabelText('Email');
    expect(input).not.toHaveAttribute('aria-invalid');
    expect(input).not.toHaveAttribute('aria-describedby');
  });
});
