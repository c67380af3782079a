// The dashboard (#/dashboard): interception success rate per carrier, open cases by status, and calls, errors and quota use over time (GET /v1/stats), drawn with uPlot served from the installed package.
import uPlot from '/console/vendor/uPlot.esm.js';
import { api, query } from './api.js';
import { bi, coded, h, table } from './dom.js';
import { DISPLAY_TIME_ZONE, TIME_ZONE_LABEL, shanghaiTime } from './format.js';

/** History windows offered, minutes. */
const WINDOWS = [15, 60, 360, 1440];
/** Series colours, one per carrier in turn. */
const COLORS = ['#0b57d0', '#cf222e', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#0a7ea4', '#57606a'];

const colorOf = (i) => COLORS[i % COLORS.length];

/** A success rate (0..1) as a percentage with one decimal; '—' when there is none. */
export function percent(rate) {
  return typeof rate === 'number' && Number.isFinite(rate) ? `${(rate * 100).toFixed(1)}%` : '—';
}

/** The explicit empty state of a chart. */
function noData(id, zh, en) {
  return h('p', { class: 'muted empty no-data', 'data-chart': id, 'data-empty': 'true' }, `${zh} ${en}`);
}

/** The width charts are drawn at: the main column's, less the card's padding. */
function chartWidth() {
  const main = document.getElementById('main');
  return Math.max(320, Math.min(1400, (main?.clientWidth || 960) - 48));
}

/** A card holding one chart (or its empty state) and what explains it. */
function chartCard(id, zh, en, body, ...extra) {
  return h('section', { class: 'card dash-card', id: `card-${id}` }, h('h2', null, bi(zh, en)), body, ...extra);
}

/** A uPlot chart in a fresh box; `data` in uPlot's column form. */
function plot(id, options, data) {
  const box = h('div', { class: 'chart', 'data-chart': id });
  new uPlot({ width: chartWidth(), height: 240, ...options }, data, box);
  return box;
}

/** Bars over named categories (carriers, statuses): one value series, the category names on the x axis. */
function categoryBars(id, names, label, values, { max, format, color, integer = false }) {
  const xs = names.map((_, i) => i);
  return plot(
    id,
    {
      scales: {
        x: { time: false, range: [-0.5, names.length - 0.5] },
        y: { range: [0, max ?? Math.max(1, ...values) * 1.15] },
      },
      axes: [
        { splits: () => xs, values: (_u, splits) => splits.map((i) => names[i] ?? '') },
        { values: (_u, splits) => splits.map((v) => format(v)), ...(integer ? { incrs: COUNT_INCRS } : {}) },
      ],
      series: [
        { label: '', value: (_u, i) => (i === null ? '—' : (names[Math.round(i)] ?? '')) },
        {
          label,
          stroke: color,
          fill: `${color}99`,
          width: 1,
          paths: uPlot.paths.bars({ size: [0.6, 80] }),
          points: { show: false },
          value: (_u, v) => (v === null || v === undefined ? '—' : format(v)),
        },
      ],
      legend: { live: false },
    },
    [xs, values],
  );
}

/** Tick steps of axes that count things (no fractional ticks). */
const COUNT_INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000];

/**
 * The x range of the time charts, epoch seconds: from the first sample's interval start (or the window's start when
 * that is later) to when the answer was computed, so that a few samples are not stretched over an arbitrary span.
 */
function timeRange(stats) {
  const end = Date.parse(stats.generatedAt) / 1000;
  const windowStart = end - stats.windowMinutes * 60;
  const first = stats.series.times[0] ?? end;
  return [Math.max(windowStart, Math.min(first - stats.series.intervalSeconds, end - 60)), end];
}

/** Time series options: Shanghai wall time on the x axis, the given value series and y scales. */
function timeOptions(stats, series, axes, scales = {}) {
  const range = timeRange(stats);
  return {
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), DISPLAY_TIME_ZONE),
    scales: { x: { time: true, range: () => range }, ...scales },
    series: [
      { label: `时间 Time (${TIME_ZONE_LABEL})`, value: (_u, ts) => (ts === null ? '—' : shanghaiTime(new Date(ts * 1000).toISOString())) },
      ...series,
    ],
    axes,
  };
}

