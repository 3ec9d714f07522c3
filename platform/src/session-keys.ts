import { generateSessionKeys } from '@ticketing/common';

// `npm run -s session-keys -w @ticketing/platform`: a new session key pair as two environment lines,
// auth's private signing key and the public key set every service verifies with (see the README's
// Deploy section for the cluster Secrets and rotation).
for (const [name, value] of Object.entries(generateSessionKeys())) {
  process.stdout.write(`${name}=${value}\n`);
}
