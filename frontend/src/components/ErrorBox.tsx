import type { CombinedError } from 'urql';
import { apiErrors } from '../lib/errors';

export function ErrorBox({ error, retry }: { error: CombinedError | string; retry?: () => void }) {
  const msgs = typeof error === 'string' ? [error] : apiErrors(error).general.concat(Object.values(apiErrors(error).fields));
  return (
    <div className="error-box" role="alert">
      <strong>Something went wrong.</strong>
      <ul>
        {msgs.map((m, i) => (
          <li key={i}>{m}</li>
        ))}
      </ul>
      {retry && (
        <button type="button" onClick={retry}>
          Retry
        </button>
      )}
    </div>
  );
}
