// The import page: a contact export from another tool (Salesforce, HubSpot,
// a spreadsheet in Chinese or English; UTF-8 or GB18030) as it is. The
// server guesses the column mapping from the header (the command line's
// guesser) and maps the cells; the page lets the user correct the mapping,
// previews the first rows with a dry run, then sends the file in batches
// with a progress bar and shows the per-row report.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox';
import { CsvButton } from '../../lib/exportButtons';
import { localiseError } from '../../lib/errors';
import { useCapabilities } from '../../lib/viewer';
import type { ImportAtomicity, ImportContactTableMutation } from '../../gql/graphql';
import { ImportContactTable, ImportMappingGuessQuery } from './queries';
import { batches, decode, parseTable, type Encoding } from './importFile';

const PREVIEW_ROWS = 20;
const ENCODINGS: Encoding[] = ['auto', 'utf-8', 'gb18030'];
const CONTEXT = { additionalTypenames: ['Contact'] };

type Payload = ImportContactTableMutation['importContactTable'];
type RowResult = Payload['rows'][number];
interface Column { source: string; field: string | null }
interface Table { name: string; header: string[]; rows: string[][]; used: 'utf-8' | 'gb18030' }
interface Report { totals: Payload['totals']; errors: RowResult[] }

const emptyTotals = (): Payload['totals'] => ({ rows: 0, created: 0, updated: 0, unchanged: 0, errors: 0, relationsCreated: 0, relationsUpdated: 0 });

