import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { TierBadge } from '../../components/Badge';
import { ErrorBox } from '../../components/ErrorBox';
import { Skeleton } from '../../components/Skeleton';
import { GraphView } from '../../components/graph';
import { applyFilters, buildGraphFromEngine, formatKinds, parseKinds, pathFromEngine } from '../../components/graph/build';
import { IntroductionPathsQuery, StakeholderGraphQuery } from '../../components/graph/fragments';
import { GraphControls, GraphLegend } from '../../components/graph/GraphControls';
import { GraphTable } from '../../components/graph/GraphTable';
import { highlightAmong } from '../../components/graph/paths';
import { overdueDays, withOverdue } from '../../components/graph/cadence';
import { EDGE_KINDS, type LayoutName, type PathHighlight } from '../../components/graph/types';
import { nodesOf } from '../../lib/connection';
import { fmtMoney, label } from '../../lib/labels';
import { TierBadge as Tier } from '../../components/Badge';
import { ContactForm } from './ContactForm';
import { DecisionChain } from './DecisionChain';
import { CsvDataButton, GraphExportButtons, SvgExportButtons } from '../../lib/exportButtons';
import { Exposure, HealthCard } from './Exposure';
import { InteractionForm } from './InteractionForm';
import { NodePanel } from './NodePanel';
import { PathFinder } from './PathFinder';
import { useGraphChanged } from '../../lib/live';
import { AccountCadenceQuery, AccountGraphQuery, CoverageGapsQuery, GRAPH_CONTEXT, GraphDiffQuery, PeopleSearchQuery, PowerMapQuery, TeamMembersQuery } from './queries';
import { keepPeople } from './peopleFilter';
import { GroupCard } from './GroupCard';
import { PowerMap } from './PowerMap';
import { OrgLayer, ValueCard } from './OrgLayer';
import { Suggestions } from './Suggestions';
import { WhatChanged } from './WhatChanged';
import { diffWindow, WINDOWS } from './whatChanged';
import { RelationForm } from './RelationForm';
import { engineText } from '../../i18n/engineText';

type FormState =
  | { kind: 'contact' }
  | { kind: 'relation'; fromId?: string; toId?: string }
  | { kind: 'interaction'; contactId?: string }
  | null;


