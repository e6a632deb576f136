import type { CombinedError } from 'urql';
import type { IntroductionPathsQuery } from '../../gql/graphql';
import { ErrorBox } from '../../components/ErrorBox';
import { Skeleton } from '../../components/Skeleton';
import type { GraphModel } from '../../components/graph/types';
import { useTranslation } from 'react-i18next';


type Path = IntroductionPathsQuery['introductionPaths'][number];

/** Pick a target; list our team's introduction paths to them (engine); highlight one on the graph. */
export function PathFinder({
  model, targetId, onTarget, maxHops, onMaxHops, paths, fetching, error, selected, onPick,
}: {
  model: GraphModel;
  targetId: string | null;
  onTarget: (id: string | null) => void;
  maxHops: number;
  onMaxHops: (n: number) => void;
  paths: readonly Path[] | null;
  fetching: boolean;
  error?: CombinedError;
  selected: number | null;
  onPick: (i: number | null) => void;
}) {
  const { t } = useTranslation();
  const contacts = model.nodes.filter((n) => n.type === 'CONTACT').sort((a, b) => a.label.localeCompare(b.label));
  const inGraph = new Set(model.nodes.map((n) => n.id));
  return (
    <section className="card" aria-labelledby="path-h" data-testid="path-finder">
      <div className="card-head">
        <h2 id="path-h">{t('paths.title')}</h2>
        <label htmlFor="path-target">{t('paths.reach')}</label>
        <select id="path-target" value={targetId ?? ''} onChange={(e) => onTarget(e.target.value || null)} data-testid="path-target">
          <option value="">{t('paths.choose')}</option>
          {contacts.map((c) => <option key={c.id} value={c.id}>{c.label}{c.decisionRole === 'DECISION_MAKER' ? ` (${t('paths.decisionMaker')})` : ''}</option>)}
        </select>
        <label htmlFor="path-hops">{t('paths.maxHops')}</label>
        <select id="path-hops" value={maxHops} onChange={(e) => onMaxHops(Number(e.target.value))}>
          {[2, 3, 4, 5, 6].map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
      </div>
      {!targetId && <p className="muted">{t('paths.intro')}</p>}
      {error && <ErrorBox error={error} />}
      {targetId && fetching && !paths && <Skeleton rows={3} height={34} label={t('paths.finding')} />}
      {targetId && paths && paths.length === 0 && <p className="muted" data-testid="no-path">{t('paths.none', { count: maxHops })}</p>}
      <ol className="paths">
        {(paths ?? []).map((p, i) => {
          const outside = p.nodes.filter((n) => !inGraph.has(n.id)).length;
          return (
            <li key={`${i}:${p.description}`}>
              <button
                type="button"
                className={`path ${selected === i ? 'active' : ''}`}
                aria-pressed={selected === i}
                onClick={() => onPick(selected === i ? null : i)}
                data-testid="path-option"
              >
                <span className="path-label">{p.description}</span>
                <span className="muted small nowrap">
                  {Math.round(p.strength * 100)}% · {t('paths.hops', { count: p.hops })}{outside ? ` · ${t('paths.outside', { count: outside })}` : ''}
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