export default function ImportPage() {
  const { t } = useTranslation();
  const can = useCapabilities();
  const client = useClient();
  const id = useId();
  const [bytes, setBytes] = useState<{ name: string; data: ArrayBuffer } | null>(null);
  const [encoding, setEncoding] = useState<Encoding>('auto');
  const [table, setTable] = useState<Table | null>(null);
  const [readError, setReadError] = useState<string | null>(null);
  const [columns, setColumns] = useState<Column[]>([]);
  const [preview, setPreview] = useState<{ rows: RowResult[]; error: string | null } | null>(null);
  const [batchSize, setBatchSize] = useState(500);
  const [atomicity, setAtomicity] = useState<ImportAtomicity>('PER_ROW');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<Report | null>(null);
  const [runError, setRunError] = useState<string | null>(null);
  const errorsRef = useRef<HTMLTableElement>(null);

  // Decode and parse whenever the file or the chosen encoding changes.
  useEffect(() => {
    if (!bytes) return;
    let live = true;
    setReadError(null);
    setReport(null);
    setProgress(null);
    (async () => {
      try {
        const { text, used } = decode(bytes.data, encoding);
        const { header, rows } = await parseTable(text);
        if (live) setTable({ name: bytes.name, header, rows, used });
      } catch {
        if (live) {
          setTable(null);
          setReadError(t('import.unreadable', { encoding: t(`import.encoding.${encoding}`) }));
        }
      }
    })();
    return () => { live = false; };
  }, [bytes, encoding, t]);

  const header = table?.header ?? [];
  const [guess] = useQuery({ query: ImportMappingGuessQuery, variables: { header }, pause: header.length === 0 });
  const fields = guess.data?.importMappingGuess.fields ?? [];
  useEffect(() => {
    const g = guess.data?.importMappingGuess;
    if (g) setColumns(g.columns.map((c) => ({ source: c.source, field: c.field ?? null })));
  }, [guess.data]);

  const mapping = useMemo(() => ({ columns: columns.map((c) => ({ source: c.source, field: c.field })) }), [columns]);
  const mapped = columns.filter((c) => c.field);
  const missing = fields.filter((f) => f.required && !columns.some((c) => c.field === f.name)).map((f) => f.name);

  // The preview: the first rows through a dry run, again after each change of the mapping.
  useEffect(() => {
    if (!table || columns.length === 0 || columns.length !== table.header.length || missing.length > 0) {
      setPreview(null);
      return;
    }
    let live = true;
    client.mutation(ImportContactTable, {
      input: { header: table.header, rows: table.rows.slice(0, PREVIEW_ROWS), mapping, dryRun: true, atomicity: 'PER_ROW' },
    }).toPromise().then((r) => {
      if (!live) return;
      setPreview({ rows: r.data?.importContactTable.rows ?? [], error: r.error ? r.error.graphQLErrors.map(localiseError).join(' ') || r.error.message : null });
    });
    return () => { live = false; };
    // missing is derived from columns and fields.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [table, mapping, client, missing.join()]);

  const run = async () => {
    if (!table) return;
    setRunning(true);
    setRunError(null);
    const parts = batches(table.rows, batchSize);
    const total = table.rows.length;
    const acc: Report = { totals: emptyTotals(), errors: [] };
    setProgress({ done: 0, total });
    setReport(null);
    for (const b of parts) {
      const r = await client.mutation(ImportContactTable, {
        input: { header: table.header, rows: b.rows, mapping, firstRow: b.first, mode: 'UPSERT', atomicity, dryRun: false },
      }, CONTEXT).toPromise();
      if (r.error || !r.data) {
        setRunError(r.error ? r.error.graphQLErrors.map(localiseError).join(' ') || r.error.message : t('common.wentWrong'));
        break;
      }
      const p = r.data.importContactTable;
      for (const k of Object.keys(acc.totals) as (keyof Payload['totals'])[]) {
        if (typeof acc.totals[k] === 'number') (acc.totals[k] as number) += p.totals[k] as number;
      }
      acc.errors.push(...p.rows.filter((x) => x.status === 'ERROR'));
      setProgress({ done: b.first + b.rows.length, total });
      setReport({ totals: { ...acc.totals }, errors: [...acc.errors] });
    }
    setRunning(false);
  };

  if (!can.canWrite) {
    return <div className="page" data-testid="import-page"><h1>{t('import.title')}</h1><p className="muted">{t('import.notAllowed')}</p></div>;
  }

  const fieldLabel = (f: string) => t(`import.field.${f}`, { defaultValue: f });
  const reason = (r: RowResult) => localiseError({ message: r.reason ?? '', extensions: { code: r.code, field: r.field } });
  const pct = progress && progress.total > 0 ? Math.round((100 * progress.done) / progress.total) : 0;
  const previewByRow = new Map(preview?.rows.map((r) => [r.row, r]) ?? []);

  return (
    <div className="page import-page" data-testid="import-page">
      <h1>{t('import.title')}</h1>
      <p className="muted">{t('import.intro')}</p>

      <section aria-labelledby={`${id}-file`}>
        <h2 id={`${id}-file`}>{t('import.step.file')}</h2>
        <div className="form-row">
          <label htmlFor={`${id}-input`}>{t('import.file')}</label>{' '}
          <input id={`${id}-input`} type="file" accept=".csv,text/csv" data-testid="import-file"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (f) setBytes({ name: f.name, data: await f.arrayBuffer() });
            }} />
        </div>
        <div className="form-row">
          <label htmlFor={`${id}-enc`}>{t('import.encodingLabel')}</label>{' '}
          <select id={`${id}-enc`} value={encoding} data-testid="import-encoding" onChange={(e) => setEncoding(e.target.value as Encoding)}>
            {ENCODINGS.map((e) => <option key={e} value={e}>{t(`import.encoding.${e}`)}</option>)}
          </select>
        </div>
        {readError && <ErrorBox error={readError} />}
        {table && (
          <p data-testid="import-read">{t('import.read', { count: table.rows.length, name: table.name, encoding: t(`import.encoding.${table.used}`) })}</p>
        )}
      </section>

      {guess.error && <ErrorBox error={guess.error} />}
      {table && columns.length > 0 && (
        <section aria-labelledby={`${id}-map`}>
          <h2 id={`${id}-map`}>{t('import.step.mapping')}</h2>
          <p className="muted">{t('import.mappingHelp')}</p>
          <table className="data import-mapping" data-testid="import-mapping">
            <thead><tr><th scope="col">{t('import.col.source')}</th><th scope="col">{t('import.col.example')}</th><th scope="col">{t('import.col.field')}</th></tr></thead>
            <tbody>
              {columns.map((c, i) => (
                <tr key={`${c.source}-${i}`} data-testid="import-mapping-row" data-source={c.source}>
                  <th scope="row"><label htmlFor={`${id}-col-${i}`}>{c.source}</label></th>
                  <td className="muted">{table.rows[0]?.[i] ?? ''}</td>
                  <td>
                    <select id={`${id}-col-${i}`} value={c.field ?? ''} data-testid="import-mapping-field"
                      onChange={(e) => setColumns(columns.map((x, j) => (j === i ? { ...x, field: e.target.value || null } : x)))}>
                      <option value="">{t('import.ignored')}</option>
                      {fields.map((f) => <option key={f.name} value={f.name}>{f.required ? t('import.requiredField', { field: fieldLabel(f.name) }) : fieldLabel(f.name)}</option>)}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {missing.length > 0 && (
            <p className="error" role="alert" data-testid="import-missing">{t('import.missing', { fields: missing.map(fieldLabel).join(', ') })}</p>
          )}
        </section>
      )}

      {table && preview && (
        <section aria-labelledby={`${id}-preview`}>
          <h2 id={`${id}-preview`}>{t('import.step.preview', { count: Math.min(PREVIEW_ROWS, table.rows.length) })}</h2>
          {preview.error && <ErrorBox error={preview.error} />}
          <div className="table-scroll">
            <table className="data" data-testid="import-preview">
              <thead>
                <tr>
                  <th scope="col">{t('import.col.row')}</th>
                  {mapped.map((c) => <th scope="col" key={c.source}>{fieldLabel(c.field!)}<br /><span className="muted small">{c.source}</span></th>)}
                  <th scope="col">{t('import.col.status')}</th>
                  <th scope="col">{t('import.col.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {table.rows.slice(0, PREVIEW_ROWS).map((cells, i) => {
                  const r = previewByRow.get(i);
                  const bad = r?.status === 'ERROR';
                  return (
                    <tr key={i} data-testid="import-preview-row" data-status={r?.status ?? ''} className={bad ? 'row-error' : undefined}>
                      <td>{i + 1}</td>
                      {mapped.map((c) => <td key={c.source}>{cells[header.indexOf(c.source)] ?? ''}</td>)}
                      <td>{r ? t(`enum.${r.status}`) : '…'}</td>
                      <td>{bad && <span data-testid="import-preview-error">{r.code} · {r.field ? fieldLabel(r.field) : '—'} · {reason(r)}</span>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {table && preview && !preview.error && (
        <section aria-labelledby={`${id}-run`}>
          <h2 id={`${id}-run`}>{t('import.step.run')}</h2>
          <div className="form-row">
            <label htmlFor={`${id}-batch`}>{t('import.batchSize')}</label>{' '}
            <input id={`${id}-batch`} type="number" min={1} max={2000} value={batchSize} data-testid="import-batch"
              onChange={(e) => setBatchSize(Math.min(2000, Math.max(1, Number(e.target.value) || 1)))} />
          </div>
          <div className="form-row">
            <label htmlFor={`${id}-atom`}>{t('import.atomicityLabel')}</label>{' '}
            <select id={`${id}-atom`} value={atomicity} data-testid="import-atomicity" onChange={(e) => setAtomicity(e.target.value as ImportAtomicity)}>
              <option value="PER_ROW">{t('import.atomicity.PER_ROW')}</option>
              <option value="ALL_OR_NOTHING">{t('import.atomicity.ALL_OR_NOTHING')}</option>
            </select>
          </div>
          <button type="button" className="primary" data-testid="import-run" disabled={running} onClick={run}>
            {t('import.run', { count: table.rows.length })}
          </button>
          {progress && (
            <div className="import-progress">
              <progress id={`${id}-progress`} value={progress.done} max={Math.max(1, progress.total)} data-testid="import-progress" />{' '}
              <label htmlFor={`${id}-progress`} data-testid="import-progress-label" aria-live="polite">
                {t('import.progress', { done: progress.done, total: progress.total, pct })}
              </label>
            </div>
          )}
          {runError && <ErrorBox error={runError} />}
        </section>
      )}

      {report && !running && (
        <section aria-labelledby={`${id}-report`} data-testid="import-report">
          <h2 id={`${id}-report`}>{t('import.step.report')}</h2>
          <dl className="import-totals">
            {(['rows', 'created', 'updated', 'unchanged', 'errors'] as const).map((k) => (
              <div key={k}><dt>{t(`import.totals.${k}`)}</dt><dd data-testid={`import-total-${k}`}>{report.totals[k]}</dd></div>
            ))}
          </dl>
          {report.errors.length > 0 && (
            <>
              <div className="export-bar"><CsvButton tableRef={errorsRef} title={t('import.errorsTitle')} testId="import-errors-csv" /></div>
              <table className="data" ref={errorsRef} data-testid="import-errors">
                <caption>{t('import.errorsTitle')}</caption>
                <thead><tr><th scope="col">{t('import.col.row')}</th><th scope="col">{t('import.col.externalID')}</th><th scope="col">{t('import.col.code')}</th><th scope="col">{t('import.col.fieldAtFault')}</th><th scope="col">{t('import.col.reason')}</th></tr></thead>
                <tbody>
                  {report.errors.map((r) => (
                    <tr key={r.row} data-testid="import-error-row">
                      <td>{r.row + 1}</td><td>{r.externalID}</td><td>{r.code}</td><td>{r.field ? fieldLabel(r.field) : ''}</td><td>{reason(r)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      )}
    </div>
  );
}