function successCard(stats, context) {
  const carriers = stats.interceptions.carriers;
  const rated = carriers.filter((c) => c.successRate !== null);
  const chart = rated.length
    ? categoryBars(
        'success',
        rated.map((c) => context.carrierName(c.carrier)),
        '拦截成功率 Success rate',
        rated.map((c) => c.successRate * 100),
        { max: 100, format: (v) => `${Number(v).toFixed(0)}%`, color: COLORS[2] },
      )
    : noData('success', '暂无已结束的拦截', 'No data yet: no interception has succeeded or failed');
  const rows = carriers.map((c) => [
    h('span', null, context.carrierName(c.carrier), ' ', h('code', null, c.carrier)),
    h('span', { class: 'num succeeded' }, String(c.succeeded)),
    h('span', { class: 'num failed' }, String(c.failed)),
    h('span', { class: 'num open' }, String(c.open)),
    h('span', { class: 'num success-rate', 'data-carrier': c.carrier, 'data-rate': c.successRate ?? '' }, percent(c.successRate)),
  ]);
  return chartCard(
    'success',
    '各快递公司拦截成功率',
    'Interception success rate per carrier',
    chart,
    table(
      [
        ['快递公司', 'Carrier'],
        ['成功', 'Succeeded'],
        ['失败', 'Failed'],
        ['进行中', 'Open'],
        ['成功率', 'Success rate'],
      ],
      rows,
      '暂无拦截 No interceptions yet',
      'success-rates',
    ),
    h(
      'p',
      { class: 'muted small' },
      `成功率 = 成功 / (成功 + 失败),取最近更新的 ${stats.interceptions.casesRead} 个售后单 · succeeded / (succeeded + failed) over the ${stats.interceptions.casesRead} most recently updated cases`,
    ),
  );
}

/** Why a time chart is empty: no sample yet, or no call in the window. */
function seriesEmpty(stats, id) {
  if (stats.series.times.length === 0)
    return noData(
      id,
      `暂无数据(每 ${stats.series.intervalSeconds} 秒采样一次)`,
      `No data yet: the first sample comes within ${stats.series.intervalSeconds} s`,
    );
  return noData(id, '该时段内没有快递接口调用', 'No data yet: no carrier call in this window');
}

function callsCard(stats, context) {
  const { times, carriers } = stats.series;
  const chart =
    times.length && carriers.length
      ? plot(
          'calls',
          timeOptions(
            stats,
            carriers.flatMap((c, i) => [
              { label: `${context.carrierName(c.carrier)} 调用 calls`, stroke: colorOf(i), width: 2 },
              { label: `${context.carrierName(c.carrier)} 错误 errors`, stroke: colorOf(i), width: 2, dash: [6, 4] },
            ]),
            [{}, { label: `次/${stats.series.intervalSeconds}秒 per ${stats.series.intervalSeconds} s`, incrs: COUNT_INCRS }],
            { y: { range: (_u, _min, max) => [0, Math.max(1, max ?? 0)] } },
          ),
          [times, ...carriers.flatMap((c) => [c.calls, c.errors])],
        )
      : seriesEmpty(stats, 'calls');
  return chartCard('calls', '快递接口调用与错误', 'Carrier calls and errors over time', chart);
}

