import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const TOKEN_KEY = 'taskflow.token';
const httpUrl = new URL('/graphql', window.location.href).toString();
const wsUrl = httpUrl.replace(/^http/, 'ws');

/**
 * Queries and mutations go over HTTP, subscriptions over graphql-ws on the same path. The web
 * app's token (if signed in there) is used by default; headers typed in the editor take precedence.
 */
function authHeaders(): Record<string, string> {
  const token = window.localStorage.getItem(TOKEN_KEY);
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** Header names are case-insensitive on HTTP; the socket's connectionParams keys are not. */
const lowerKeys = (headers: Record<string, unknown> | undefined) =>
  Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));

// Built per operation so a token refreshed by the web app (same storage key) is picked up, and the
// socket gets the same credential as HTTP: `{ authorization: "Bearer …" }` in connectionParams.
const fetcher: Fetcher = (params, options) => {
  const headers = lowerKeys(options?.headers);
  return createGraphiQLFetcher({
    url: httpUrl,
    subscriptionUrl: wsUrl,
    headers: authHeaders(),
    wsConnectionParams: { ...authHeaders(), ...headers },
  })(params, { ...options, headers });
};

const defaultQuery = `# Welcome to TaskFlow's API.
# Sign up (or sign in), copy the token into Headers as {"Authorization": "Bearer <token>"},
# then explore with the Docs button.
mutation SignUp {
  signUp(input: { email: "you@example.com", password: "a long password", name: "You" }) {
    token
    user { id email name }
  }
}

query Me {
  me { id email name }
}
`;

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} defaultEditorToolsVisibility="headers" />
  </StrictMode>,
);
