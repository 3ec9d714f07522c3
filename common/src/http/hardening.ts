import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { ForbiddenError } from '../errors/app-error';

const applyHelmet = helmet({
  // The services answer JSON only: nothing may load from an answer, nor frame it.
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  },
  xFrameOptions: { action: 'deny' },
  // Set where TLS terminates (the gateway), once for the whole site rather than per service.
  strictTransportSecurity: false,
});

/**
 * The headers of every service answer: helmet's (nosniff, a deny-all CSP, no framing, no referrer
 * leaks, ...) and `Cache-Control: no-store`. No service answer is meant to be cached: most depend on
 * the session, and a shared cache keyed without the cookie would hand one user's answer to
 * another. A route that wants caching sets its own Cache-Control.
 */
export const securityHeaders: RequestHandler = (req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  applyHelmet(req, res, next);
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originHost(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/**
 * Refuses state-changing requests a browser sends on behalf of another site (CSRF), the way Go's
 * http.CrossOriginProtection does: browsers say where a request comes from in `Sec-Fetch-Site`
 * (only `same-origin` and `none`, typed by the user, pass); older ones only in `Origin`, which must
 * then name this host (as the client addressed it: X-Forwarded-Host from a trusted proxy, else
 * Host). A request with neither header is not a browser's (Stripe's webhook, a server) and passes.
 */
export const rejectCrossSiteRequests: RequestHandler = (req, _res, next) => {
  if (SAFE_METHODS.has(req.method)) return next();
  const fetchSite = req.get('Sec-Fetch-Site');
  const origin = req.get('Origin');
  const sameOrigin =
    fetchSite !== undefined
      ? fetchSite === 'same-origin' || fetchSite === 'none'
      : origin === undefined || originHost(origin) === req.host?.toLowerCase();
  if (!sameOrigin) throw new ForbiddenError('Cross-site request refused');
  next();
};
