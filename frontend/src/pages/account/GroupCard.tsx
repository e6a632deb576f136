// The group view: the group and each subsidiary side by side (health, the
// three layers, key contacts and how many of them hang on one person of
// ours, executive pairings), the group as a whole, and the gaps only the
// group view shows. Shown on the account page of an account with
// subsidiaries.
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox';
import { Skeleton } from '../../components/Skeleton';
import { CsvDataButton } from '../../lib/exportButtons';
import { label } from '../../lib/labels';
import { engineText } from '../../i18n/engineText';
import { AccountGroupQuery } from './groupQueries';

const pct = (v: number) => `${Math.round(v * 100)}%`;

export function GroupCard({ accountId, name }: { accountId: string; name: string }) {
  const { t } = useTranslation();
  const [res] = useQuery({ query: AccountGroupQuery, variables: { id: accountId } });
  const g = res.data?.node?.__typename === 'Account' ? res.data.node.group : null;
  return (
    <section className="card group-card" aria-labelledby="group-h" data-testid="group-view">
      <div className="card-head">
        <h2 id="group-h">{t('group.title')}</h2>
        {g && <span className="muted small">{t('group.members', { count: g.members.length })}</span>}
        {g && (
          <CsvDataButton
            testId="export-group-csv"
            title={`${name}-${t('group.title')}`}
            header={[t('group.col.account'), t('group.col.health'), t('group.col.key'), t('group.col.broad'), t('group.col.org'), t('group.col.keyContacts'), t('group.col.singleThreaded'), t('group.col.pairings'), t('group.col.gaps')]}
            rows={() => g.members.map((m) => [m.account.name, m.account.health.score, pct(m.layers.key.value), pct(m.layers.broad.value), pct(m.layers.organizational.value), `${m.keyCovered}/${m.keyContacts}`, m.singleThreaded, m.pairings, m.account.gapSummary.count])}
          />
        )}
      </div>
      {res.error && <ErrorBox error={res.error} />}
      {!res.data && !res.error && <Skeleton rows={4} height={24} label={t('group.loading')} />}
      {g && (
        <>
          <div className="table-scroll">
            <table className="table" data-testid="group-table">
              <thead>
                <tr>
                  <th scope="col">{t('group.col.account')}</th>
                  <th scope="col" className="num">{t('group.col.health')}</th>
                  <th scope="col" className="num">{t('group.col.key')}</th>
                  <th scope="col" className="num">{t('group.col.broad')}</th>
                  <th scope="col" className="num">{t('group.col.org')}</th>
                  <th scope="col" className="num">{t('group.col.keyContacts')}</th>
                  <th scope="col" className="num">{t('group.col.singleThreaded')}</th>
                  <th scope="col" className="num">{t('group.col.pairings')}</th>
                  <th scope="col" className="num">{t('group.col.gaps')}</th>
                </tr>
              </thead>
              <tbody>
                <tr className="group-total" data-testid="group-total">
                  <th scope="row">{t('group.whole')}</th>
                  <td className="num"><strong>{g.health}</strong></td>
                  <td className="num">{pct(g.layers.key.value)}</td>
                  <td className="num">{pct(g.layers.broad.value)}</td>
                  <td className="num">{pct(g.layers.organizational.value)}</td>
                  <td className="num">{g.members.reduce((s, m) => s + m.keyCovered, 0)}/{g.members.reduce((s, m) => s + m.keyContacts, 0)}</td>
                  <td className="num">{g.members.reduce((s, m) => s + m.singleThreaded, 0)}</td>
                  <td className="num">{g.members.reduce((s, m) => s + m.pairings, 0)}</td>
                  <td className="num">{g.members.reduce((s, m) => s + m.account.gapSummary.count, 0)}</td>
                </tr>
                {g.members.map((m) => (
                  <tr key={m.account.id} data-testid="group-member" data-depth={m.depth}>
                    <th scope="row" style={{ paddingLeft: `${10 + m.depth * 14}px` }}>
                      {m.account.id === accountId ? m.account.name : <Link to={`/accounts/${encodeURIComponent(m.account.id)}`}>{m.account.name}</Link>}
                    </th>
                    <td className="num">{m.account.health.score}</td>
                    <td className="num">{pct(m.layers.key.value)}</td>
                    <td className="num">{pct(m.layers.broad.value)}</td>
                    <td className="num">{pct(m.layers.organizational.value)}</td>
                    <td className="num">{m.keyCovered}/{m.keyContacts}</td>
                    <td className="num">{m.singleThreaded}</td>
                    <td className="num">{m.pairings}</td>
                    <td className="num">{m.account.gapSummary.count}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">{t('group.healthNote')}</p>
          <h3>{t('group.gaps')}</h3>
          {g.gaps.length === 0 ? <p className="muted">{t('group.noGaps')}</p> : (
            <ul className="gaps" data-testid="group-gaps">
              {g.gaps.map((x) => (
                <li key={`${x.kind}:${x.account.id}`} className="gap" data-testid="group-gap" data-kind={x.kind}>
                  <span className="gap-kind">{label(x.kind)}</span>{' '}
                  <Link to={`/accounts/${encodeURIComponent(x.account.id)}`}>{x.account.name}</Link>
                  <div className="small">{engineText(x.explanation)}</div>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
