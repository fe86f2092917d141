import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, signUp } from './support/client.js';
import { type Stack, startStack } from './support/stack.js';

const SIGN_IN = `mutation ($input: SignInInput!) { signIn(input: $input) { token } }`;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    SIGNIN_MAX_FAILURES_PER_EMAIL: '100',
    SIGNIN_MAX_FAILURES_PER_IP: '5',
    SIGNUP_MAX_PER_IP_PER_MINUTE: '4',
  });
});
afterAll(() => stack?.stop());

describe('per-address limits', () => {
  it('limits sign-in failures per IP across many emails (password spraying)', async () => {
    const user = await signUp(stack.client, 'Sprayed');
    for (let i = 0; i < 5; i++) {
      const result = await stack.client.request(SIGN_IN, {
        input: { email: `spray${i}@example.com`, password: 'guess guess' },
      });
      expect(errorCodes(result)).toEqual(['UNAUTHENTICATED']);
    }
    const blocked = await stack.client.request(SIGN_IN, {
      input: { email: user.email, password: 'correct horse battery' },
    });
    expect(errorCodes(blocked)).toEqual(['TOO_MANY_REQUESTS']);
  });

  it('limits sign-ups per IP when configured to', async () => {
    // One sign-up was used above; three more fit under the limit of 4, the fifth does not.
    for (let i = 0; i < 3; i++) await signUp(stack.client, `Bulk ${i}`);
    const refused = await stack.client.request(
      `mutation ($input: SignUpInput!) { signUp(input: $input) { token } }`,
      { input: { email: 'one-too-many@example.com', password: 'long enough password', name: 'Late' } },
    );
    expect(errorCodes(refused)).toEqual(['TOO_MANY_REQUESTS']);
  });
});
