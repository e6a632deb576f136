import { Fragment, useMemo, type KeyboardEvent } from 'react';
import type { CombinedError } from 'urql';
import type { PowerMapQuery } from '../../gql/graphql';
import { ErrorBox } from '../../components/ErrorBox';
import { Skeleton } from '../../components/Skeleton';
import { ATTITUDES, ATTITUDE_COLOR, ATTITUDE_MARK, label } from '../../lib/labels';
import { useTranslation } from 'react-i18next';

import { describeSupport, initials, placeOnGrid, QUADRANT_HALF, QUADRANTS } from './powerGrid';

type PowerMapData = PowerMapQuery['powerMap'];

// The drawing's size in SVG units; it scales to the card's width.
const W = 520;
const H = 360;
const PAD = { left: 26, bottom: 22, top: 4, right: 4 };
const R = 10;
/** The share of a quadrant's height its name takes. */
const LABEL_STRIP = 0.14;

/** The classic power/interest grid: every active stakeholder in its quadrant, coloured by attitude. */
export function PowerMap({ map, error, fetching, selectedId, onSelect }: {
  map: PowerMapData | null;
  error?: CombinedError;
  fetching: boolean;
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const { t } = useTranslation();
  const points = useMemo(
    () => (map ? placeOnGrid(map.stakeholders.map((s) => ({ id: s.contact.id, influence: s.influence, interest: s.interest, quadrant: s.quadrant }))) : []),
    [map],
  );
  const counts = useMemo(() => {
    const c: Record<string, number> = {};
    for (const s of map?.stakeholders ?? []) c[s.quadrant] = (c[s.quadrant] ?? 0) + 1;
    return c;
  }, [map]);
  const support = map ? describeSupport(map.support) : null;
  const pw = W - PAD.left - PAD.right;
  const ph = H - PAD.top - PAD.bottom;
  const sx = (x: number) => PAD.left + x * pw;
  const sy = (y: number) => PAD.top + (1 - y) * ph;
  // Dots keep clear of the strip at the top of each quadrant where its name is.
  const dotY = (y: number) => sy(y < 0.5 ? y * (1 - LABEL_STRIP) : 0.5 + (y - 0.5) * (1 - LABEL_STRIP));

  const key = (id: string) => (e: KeyboardEvent) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      onSelect(id);
    }
  };

  return (
    <section className="card" aria-labelledby="power-h" data-testid="power-map">
      <div className="card-head">
        <h2 id="power-h">{t('power.title')}</h2>
        {map && <span className="muted small" data-testid="power-count">{t('power.count', { count: map.stakeholders.length })}</span>}
        {support && (
          <span className="support" title={t('power.supportTitle')}>
            {t('power.support')} <span className={`pill ${support.tone}`} data-testid="power-support">{support.text}</span>
          </span>
        )}
      </div>
      {error && <ErrorBox error={error} />}
      {!map && fetching && <Skeleton height={H / 1.6} label={t('power.loading')} />}
      {map && map.stakeholders.length === 0 && <p className="muted">{t('power.empty')}</p>}
      {map && map.stakeholders.length > 0 && (
        <>
          <svg className="power-grid" viewBox={`0 0 ${W} ${H}`} role="group" aria-label={t('power.gridLabel')}>
            {QUADRANTS.map((q) => {
              const h = QUADRANT_HALF[q];
              const x = sx(h.highInterest ? 0.5 : 0);
              const y = sy(h.highPower ? 1 : 0.5);
              return (
                <g key={q} className={`quadrant q-${q.toLowerCase().replace(/_/g, '-')}`}>
                  <rect x={x} y={y} width={pw / 2} height={ph / 2} />
                  <text x={x + 6} y={y + 14} className="quadrant-name">{label(q)} · {counts[q] ?? 0}</text>
                </g>
              );
            })}
            <text className="axis" x={PAD.left + pw / 2} y={H - 5} textAnchor="middle">{t('power.interestAxis')}</text>
            <text className="axis" x={12} y={PAD.top + ph / 2} textAnchor="middle" transform={`rotate(-90 12 ${PAD.top + ph / 2})`}>{t('power.powerAxis')}</text>
            {map.stakeholders.map((s, i) => {
              const p = points[i];
              const name = t('power.dotLabel', { name: `${s.contact.name}${s.contact.title ? `, ${s.contact.title}` : ''}`, attitude: label(s.attitude), influence: s.influence, interest: s.interest });
              const selected = s.contact.id === selectedId;
              const at = `translate(${sx(p.x).toFixed(1)} ${dotY(p.y).toFixed(1)})`;
              // The initials and the attitude's mark are drawn beside the button, not in it: they
              // are not part of its name (axe: label-content-name-mismatch), which says all of it.
              return (
                <Fragment key={s.contact.id}>
                <g
                  className={`power-dot${selected ? ' selected' : ''}`}
                  transform={at}
                  role="button"
                  tabIndex={0}
                  aria-label={name}
                  aria-pressed={selected}
                  data-testid="power-dot"
                  data-contact-id={s.contact.id}
                  data-attitude={s.attitude}
                  data-quadrant={s.quadrant}
                  onClick={() => onSelect(s.contact.id)}
                  onKeyDown={key(s.contact.id)}
                >
                  <title>{name}</title>
                  <circle r={R} fill={ATTITUDE_COLOR[s.attitude] ?? '#9aa3ad'} />
                </g>
                <g className="power-dot-text" transform={at} aria-hidden="true">
                  <text dy="0.35em" textAnchor="middle">{initials(s.contact.name)}</text>
                  <text className="mark" x={R - 1} y={-R + 2}>{ATTITUDE_MARK[s.attitude] ?? ''}</text>
                </g>
                </Fragment>
              );
            })}
          </svg>
          <div className="chart-legend" aria-label={t('field.attitude')}>
            {ATTITUDES.map((a) => <span key={a}><i style={{ background: ATTITUDE_COLOR[a], borderRadius: '50%' }} aria-hidden="true" />{ATTITUDE_MARK[a]} {label(a)}</span>)}
          </div>
        </>
      )}
    </section>
  );
}
