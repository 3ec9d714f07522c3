import { Router, type RequestHandler } from 'express';
import { body } from 'express-validator';
import { endSession, startSession, validateRequest, type SessionOptions } from '@ticketing/common';
import type { Accounts } from '../domain/accounts';

export interface UsersRouterOptions {
  accounts: Accounts;
  session: SessionOptions;
  /** Applied to sign-in and sign-up: the routes that guess passwords or create accounts. */
  attemptLimiter: RequestHandler;
}

const email = body('email', 'Email must be valid').isString().bail().trim().toLowerCase().isEmail();

export function usersRouter({ accounts, session, attemptLimiter }: UsersRouterOptions): Router {
  const router = Router();

  router.post(
    '/api/users/signup',
    attemptLimiter,
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
    '/api/users/signin',
    attemptLimiter,
    email,
    body('password', 'You must supply a password').isString().notEmpty(),
    validateRequest,
    async (req, res) => {
      const user = await accounts.signIn(req.body.email, req.body.password);
      startSession(req, user, session);
      res.status(200).json(user);
    },
  );

  router.post('/api/users/signout', (req, res) => {
    endSession(req);
    res.status(204).end();
  });

  router.get('/api/users/currentuser', (req, res) => {
    res.json({ currentUser: req.currentUser ?? null });
  });

  return router;
}
