import { useId, useRef, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { type FragmentType, getFragmentData, graphql } from '../../gql';
import type { ApiKeyScope } from '../../gql/graphql';
import { formatDateTime, formatRelative } from '../../lib/datetime';
import { friendlyError } from '../../lib/errors';
import { ConfirmDialog, Dialog } from '../../ui/Dialog';
import { Icon } from '../../ui/icons';
import { EmptyState, ErrorState, SkeletonRows } from '../../ui/States';
import { toast } from '../../ui/Toasts';

export const ApiKeyRow_ApiKeyFragment = graphql(`
  fragment ApiKeyRow_ApiKeyFragment on ApiKey {
    id
    name
    prefix
    scopes
    createdAt
    lastUsedAt
  }
`);

const ApiKeysQuery = graphql(`
  query ApiKeys {
    apiKeys {
      id
      ...ApiKeyRow_ApiKeyFragment
    }
  }
`);

const CreateApiKeyMutation = graphql(`
  mutation CreateApiKey($name: String!, $scopes: [ApiKeyScope!]) {
    createApiKey(name: $name, scopes: $scopes) {
      key
      apiKey {
        id
        ...ApiKeyRow_ApiKeyFragment
      }
    }
  }
`);

const RevokeApiKeyMutation = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id)
  }
`);

function ApiKeyRow({ apiKey: ref }: { apiKey: FragmentType<typeof ApiKeyRow_ApiKeyFragment> }) {
  const key = getFragmentData(ApiKeyRow_ApiKeyFragment, ref);
  const [confirming, setConfirming] = useState(false);
  const [revoked, revoke] = useMutation(RevokeApiKeyMutation);
  return (
    <li className="key-row">
      <div className="key-main">
        <p className="key-name">{key.name}</p>
        <p className="muted small">
          <code className="code">{key.prefix}…</code> · created {formatRelative(key.createdAt)} ·{' '}
          {key.lastUsedAt ? (
            <span title={formatDateTime(key.lastUsedAt)}>last used {formatRelative(key.lastUsedAt)}</span>
          ) : (
            'never used'
          )}
        </p>
      </div>
      <div className="key-scopes">
        {key.scopes.map((scope) => (
          <span key={scope} className="badge badge-soft">
            {scope === 'READ' ? 'Read' : 'Write'}
          </span>
        ))}
      </div>
      <button
        type="button"
        className="button button-sm button-danger-text"
        onClick={() => setConfirming(true)}
        aria-label={`Revoke ${key.name}`}
      >
        Revoke
      </button>
      {confirming ? (
        <ConfirmDialog
          title={`Revoke “${key.name}”?`}
          message="Integrations using this key stop working at once. This cannot be undone."
          confirmLabel="Revoke key"
          danger
          busy={revoked.fetching}
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const result = await revoke({ id: key.id });
            setConfirming(false);
            if (result.error) toast(friendlyError(result.error), { tone: 'error' });
            else toast(`Revoked “${key.name}”`);
          }}
        />
      ) : null}
    </li>
  );
}

function NewKeyDialog({ secret, name, onClose }: { secret: string; name: string; onClose: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      input.current?.select();
    }
  };
  return (
    <Dialog
      title="Your new API key"
      description="Copy it now: for your security it is shown only this once."
      onClose={onClose}
      initialFocus={input}
      footer={
        <button type="button" className="button button-primary" onClick={onClose}>
          Done
        </button>
      }
    >
      <div className="field">
        <label className="field-label" htmlFor="new-api-key">
          API key “{name}”
        </label>
        <div className="copy-field">
          <input
            ref={input}
            id="new-api-key"
            className="input input-mono"
            readOnly
            value={secret}
            onFocus={(e) => e.target.select()}
          />
          <button type="button" className="button" onClick={() => void copy()}>
            <Icon name={copied ? 'check' : 'copy'} size={16} />
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
        <p className="field-hint">
          Send it as <code className="code">Authorization: Bearer {secret.slice(0, 6)}…</code>
        </p>
      </div>
    </Dialog>
  );
}

export default function ApiKeysPage() {
  const id = useId();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: ApiKeysQuery,
    requestPolicy: 'cache-and-network',
  });
  const [created, createKey] = useMutation(CreateApiKeyMutation);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiKeyScope[]>(['READ', 'WRITE']);
  const [problem, setProblem] = useState<string | null>(null);
  const [shown, setShown] = useState<{ secret: string; name: string } | null>(null);
  const keys = data?.apiKeys ?? [];

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setProblem('Name the key after the integration that will use it.');
    if (!scopes.length) return setProblem('Choose at least one permission.');
    const result = await createKey({ name: name.trim(), scopes });
    if (result.error) return setProblem(friendlyError(result.error));
    const payload = result.data?.createApiKey;
    if (payload) {
      setShown({ secret: payload.key, name: name.trim() });
      setName('');
      setProblem(null);
    }
  };

  const toggle = (scope: ApiKeyScope) =>
    setScopes(scopes.includes(scope) ? scopes.filter((s) => s !== scope) : [...scopes, scope]);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1 className="page-title">API keys</h1>
          <p className="page-subtitle">Keys let scripts and integrations use the API as you.</p>
        </div>
      </header>
      <div className="two-column">
        <section className="card card-flush" aria-label="Your API keys">
          {!data && fetching ? (
            <SkeletonRows count={3} />
          ) : error && !data ? (
            <ErrorState
              message={friendlyError(error)}
              onRetry={() => refetch({ requestPolicy: 'network-only' })}
            />
          ) : keys.length === 0 ? (
            <EmptyState icon="key" title="No API keys">
              Create one for each integration, so you can revoke it on its own.
            </EmptyState>
          ) : (
            <ul className="key-list" aria-label="API keys">
              {keys.map((key) => (
                <ApiKeyRow key={key.id} apiKey={key} />
              ))}
            </ul>
          )}
        </section>
        <form className="card" onSubmit={submit} aria-label="New API key" noValidate>
          <h2 className="card-title">New API key</h2>
          <div className="field">
            <label className="field-label" htmlFor={`${id}-name`}>
              Key name
            </label>
            <input
              id={`${id}-name`}
              className="input"
              placeholder="e.g. Calendar sync"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <fieldset className="field">
            <legend className="field-label">Permissions</legend>
            <label className="check-line">
              <input type="checkbox" checked={scopes.includes('READ')} onChange={() => toggle('READ')} />
              <span>Read tasks and tags</span>
            </label>
            <label className="check-line">
              <input type="checkbox" checked={scopes.includes('WRITE')} onChange={() => toggle('WRITE')} />
              <span>Create and change tasks and tags</span>
            </label>
          </fieldset>
          {problem ? (
            <p className="field-error" role="alert">
              {problem}
            </p>
          ) : null}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={created.fetching}>
              <Icon name="key" />
              Create key
            </button>
          </div>
          <p className="muted small">
            Try it in{' '}
            <a href="/graphiql" target="_blank" rel="noopener">
              GraphiQL
            </a>
            .
          </p>
        </form>
      </div>
      {shown ? <NewKeyDialog secret={shown.secret} name={shown.name} onClose={() => setShown(null)} /> : null}
    </div>
  );
}
