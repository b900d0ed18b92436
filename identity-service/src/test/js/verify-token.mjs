// Usage: node verify-token.mjs <jwks-url> <issuer> <audience> <token>
// Exit 0 and print the verified claims as JSON when the token verifies against the JWKS; exit 1 otherwise.
import { createRemoteJWKSet, jwtVerify } from 'jose';

const [jwksUrl, issuer, audience, token] = process.argv.slice(2);
if (!token) {
  console.error('usage: node verify-token.mjs <jwks-url> <issuer> <audience> <token>');
  process.exit(2);
}
try {
  const jwks = createRemoteJWKSet(new URL(jwksUrl));
  const { payload, protectedHeader } = await jwtVerify(token, jwks, { issuer, audience, algorithms: ['ES256'] });
  console.log(JSON.stringify({ alg: protectedHeader.alg, kid: protectedHeader.kid, sub: payload.sub, groups: payload.groups }));
} catch (e) {
  console.error(`refused: ${e.code ?? e.name}: ${e.message}`);
  process.exit(1);
}
