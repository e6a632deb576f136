import type { CombinedError } from 'urql';
import { useTranslation } from 'react-i18next';
import { apiErrors } from '../lib/errors';

export function ErrorBox({ error, retry }: { error: CombinedError | string; retry?: () => void }) {
  const { t } = useTranslation();
  const msgs = typeof error === 'string' ? [error] : apiErrors(error).general.concat(Object.values(apiErrors(error).fields));
  return (
    <div className="error-box" role="alert">
      <strong>{t('common.wentWrong')}</strong>
      <ul>
        {msgs.map((m, i) => (
          <li key={i}>{m}</li>
        ))}
      </ul>
      {retry && (
        <button type="button" onClick={retry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
