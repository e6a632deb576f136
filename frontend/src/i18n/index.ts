// The dashboard's languages, through i18next: English is bundled and active
// from the first line (so pure modules and unit tests read English), Chinese
// is a separate chunk loaded when first chosen. The choice is remembered per
// signed-in user in localStorage; before sign-in, the browser's language (or
// the last choice on this browser) decides.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en } },
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
});

const loaders: Record<Exclude<Language, 'en'>, () => Promise<{ default: Record<string, unknown> }>> = {
  'zh-CN': () => import('./zh-CN.json'),
};

const LAST_KEY = 'rapport.lang';
const userKey = (user: string) => `rapport.lang:${user}`;

function stored(key: string): Language | null {
  try {
    const v = globalThis.localStorage?.getItem(key);
    return (LANGUAGES as readonly string[]).includes(v ?? '') ? (v as Language) : null;
  } catch {
    return null;
  }
}

/** The browser's preferred language among ours: any Chinese means zh-CN. */
export function browserLanguage(langs: readonly string[] = globalThis.navigator?.languages ?? []): Language {
  for (const l of langs) {
    if (/^zh\b/i.test(l)) return 'zh-CN';
    if (/^en\b/i.test(l)) return 'en';
  }
  return 'en';
}

/** The language to show: the user's own choice, else this browser's last one, else the browser's. */
export function preferredLanguage(user?: string): Language {
  return (user ? stored(userKey(user)) : null) ?? stored(LAST_KEY) ?? browserLanguage();
}

export function currentLanguage(): Language {
  return (LANGUAGES as readonly string[]).includes(i18n.language) ? (i18n.language as Language) : 'en';
}

/** Loads the catalog if needed and switches; remembers the choice for user when given. */
export async function setLanguage(lng: Language, user?: string): Promise<void> {
  if (lng !== 'en' && !i18n.hasResourceBundle(lng, 'translation')) {
    const mod = await loaders[lng]();
    i18n.addResourceBundle(lng, 'translation', mod.default, true, true);
  }
  await i18n.changeLanguage(lng);
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
  try {
    globalThis.localStorage?.setItem(LAST_KEY, lng);
    if (user) globalThis.localStorage?.setItem(userKey(user), lng);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export default i18n;
