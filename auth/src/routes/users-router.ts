import { Router } from 'express';
import { body, query } from 'express-validator';
import {
  endSession,
  NotAuthenticatedError,
  signedInUser,
  startSession,
  validateRequest,
  type SessionSigningOptions,
} from '@ticketing/common';
import type { Accounts } from '../domain/accounts';
import { SIGN_IN_PATH, type AttemptLimits } from '../rate-limit/attempt-limits';

export interface UsersRouterOptions {
  accounts: Accounts;
  session: SessionSigningOptions;
  /** Applied to sign-in and sign-up: the routes that guess passwords or create accounts. */
  limits: AttemptLimits;
}

const email = body('email', 'Email must be valid').isString().bail().trim().toLowerCase().isEmail();

export function usersRouter({ accounts, session, limits }: UsersRouterOptions): Router {
  const router = Router();

  router.post(
    '/api/users/signup',
    limits.perAddress,
    email,
    body('password', 'Password must be between 8 and 128 characters')
      .isString()
      .isLength({ min: 8, max: 128 }),
    validateRequest,
    async (req, res) => {
      const user = await accounts.signUp(req.body.email, req.body.password);
      startSession(req, user, session);
      res.status(201).json(user);
    },
  );

  router.post(
    SIGN_IN_PATH,
    limits.perAddress,
    email,
    body('password', 'You must supply a password').isString().notEmpty(),
    validateRequest,
    limits.perAccount,
    async (req, res) => {
      const user = await accounts.signIn(req.body.email, req.body.password);
      startSession(req, user, session);
      res.status(200).json(user);
    },
  );

  // `?all=true` signs the caller out on every device: each of their sessions issued until now is
  // revoked on every service. There is nothing to revoke without a valid session: 401.
  router.post(
    '/api/users/signout',
    query('all', 'all must be true or false').optional().isIn(['true', 'false']),
    validateRequest,
    async (req, res) => {
      if (req.query.all === 'true') {
        const revoked = await accounts.revokeSessions(signedInUser(req).id);
        if (!revoked) throw new NotAuthenticatedError();
      }
      endSession(req);
      res.status(204).end();
    },
  );

  router.get('/api/users/currentuser', (req, res) => {
    res.json({ currentUser: req.currentUser ?? null });
  });

  return router;
}
