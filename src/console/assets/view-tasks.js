// Open work across cases: open support tasks and open complaints (GET /v1/tasks), with a "complete" action per task, plus shortcuts to at-risk and overdue cases.
import { completeTaskForm } from './actions.js';
import { api, query } from './api.js';
import { badge, bi, coded, deadlineBadge, h, table } from './dom.js';
import { TIME_ZONE_LABEL, shanghaiTime } from './format.js';

function caseLink(entry) {
  return h(
    'a',
    { href: `#/case/${encodeURIComponent(entry.caseId)}`, class: 'case-link', 'data-case-id': entry.caseId },
    entry.afterSaleId,
  );
}

function reasonCell(code, zh, en) {
  return h(
    'div',
    { class: 'reason' },
    h('code', { class: 'reason-code' }, code),
    ' ',
    h('span', { class: 'zh' }, zh),
    ' ',
    h('span', { class: 'en-msg' }, en),
  );
}

/**
 * When the work was opened, the case's due date and its one deadline badge, stacked in one cell: the queue has
 * to fit a 1280 px window, and three columns of times and flags did not.
 */
function timesCell(openedAt, due, flags) {
  return h(
    'div',
    { class: 'stack times' },
    h('span', null, h('span', { class: 'muted small' }, '开立 opened '), h('span', { class: 'time' }, shanghaiTime(openedAt))),
    h('span', null, h('span', { class: 'muted small' }, '时效 due '), h('span', { class: 'time due' }, shanghaiTime(due))),
    flags.cloneNode(true),
  );
}

/** Renders the work queue; `params.cursor` pages, `params.merchantId` narrows (support keys). */
export async function renderTasks(main, params, context) {
  const answer = await api('GET', `/v1/tasks${query({ merchantId: params.merchantId, cursor: params.cursor, limit: 50 })}`);
  const reload = (message) =>
    renderTasks(main, params, context)
      .then(() => {
        if (message) main.prepend(h('p', { class: 'flash', role: 'status' }, message));
      })
      .catch(() => {});
  const rows = [];
  for (const entry of answer.entries) {
    const taskIds = new Set(entry.tasks.map((t) => t.id));
    const complaintIds = new Set(entry.complaints.map((x) => x.id));
    // At risk: the case has an open DEADLINE_AT_RISK task (the entry lists every open task); overdue wins.
    const atRisk = entry.tasks.some((t) => t.kind === 'DEADLINE_AT_RISK');
    const flags = h('div', { class: 'badges' }, deadlineBadge(entry.overdue, atRisk));
    for (const t of entry.tasks) {
      rows.push([
        caseLink(entry),
        h('span', { class: 'mono' }, entry.merchantId),
        coded('status', entry.status),
        complaintIds.has(t.id) ? badge('投诉 Complaint', 'warn') : badge('任务 Task', 'info'),
        reasonCell(t.kind, t.zh, t.en),
        h('span', { class: 'mono small target' }, t.target ?? '—'),
        timesCell(t.openedAt, entry.due, flags),
        completeTaskForm(entry.caseId, t, complaintIds.has(t.id), reload),
      ]);
    }
    for (const x of entry.complaints.filter((c) => !taskIds.has(c.id))) {
      rows.push([
        caseLink(entry),
        h('span', { class: 'mono' }, entry.merchantId),
        coded('status', entry.status),
        badge(x.via === 'HUB_WORK_ORDER' ? '工单投诉 Work order' : '投诉 Complaint', 'warn'),
        reasonCell(x.reason, x.zh, x.en),
        h('span', { class: 'mono small target' }, x.shipmentId),
        timesCell(x.openedAt, entry.due, flags),
        h('a', { href: `#/case/${encodeURIComponent(entry.caseId)}` }, '在详情中处理 Handle in the case'),
      ]);
    }
  }
  const merchant = h('input', { name: 'merchantId', value: params.merchantId ?? '', placeholder: '商家 Merchant id', size: 12 });
  main.replaceChildren(
    h(
      'section',
      { class: 'card' },
      h('h2', null, bi('待办', 'Open tasks and complaints')),
      h(
        'form',
        {
          class: 'filters',
          onsubmit: (event) => {
            event.preventDefault();
            context.navigate(`#/tasks${query({ merchantId: merchant.value.trim() })}`);
          },
        },
        h('label', null, bi('商家', 'Merchant'), merchant),
        h('button', { type: 'submit', class: 'primary' }, '筛选 Filter'),
        h('a', { href: '#/cases?atRisk=true' }, '即将超时的售后单 At-risk cases'),
        h('a', { href: '#/cases?overdue=true' }, '已超时的售后单 Overdue cases'),
      ),
      table(
        [
          ['售后单号', 'After-sale'],
          ['商家', 'Merchant'],
          ['售后状态', 'Case status'],
          ['类别', 'Type'],
          ['任务', 'Task'],
          ['对象', 'Target'],
          ['开立 / 处理时效', `Opened / due (${TIME_ZONE_LABEL})`],
          ['操作', 'Action'],
        ],
        rows,
        '没有待办 Nothing to do',
        'work',
      ),
      h(
        'div',
        { class: 'pager' },
        h('span', { class: 'muted small' }, `已检查 ${answer.scanned} 个售后单 · ${answer.scanned} cases examined`),
        answer.nextCursor
          ? h(
              'a',
              { href: `#/tasks${query({ merchantId: params.merchantId, cursor: answer.nextCursor })}`, id: 'tasks-next' },
              '下一页 Next ›',
            )
          : null,
      ),
    ),
  );
}
