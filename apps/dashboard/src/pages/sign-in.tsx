import { useState } from 'preact/hooks';
import { explain, problemOf, send } from '../api/client';
import type { Group } from '../api/types';
import type { Session } from '../session';

/** Signing in checks the key against the group it should open: 401 and 404 are told apart. */
export function SignIn({ onSignedIn, notice }: { onSignedIn: (session: Session) => void; notice?: string | null }) {
  const initialGroup = new URLSearchParams(location.search).get('group') ?? '';
  const [key, setKey] = useState('');
  const [groupId, setGroupId] = useState(initialGroup);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (key.trim() === '' || groupId.trim() === '') return setError('Enter both the API key and the group id.');
    setBusy(true);
    setError(null);
    try {
      // `send`, not `call`: a refused key here is an answer for this form, not a lost session
      const reply = await send(key.trim(), 'GET', `/v1/groups/${encodeURIComponent(groupId.trim())}`);
      if (reply.status === 200) {
        const group = reply.body as Group;
        return onSignedIn({
          key: key.trim(),
          group: { id: group.id, name: group.name, plan: group.plan, type: group.type, status: group.status },
        });
      }
      setError(
        reply.status === 401
          ? 'That API key is not valid (unknown or revoked).'
          : reply.status === 404
            ? 'No group with this id is visible to this key.'
            : explain(problemOf(reply)),
      );
    } catch {
      setError('The gateway cannot be reached. Is onescale running?');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="signin">
      <form class="card signin-card" onSubmit={submit} aria-labelledby="signin-title">
        <div class="brand big">
          <img src="/favicon.svg" alt="" width="36" height="36" />
          onescale
        </div>
        <h1 id="signin-title">Sign in</h1>
        <p class="subtitle">
          Use an API key of the group (or the platform admin key). It is kept in this tab only and forgotten when the tab closes.
        </p>
        {notice && <p class="notice">{notice}</p>}
        <label>
          API key
          <input
            name="apiKey"
            type="password"
            autoComplete="off"
            spellcheck={false}
            value={key}
            onInput={(e) => setKey(e.currentTarget.value)}
            placeholder="osk_…"
          />
        </label>
        <label>
          Group id
          <input
            name="groupId"
            autoComplete="off"
            spellcheck={false}
            value={groupId}
            onInput={(e) => setGroupId(e.currentTarget.value)}
            placeholder="the id returned when the group was created"
          />
        </label>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
