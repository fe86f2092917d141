import { randomBytes } from 'node:crypto';

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; [key: string]: unknown };
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  data?: T | null;
  errors?: GraphQLErrorShape[];
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  operationName?: string;
}

/** A plain HTTP GraphQL client, as a third-party integration would write one. */
export class GraphQLClient {
  constructor(readonly url: string) {}

  async request<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    options: RequestOptions = {},
  ): Promise<GraphQLResponse<T>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query, variables, operationName: options.operationName }),
    });
    const body = (await response.json()) as { data?: T | null; errors?: GraphQLErrorShape[] };
    return { status: response.status, headers: response.headers, ...body };
  }

  /** Runs an operation that must succeed; throws with the errors otherwise. */
  async data<T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    options: RequestOptions = {},
  ) {
    const result = await this.request<T>(query, variables, options);
    if (result.errors?.length || !result.data)
      throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data;
  }
}

export const errorCodes = (result: GraphQLResponse<unknown>) =>
  (result.errors ?? []).map((e) => e.extensions?.code);

export interface Persona {
  id: string;
  email: string;
  token: string;
}

const SIGN_UP = /* GraphQL */ `
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) { token user { id email } }
  }
`;

/** Signs a new person up; each call makes a distinct user. */
export async function signUp(client: GraphQLClient, name = 'Test User'): Promise<Persona> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}.${randomBytes(4).toString('hex')}@example.com`;
  const data = await client.data<{ signUp: { token: string; user: { id: string; email: string } } }>(
    SIGN_UP,
    {
      input: { email, password: 'correct horse battery', name },
    },
  );
  return { id: data.signUp.user.id, email, token: data.signUp.token };
}
