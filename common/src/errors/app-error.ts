export interface ErrorItem {
  message: string;
  field?: string;
}

/** The one body every service answers a failure with. */
export interface ErrorBody {
  errors: ErrorItem[];
}

/**
 * An error the service expects and knows how to answer: it carries its HTTP status and the
 * items of the standard error body. Anything that is not an AppError is unexpected (500).
 */
export abstract class AppError extends Error {
  abstract readonly statusCode: number;

  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }

  serialize(): ErrorItem[] {
    return [{ message: this.message }];
  }
}

export class BadRequestError extends AppError {
  readonly statusCode = 400;

  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  override serialize(): ErrorItem[] {
    return [this.field ? { message: this.message, field: this.field } : { message: this.message }];
  }
}

export class RequestValidationError extends AppError {
  readonly statusCode = 400;

  constructor(readonly items: ErrorItem[]) {
    super('Invalid request parameters');
  }

  override serialize(): ErrorItem[] {
    return this.items;
  }
}

/** Not signed in, or the session is invalid or expired. */
export class NotAuthenticatedError extends AppError {
  readonly statusCode = 401;

  constructor(message = 'Not authenticated') {
    super(message);
  }
}

/** Signed in, but the resource belongs to somebody else. */
export class ForbiddenError extends AppError {
  readonly statusCode = 403;

  constructor(message = 'Forbidden') {
    super(message);
  }
}

export class NotFoundError extends AppError {
  readonly statusCode = 404;

  constructor(message = 'Not found') {
    super(message);
  }
}

export class PaymentFailedError extends AppError {
  readonly statusCode = 402;

  constructor(message: string) {
    super(message);
  }
}

export class TooManyRequestsError extends AppError {
  readonly statusCode = 429;

  constructor(message = 'Too many requests, please try again later') {
    super(message);
  }
}

/** The change kept losing races against other writers of the same resource. */
export class ConflictError extends AppError {
  readonly statusCode = 409;

  constructor(message = 'The resource was changed concurrently; please try again') {
    super(message);
  }
}
