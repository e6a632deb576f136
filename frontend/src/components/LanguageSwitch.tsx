import { useTranslation } from 'react-i18next';
import { currentLanguage, LANGUAGES, setLanguage, type Language } from '../i18n';
import { useSession } from './Auth';

// Each language names itself, so a user who cannot read the current one finds theirs.
const NAMES: Record<Language, string> = { en: 'English', 'zh-CN': '中文' };

/** The header's language switch; the choice is remembered for the signed-in user. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const { session } = useSession();
  const user = session.status === 'signed-in' ? session.user.email : undefined;
  return (
    <label className="lang-switch">
      <span className="sr-only">{t('layout.language')}</span>
      <select
        value={currentLanguage()}
        onChange={(e) => void setLanguage(e.target.value as Language, user)}
        data-testid="lang-switch"
        aria-label={t('layout.language')}
      >
        {LANGUAGES.map((l) => <option key={l} value={l} lang={l}>{NAMES[l]}</option>)}
      </select>
    </label>
  );
}
