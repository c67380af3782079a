// The case list: filters (status incl. refund-after-rejection, carrier, waybill, overdue, at-risk, merchant), cursor paging, one row per case with platform/mode, verdict, due date (Asia/Shanghai), badges and interceptions.
import { api, query } from './api.js';
import { badge, bi, coded, deadlineBadge, h, table } from './dom.js';
import { TIME_ZONE_LABEL, shanghaiTime } from './format.js';
import { LABELS, zhOf } from './labels.js';

const FILTERS = ['status', 'carrier', 'waybill', 'overdue', 'atRisk', 'merchantId'];
/** Cursors of the pages before the current one, per filter set (for "previous page"). */
const trail = { key: '', cursors: [] };

function filterKey(params) {
  return JSON.stringify(FILTERS.map((f) => params[f] ?? ''));
}

/** A case's eligibility verdict as a coloured badge. */
export function verdictBadge(verdict) {
  const kind = verdict === 'ELIGIBLE' ? 'ok' : verdict === 'INELIGIBLE' ? 'bad' : 'warn';
  return badge(h('span', null, zhOf('verdict', verdict), ' ', h('code', null, verdict)), kind);
}

function filterForm(params, context) {
  const statusSelect = h(
    'select',
    { name: 'status', id: 'f-status' },
    h('option', { value: '' }, '全部状态 Any status'),
    Object.keys(LABELS.status).map((code) =>
      h('option', { value: code, selected: params.status === code }, `${zhOf('status', code)} ${code}`),
    ),
  );
  const carrierSelect = h(
    'select',
    { name: 'carrier', id: 'f-carrier' },
    h('option', { value: '' }, '全部快递 Any carrier'),
    context.carriers.map((c) => h('option', { value: c.id, selected: params.carrier === c.id }, c.name)),
  );
  const waybill = h('input', { name: 'waybill', id: 'f-waybill', value: params.waybill ?? '', placeholder: '运单号 Waybill', size: 18 });
  const merchant = h('input', {
    name: 'merchantId',
    id: 'f-merchant',
    value: params.merchantId ?? '',
    placeholder: '商家 Merchant id',
    size: 12,
  });
  const overdue = h('input', { type: 'checkbox', name: 'overdue', id: 'f-overdue', checked: params.overdue === 'true' });
  const atRisk = h('input', { type: 'checkbox', name: 'atRisk', id: 'f-atrisk', checked: params.atRisk === 'true' });
  return h(
    'form',
    {
      class: 'filters',
      onsubmit: (event) => {
        event.preventDefault();
        context.navigate(
          `#/cases${query({
            status: statusSelect.value,
            carrier: carrierSelect.value,
            waybill: waybill.value.trim(),
            merchantId: merchant.value.trim(),
            overdue: overdue.checked ? 'true' : '',
            atRisk: atRisk.checked ? 'true' : '',
          })}`,
        );
      },
    },
    h('label', null, bi('状态', 'Status'), statusSelect),
    h('label', null, bi('快递', 'Carrier'), carrierSelect),
    h('label', null, bi('运单号', 'Waybill'), waybill),
    h('label', null, bi('商家', 'Merchant'), merchant),
    h('label', { class: 'check' }, overdue, bi('已超时', 'Overdue')),
    h('label', { class: 'check' }, atRisk, bi('即将超时', 'At risk')),
    h('button', { type: 'submit', class: 'primary', id: 'f-apply' }, '筛选 Filter'),
    h('a', { href: '#/cases', class: 'reset' }, '清除 Clear'),
  );
}

function interceptionCell(c) {
  if (!c.interceptions.length) return h('span', { class: 'muted' }, '未拦截 None');
  return h(
    'div',
    { class: 'stack' },
    c.interceptions.map((i) =>
      h(
        'div',
        { class: 'ix' },
        coded('interceptState', i.state, `state-${i.state}`),
        ' · ',
        coded('channel', i.channel),
        ' ',
        h('span', { class: 'muted small' }, i.waybillNo),
      ),
    ),
  );
}

/** The case's platform and mode: `douyin` (抖店模式, the platform decides) or the merchant's own platform (通用模式 generic). */
function platformCell(c) {
  return h('div', { class: 'stack platform' }, h('span', { class: 'mono' }, c.platform), coded('mode', c.mode, `mode-${c.mode}`));
}

function parcelsCell(c, context) {
  return h(
    'div',
    { class: 'stack' },
    c.shipments.map((s) =>
      h(
        'div',
        null,
        h('span', null, context.carrierName(s.carrierId)),
        ' ',
        h('span', { class: 'mono' }, s.waybills.join(' → ')),
        ' ',
        h('span', { class: 'muted small' }, zhOf('logistics', s.logistics)),
      ),
    ),
  );
}

/** Renders the list for the filters and cursor in `params`. */
export async function renderList(main, params, context) {
  const key = filterKey(params);
  if (trail.key !== key) {
    trail.key = key;
    trail.cursors = [];
  }
  const answer = await api(
    'GET',
    `/v1/cases${query({
      status: params.status,
      carrier: params.carrier,
      waybill: params.waybill,
      overdue: params.overdue,
      atRisk: params.atRisk,
      merchantId: params.merchantId,
      cursor: params.cursor,
      limit: params.limit ?? 25,
    })}`,
  );
  const rows = answer.cases.map((c) => [
    h('a', { href: `#/case/${encodeURIComponent(c.id)}`, class: 'case-link', 'data-case-id': c.id }, c.afterSaleId),
    h('span', { class: 'mono' }, c.merchantId),
    platformCell(c),
    h(
      'div',
      { class: 'stack' },
      coded('status', c.status),
      c.refundAfterRejection ? badge('拒签后退款 Refund after rejection', 'info') : null,
    ),
    verdictBadge(c.eligibility),
    h('span', { class: 'time' }, shanghaiTime(c.due)),
    h('div', { class: 'badges' }, deadlineBadge(c.overdue, c.atRisk)),
    interceptionCell(c),
    parcelsCell(c, context),
  ]);
  const pager = h(
    'div',
    { class: 'pager' },
    h(
      'button',
      {
        type: 'button',
        id: 'page-prev',
        disabled: !params.cursor,
        onclick: () => {
          const previous = trail.cursors.pop();
          const { cursor: _drop, ...rest } = params;
          context.navigate(`#/cases${query({ ...rest, cursor: previous })}`);
        },
      },
      '‹ 上一页 Previous',
    ),
    h('span', { class: 'muted' }, `本页 ${answer.cases.length} 条 · ${answer.cases.length} on this page`),
    h(
      'button',
      {
        type: 'button',
        id: 'page-next',
        disabled: !answer.nextCursor,
        onclick: () => {
          trail.cursors.push(params.cursor);
          context.navigate(`#/cases${query({ ...params, cursor: answer.nextCursor })}`);
        },
      },
      '下一页 Next ›',
    ),
  );
  main.replaceChildren(
    h(
      'section',
      { class: 'card' },
      h('h2', null, bi('售后单', 'Cases')),
      filterForm(params, context),
      table(
        [
          ['售后单号', 'After-sale'],
          ['商家', 'Merchant'],
          ['平台 / 模式', 'Platform / mode'],
          ['状态', 'Status'],
          ['资格判定', 'Eligibility'],
          [`处理时效 (${TIME_ZONE_LABEL})`, 'Due (Asia/Shanghai)'],
          ['标记', 'Flags'],
          ['拦截', 'Interception · channel'],
          ['包裹', 'Parcels'],
        ],
        rows,
        '没有符合条件的售后单 No cases match',
        'cases',
      ),
      pager,
    ),
  );
}