function quotaCard(stats, context) {
  const { times, carriers } = stats.series;
  const withQuota = carriers.filter((c) => c.quotaUse.some((u) => u !== null));
  let chart;
  if (!times.length || !carriers.length) chart = seriesEmpty(stats, 'quota');
  else if (!withQuota.length) chart = noData('quota', '没有声明配额的快递账号', 'No data yet: no account in view declares a quota');
  else
    chart = plot(
      'quota',
      timeOptions(
        stats,
        [
          ...withQuota.map((c, i) => ({
            label: `${context.carrierName(c.carrier)} 配额使用 quota use`,
            stroke: colorOf(i),
            width: 2,
            scale: '%',
            value: (_u, v) => (v === null || v === undefined ? '—' : `${Number(v).toFixed(1)}%`),
          })),
          ...withQuota.map((c, i) => ({
            label: `${context.carrierName(c.carrier)} 排队 queued`,
            stroke: colorOf(i),
            width: 1,
            dash: [2, 3],
            scale: 'n',
          })),
        ],
        [
          {},
          { scale: '%', label: '配额使用 % quota use', values: (_u, splits) => splits.map((v) => `${v}%`) },
          { scale: 'n', side: 1, label: '排队 queued', grid: { show: false }, incrs: COUNT_INCRS },
        ],
        {
          '%': { range: (_u, _min, max) => [0, Math.max(100, max ?? 0)] },
          n: { range: (_u, _min, max) => [0, Math.max(1, max ?? 0)] },
        },
      ),
      [times, ...withQuota.map((c) => c.quotaUse.map((u) => (u === null ? null : u * 100))), ...withQuota.map((c) => c.queued)],
    );
  return chartCard(
    'quota',
    '配额使用',
    'Quota use over time',
    chart,
    h(
      'p',
      { class: 'muted small' },
      '调用数 / 声明配额允许的调用数(每个采样区间);虚线为限流队列 · calls over what the declared quotas allowed in each interval; dotted: calls waiting in the limiters',
    ),
  );
}

function openCasesCard(stats) {
  const rows = stats.openCases.byStatus;
  const chart = rows.length
    ? categoryBars(
        'cases',
        rows.map((r) => r.status),
        '未结售后单 Open cases',
        rows.map((r) => r.count),
        { format: (v) => String(v), color: COLORS[0], integer: true },
      )
    : noData('cases', '没有未结售后单', 'No data yet: no open case');
  return chartCard(
    'cases',
    '未结售后单(按状态)',
    'Open cases by status',
    chart,
    table(
      [
        ['状态', 'Status'],
        ['数量', 'Count'],
      ],
      rows.map((r) => [coded('status', r.status), h('span', { class: 'num', 'data-status': r.status }, String(r.count))]),
      '没有未结售后单 No open cases',
      'open-cases',
    ),
    h('p', { class: 'muted small', id: 'open-total' }, `合计 ${stats.openCases.total} · total ${stats.openCases.total}`),
  );
}

/** Renders the dashboard; `params.window` (minutes) picks the history window, `params.merchantId` narrows (support keys). */
export async function renderDashboard(main, params, context) {
  const windowMinutes = WINDOWS.includes(Number(params.window)) ? Number(params.window) : 60;
  const stats = await api('GET', `/v1/stats${query({ window: windowMinutes, merchantId: params.merchantId })}`);
  const windowSelect = h(
    'select',
    { name: 'window', id: 'dash-window' },
    WINDOWS.map((m) => h('option', { value: String(m), selected: m === windowMinutes }, m < 60 ? `${m} 分钟 min` : `${m / 60} 小时 h`)),
  );
  const merchant = h('input', { name: 'merchantId', value: params.merchantId ?? '', placeholder: '商家 Merchant id', size: 12 });
  const apply = (event) => {
    event.preventDefault();
    context.navigate(`#/dashboard${query({ window: windowSelect.value, merchantId: merchant.value.trim() })}`);
  };
  main.replaceChildren(
    h(
      'section',
      { class: 'card' },
      h('h2', null, bi('仪表盘', 'Dashboard')),
      h(
        'form',
        { class: 'filters', onsubmit: apply },
        h('label', null, bi('时段', 'Window'), windowSelect),
        h('label', null, bi('商家', 'Merchant'), merchant),
        h('button', { type: 'submit', class: 'primary', id: 'dash-refresh' }, '刷新 Refresh'),
        h(
          'span',
          { class: 'muted small', id: 'dash-scope' },
          stats.merchantId ? `商家 merchant ${stats.merchantId}` : '全部商家 All merchants',
          ` · ${shanghaiTime(stats.generatedAt)} ${TIME_ZONE_LABEL}`,
        ),
      ),
    ),
    h(
      'div',
      { class: 'dash-grid' },
      successCard(stats, context),
      openCasesCard(stats),
      callsCard(stats, context),
      quotaCard(stats, context),
    ),
  );
}