export default function AccountPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const set = useCallback(
    (changes: Record<string, string | null>) => {
      setParams((prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v == null || v === '') next.delete(k);
          else next.set(k, v);
        }
        return next;
      }, { replace: true });
    },
    [setParams],
  );

  const subs = params.get('subs') === '1';
  const suggest = params.get('suggest') === '1';
  const view = params.get('view') === 'table' ? 'table' : 'graph';
  const layout: LayoutName = params.get('layout') === 'force' ? 'force' : 'hierarchy';
  const selectedId = params.get('node');
  const kindsParam = params.get('kinds');
  const kinds = useMemo(() => parseKinds(kindsParam, EDGE_KINDS), [kindsParam]);
  const minStrength = Number(params.get('min') ?? '0') || 0;
  const asOf = params.get('asOf');
  const targetId = params.get('target');
  const maxHops = Number(params.get('hops') ?? '4') || 4;
  const pathIdx = params.get('path') != null ? Number(params.get('path')) : null;
  // Stale follows each person's tier-policy cadence unless the user picks a fixed number of days.
  const staleDays = Number(params.get('stale')) > 0 ? Number(params.get('stale')) : null;
  const changedParam = Number(params.get('changed'));
  const changedDays = (WINDOWS as readonly number[]).includes(changedParam) ? changedParam : 90;
  const [form, setForm] = useState<FormState>(null);
  const [chainHighlight, setChainHighlight] = useState<string[] | null>(null);

  const [res, reexecute] = useQuery({
    query: AccountGraphQuery,
    variables: { id },
    context: GRAPH_CONTEXT,
  });
  const [teamRes] = useQuery({ query: TeamMembersQuery });

  const account = res.data?.node?.__typename === 'Account' ? res.data.node : null;
  // The account and its subsidiaries (the first 50, as the page lists them).
  const cadenceAccounts = useMemo(
    () => (account ? [account.id, ...nodesOf(account.subsidiaries).map((s) => s.id)] : []),
    [account],
  );
  const [cadenceRes, refetchCadence] = useQuery({
    query: AccountCadenceQuery,
    variables: { accounts: cadenceAccounts },
    pause: !account,
    context: GRAPH_CONTEXT,
  });
  const depth = Math.min(3, Math.max(0, Number(params.get('depth') ?? '0') || 0));
  const [graphRes, refetchGraph] = useQuery({
    query: StakeholderGraphQuery,
    variables: { accountId: id, depth, subs, suggest, asOf: asOf ? new Date(`${asOf}T23:59:59Z`).toISOString() : null },
    pause: !account,
    context: GRAPH_CONTEXT,
  });
  const gd = graphRes.data;

  // The graph model is built once per result, then filtered.
  // Cadence marks: each overdue contact's days past due.
  const overdue = useMemo(() => overdueDays(cadenceRes.data?.contacts), [cadenceRes.data]);
  const model = useMemo(() => (gd ? withOverdue(buildGraphFromEngine(gd.stakeholderGraph), overdue) : null), [gd, overdue]);
  // As-of is applied by the engine; kinds and strength in the browser, so toggling them is instant.
  const visible = useMemo(() => (model ? applyFilters(model, { kinds, minStrength, asOf: null }) : null), [model, kinds, minStrength]);

  // Find people by name or pinyin: the server searches, the page keeps the matches.
  const who = (params.get('who') ?? '').trim();
  const [whoDraft, setWhoDraft] = useState(who);
  useEffect(() => {
    const timer = setTimeout(() => { if (whoDraft.trim() !== who) set({ who: whoDraft.trim() || null }); }, 250);
    return () => clearTimeout(timer);
  }, [whoDraft, who, set]);
  const [peopleRes] = useQuery({ query: PeopleSearchQuery, variables: { accountId: id, q: who }, pause: !account || who === '', context: GRAPH_CONTEXT });
  const found = useMemo(() => (who && peopleRes.data ? new Set(nodesOf(peopleRes.data.contacts).map((c) => c.id)) : null), [who, peopleRes.data]);
  const shown = useMemo(() => (visible && found ? keepPeople(visible, found) : visible), [visible, found]);

  const [gapsRes] = useQuery({ query: CoverageGapsQuery, variables: { accountId: id, staleDays }, pause: !account, context: GRAPH_CONTEXT });
  const [pathsRes] = useQuery({ query: IntroductionPathsQuery, variables: { to: targetId ?? '', maxHops }, pause: !targetId, context: GRAPH_CONTEXT });
  const [powerRes, refetchPower] = useQuery({ query: PowerMapQuery, variables: { accountId: id }, pause: !account, context: GRAPH_CONTEXT });
  // The window ends at the next midnight, so its variables hold all day.
  const changedWindow = useMemo(() => diffWindow(changedDays), [changedDays]);
  const [diffRes, refetchDiff] = useQuery({ query: GraphDiffQuery, variables: { accountId: id, ...changedWindow }, pause: !account, context: GRAPH_CONTEXT });
  const paths = targetId ? pathsRes.data?.introductionPaths ?? null : null;

  const opportunities = useMemo(() => nodesOf(account?.opportunities), [account]);
  const oppId = params.get('opp') ?? opportunities[0]?.id ?? null;
  const opp = opportunities.find((o) => o.id === oppId) ?? null;
  const highlight: PathHighlight | null = useMemo(() => {
    if (pathIdx != null && paths?.[pathIdx]) return pathFromEngine(paths[pathIdx]);
    if (chainHighlight && visible) return highlightAmong(visible, chainHighlight);
    return null;
  }, [pathIdx, paths, chainHighlight, visible]);

  const contacts = useMemo(
    () => (visible ? visible.nodes.filter((n) => n.type === 'CONTACT').map((n) => ({ id: n.id, name: n.label })).sort((a, b) => a.name.localeCompare(b.name)) : []),
    [visible],
  );
  const team = useMemo(() => nodesOf(teamRes.data?.teamMembers).map((t) => ({ id: t.id, name: t.name })), [teamRes.data]);

  // A colleague's change (or an integration's) refreshes the page.
  useGraphChanged(id, () => {
    reexecute({ requestPolicy: 'network-only' });
    refetchGraph({ requestPolicy: 'network-only' });
    refetchCadence({ requestPolicy: 'network-only' });
    refetchPower({ requestPolicy: 'network-only' });
    refetchDiff({ requestPolicy: 'network-only' });
  });

  const select = useCallback((nid: string | null) => set({ node: nid }), [set]);
  const closeForm = () => setForm(null);
  const afterSave = () => {
    setForm(null);
    reexecute({ requestPolicy: 'network-only' });
    refetchGraph({ requestPolicy: 'network-only' });
    refetchCadence({ requestPolicy: 'network-only' });
    refetchPower({ requestPolicy: 'network-only' });
    refetchDiff({ requestPolicy: 'network-only' });
  };

  const error = res.error ?? graphRes.error;
  if (error && !(res.data && gd)) {
    return <div className="page"><ErrorBox error={error} retry={() => { reexecute({ requestPolicy: 'network-only' }); refetchGraph({ requestPolicy: 'network-only' }); }} /></div>;
  }
  if (!res.data || (account && !gd)) {
    return (
      <div className="page">
        <Skeleton height={40} label={t('account.loading')} />
        <div className="account-grid">
          <Skeleton height={520} label={t('account.loadingGraph')} />
          <Skeleton rows={8} height={24} label={t('account.loadingPanel')} />
        </div>
      </div>
    );
  }
  if (!account || !model || !visible) {
    return (
      <div className="page">
        <ErrorBox error={t('account.notFound')} />
        <Link to="/accounts">{t('account.back')}</Link>
      </div>
    );
  }

  const canEdit = account.viewerCanUpdate;
  const side = form && canEdit ? (
    <aside className="panel" aria-label={t('account.form')}>
      {form.kind === 'contact' && (
        <ContactForm accountId={account.id} people={contacts} onDone={(nid) => { afterSave(); select(nid); }} onCancel={closeForm} />
      )}
      {form.kind === 'relation' && (
        <RelationForm people={contacts} fromId={form.fromId} toId={form.toId} onDone={afterSave} onCancel={closeForm} />
      )}
      {form.kind === 'interaction' && (
        <InteractionForm
          accountId={account.id}
          contacts={contacts}
          team={team}
          initialContacts={form.contactId ? [form.contactId] : []}
          onDone={afterSave}
          onCancel={closeForm}
        />
      )}
    </aside>
  ) : selectedId ? (
    <NodePanel
      key={selectedId}
      id={selectedId}
      accountId={account.id}
      people={contacts}
      onSelect={select}
      onClose={() => select(null)}
      onAddRelation={(fromId) => setForm({ kind: 'relation', fromId })}
      onLogInteraction={(contactId) => setForm({ kind: 'interaction', contactId })}
    />
  ) : (
    <div className="side-stack">
      <HealthCard health={account.health} complaints={res.data?.complaintTrend} accountId={account.id} />
      <Exposure gaps={gapsRes.data?.coverageGaps ?? null} error={gapsRes.error} fetching={gapsRes.fetching} staleDays={staleDays} onStaleDays={(n) => set({ stale: n == null ? null : String(n) })} onSelect={select} />
    </div>
  );

  return (
    <div className="page">
      <nav className="crumbs" aria-label={t('account.breadcrumb')}>
        <Link to="/accounts">{t('layout.accounts')}</Link>
        {account.parent && <> / <Link to={`/accounts/${encodeURIComponent(account.parent.id)}`}>{account.parent.name}</Link></>}
      </nav>
      <div className="page-head account-head">
        <h1>{account.name}</h1>
        <TierBadge tier={account.tier} />
        {account.recommendedTier !== account.tier && <span className="muted small" title={t('account.suggestedTitle')}>{t('account.suggested')} <Tier tier={account.recommendedTier} /></span>}
        <span className="badge" title={t('account.abcTitle')}>ABC {account.abcClass}</span>
        <span className="badge" title={t('account.clvTitle')}>{label(account.clvQuadrant)}</span>
        <Link to={`/accounts/${encodeURIComponent(id)}/plan`} className="tab-link" data-testid="plan-link">{t('plan.link')}</Link>
        <div className="spacer" />
        {/* Only what the API would accept: the account says whether the viewer may change it. */}
        {canEdit && (
          <div className="head-actions" role="group" aria-label={t('account.actions')}>
            <button type="button" className="primary" onClick={() => setForm({ kind: 'contact' })} data-testid="add-contact">{t('account.addContact')}</button>
            <button type="button" onClick={() => setForm({ kind: 'relation', fromId: selectedId ?? undefined })} data-testid="add-relation">{t('account.addRelation')}</button>
            <button type="button" onClick={() => setForm({ kind: 'interaction', contactId: selectedId ?? undefined })} data-testid="add-interaction">{t('account.addInteraction')}</button>
          </div>
        )}
        {!canEdit && <span className="badge" data-testid="read-only" title={t('account.readOnlyTitle')}>{t('account.readOnly')}</span>}
        <span className="muted account-meta">
          {label(account.segment)} · {account.region ?? '—'} · <span data-testid="account-revenue">{t('account.revenue', { amount: fmtMoney(account.annualRevenue) })}</span> · {t('account.potential', { amount: fmtMoney(account.potentialValue) })} · {label(account.lifecycleStage)}
          {account.subsidiaries.totalCount > 0 && <> · {t('account.subsidiaries')} {nodesOf(account.subsidiaries).map((sub, i) => (
            <span key={sub.id}>{i > 0 && ', '}<Link to={`/accounts/${encodeURIComponent(sub.id)}`}>{sub.name}</Link></span>
          ))}</>}
        </span>
      </div>
      {error && <ErrorBox error={error} retry={() => { reexecute({ requestPolicy: 'network-only' }); refetchGraph({ requestPolicy: 'network-only' }); }} />}
      {model.truncated && <div className="error-box" role="status">{t('account.truncated', { max: 2000 })}</div>}
      <GraphControls
        view={view}
        onView={(v) => set({ view: v === 'graph' ? null : v })}
        layout={layout}
        onLayout={(l) => set({ layout: l === 'hierarchy' ? null : l })}
        depth={depth}
        onDepth={(n) => set({ depth: n === 0 ? null : String(n) })}
        kinds={kinds}
        onKinds={(k) => set({ kinds: formatKinds(k, EDGE_KINDS) ?? null })}
        minStrength={minStrength}
        onMinStrength={(n) => set({ min: n ? String(n) : null })}
        subs={subs}
        onSubs={(b) => set({ subs: b ? '1' : null })}
        suggest={suggest}
        onSuggest={(b) => set({ suggest: b ? '1' : null })}
        asOf={asOf}
        onAsOf={(d) => set({ asOf: d })}
      />
      <form className="toolbar people-search" role="search" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="people-q">{t('account.peopleSearchLabel')}</label>
        <input
          id="people-q"
          type="search"
          value={whoDraft}
          placeholder={t('account.peopleSearchPlaceholder')}
          onChange={(e) => setWhoDraft(e.target.value)}
          data-testid="people-search"
        />
        {found && shown && (
          <span className="muted small" role="status" data-testid="people-search-count">
            {t('account.peopleSearchCount', { count: shown.nodes.filter((n) => n.type === 'CONTACT').length })}
          </span>
        )}
      </form>
      <div className="account-grid">
        <div className="graph-col">
          {view === 'graph' ? (
            <>
              <GraphView
                model={shown ?? visible}
                layout={layout}
                selectedId={selectedId}
                highlight={highlight}
                onSelect={select}
                onConnect={canEdit ? (fromId, toId) => setForm({ kind: 'relation', fromId, toId }) : undefined}
              />
              <GraphLegend />
              <GraphExportButtons title={`${account.name}-${t('export.graphFile')}`} />
              <p className="muted small">
                {t(canEdit ? 'account.graphSummary' : 'account.graphSummaryReadOnly', { contacts: visible.nodes.filter((n) => n.type === 'CONTACT').length, team: visible.nodes.filter((n) => n.type === 'TEAM_MEMBER').length })}
                {highlight && <> <button type="button" className="link" onClick={() => { setChainHighlight(null); set({ path: null }); }}>{t('account.clearHighlight')}</button></>}
              </p>
            </>
          ) : (
            <GraphTable model={shown ?? visible} selectedId={selectedId} onSelect={select} />
          )}
        </div>
        <div className="side-col">{side}</div>
      </div>
      <div className="export-bar" role="group" aria-label={t('export.tables')}>
        <span className="muted small">{t('export.tables')}:</span>{' '}
        <CsvDataButton
          testId="export-stakeholders-csv"
          title={`${account.name}-${t('export.stakeholdersFile')}`}
          header={[t('field.name'), t('field.title'), t('field.decisionRole'), t('field.attitude'), t('field.influence'), t('field.seniority'), t('field.status')]}
          rows={() => (shown ?? visible).nodes.filter((n) => n.type === 'CONTACT').map((n) => [n.label, n.subtitle, label(n.decisionRole), label(n.attitude), n.influence, label(n.seniority), label(n.status)])}
        />{' '}
        <CsvDataButton
          testId="export-gaps-csv"
          title={`${account.name}-${t('export.gapsFile')}`}
          header={[t('export.col.kind'), t('export.col.severity'), t('export.col.person'), t('chain.opportunity'), t('export.col.reason'), t('export.col.suggestion')]}
          rows={() => (gapsRes.data?.coverageGaps ?? []).map((g) => [label(g.kind), label(g.severity), g.contact?.name, g.opportunity?.name, engineText(g.reason), engineText(g.suggestion)])}
        />{' '}
        <CsvDataButton
          testId="export-chain-csv"
          title={`${account.name}-${opp?.name ?? ''}-${t('export.chainFile')}`}
          header={[t('export.col.position'), t('export.col.role'), t('field.name'), t('field.title'), t('field.attitude'), t('export.col.coveredBy'), t('export.col.strength'), t('chain.uncovered')]}
          rows={() => [...(opp?.decisionChain?.links ?? [])].sort((a, b) => a.position - b.position).map((l) => [l.position, label(l.role), l.contact.name, l.contact.title, label(l.stance), l.strongestCoverage?.teamMember.name, l.strongestCoverage?.strength, l.covered ? '' : t('chain.uncovered')])}
        />{' '}
        <span className="muted small">{t('export.powerMap')}:</span>{' '}
        <SvgExportButtons selector='[data-testid="power-map"] svg' title={`${account.name}-${t('export.powerMapFile')}`} testIdPrefix="export-power" />{' '}
        <Link to={`/accounts/${encodeURIComponent(id)}/brief`} className="small" data-testid="brief-link">{t('export.brief')}</Link>
      </div>
      <div className="below-grid">
        <DecisionChain
          opportunities={opportunities}
          selectedId={oppId}
          onSelectOpportunity={(o) => set({ opp: o })}
          chain={opp?.decisionChain ?? null}
          contacts={contacts}
          onSelectNode={select}
          onHighlight={(ids) => { set({ path: null }); setChainHighlight(ids); }}
          canEdit={canEdit}
        />
        <PowerMap map={powerRes.data?.powerMap ?? null} error={powerRes.error} fetching={powerRes.fetching} selectedId={selectedId} onSelect={select} />
        <WhatChanged
          diff={diffRes.data?.graphDiff ?? null}
          error={diffRes.error}
          fetching={diffRes.fetching}
          days={changedDays}
          onDays={(n) => set({ changed: n === 90 ? null : String(n) })}
          onSelect={select}
        />
        {account.subsidiaries.totalCount > 0 && <GroupCard accountId={id} name={account.name} />}
        <OrgLayer accountId={id} onSelect={select} canEdit={canEdit} team={team} people={contacts} />
        <ValueCard accountId={id} canEdit={canEdit} />
        <Suggestions accountId={id} canEdit={canEdit} />
        <PathFinder
          model={visible}
          targetId={targetId}
          onTarget={(t) => set({ target: t, path: null })}
          maxHops={maxHops}
          onMaxHops={(n) => set({ hops: String(n), path: null })}
          paths={paths}
          fetching={pathsRes.fetching}
          error={pathsRes.error}
          selected={pathIdx}
          onPick={(i) => { setChainHighlight(null); set({ path: i == null ? null : String(i) }); }}
        />
        {(selectedId || form) && (
          <>
            <HealthCard health={account.health} complaints={res.data?.complaintTrend} accountId={account.id} />
            <Exposure gaps={gapsRes.data?.coverageGaps ?? null} error={gapsRes.error} fetching={gapsRes.fetching} staleDays={staleDays} onStaleDays={(n) => set({ stale: n == null ? null : String(n) })} onSelect={select} />
          </>
        )}
      </div>
    </div>
  );
}
