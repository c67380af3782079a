// The case detail: why the case is (not) eligible with every reason in Chinese and English, deadlines and their changes, the counted experience duration, parcels with legs and tracking, interceptions (channel, route, cost, payer), money, complaints, tasks and the timeline.
import { completeTaskForm, complaintForm, openComplaintForm, recordReturnForm } from './actions.js';
import { api } from './api.js';
import { badge, bi, coded, deadlineBadge, facts, h, section, table } from './dom.js';
import { TIME_ZONE_LABEL, duration, localizeInstants, safeHttpUrl, shanghaiTime, yuan } from './format.js';
import { zhOf } from './labels.js';
import { verdictBadge } from './view-list.js';

/** An instant shown in Asia/Shanghai, with the UTC instant as its tooltip. */
function time(iso) {
  return iso ? h('span', { class: 'time', title: `UTC ${iso}` }, shanghaiTime(iso)) : h('span', { class: 'muted' }, '—');
}

/** Reasons as rows: code, Chinese, English, target and detail. */
function reasonsTable(reasons, empty, cls) {
  return table(
    [
      ['原因代码', 'Reason code'],
      ['说明', 'Message (Chinese / English)'],
      ['对象/详情', 'Target / detail'],
    ],
    reasons.map((r) => [h('code', { class: 'reason-code' }, r.code), message(r), detailOf(r)]),
    empty,
    cls,
  );
}

/** A reason's Chinese message with the English one under it. */
function message(r) {
  return h('div', { class: 'stack' }, h('span', { class: 'zh' }, r.zh), h('span', { class: 'en-msg' }, r.en));
}

function detailOf(r) {
  const parts = [r.target, r.detail].filter((x) => x !== undefined && x !== '');
  return parts.length ? h('span', { class: 'muted small wrap' }, localizeInstants(parts.join(' · '))) : '';
}

/** A reason shown inline: code, Chinese and English. */
function reasonInline(r) {
  return h(
    'div',
    { class: 'reason' },
    h('code', { class: 'reason-code' }, r.code),
    ' ',
    h('span', { class: 'zh' }, r.zh),
    ' ',
    h('span', { class: 'en-msg' }, r.en),
    ' ',
    detailOf(r),
  );
}

function header(c) {
  return h(
    'section',
    { class: 'card head' },
    h(
      'div',
      { class: 'title-row' },
      h('h1', null, bi('售后单', 'After-sale'), ' ', h('span', { class: 'mono', id: 'after-sale-id' }, c.afterSaleId)),
      h(
        'div',
        { class: 'badges' },
        coded('status', c.status),
        c.refundAfterRejection ? badge('拒签后退款 Refund after rejection', 'info') : null,
        deadlineBadge(
          c.deadline.overdue,
          c.supportTasks.some((t) => t.kind === 'DEADLINE_AT_RISK' && t.status === 'OPEN'),
        ),
      ),
    ),
    facts([
      ['案件编号', 'Case id', h('span', { class: 'mono small' }, c.id)],
      ['商家', 'Merchant', h('span', { class: 'mono' }, c.merchantId)],
      ['平台 / 模式', 'Platform / mode', h('span', null, c.platform, ' · ', coded('mode', c.mode))],
      ['订单号', 'Order', h('span', { class: 'mono' }, c.orderId)],
      ['退款金额', 'Refund amount', h('strong', { class: 'money', id: 'refund-amount' }, yuan(c.refundAmountFen))],
      [
        '买家原因',
        'Buyer reason',
        h(
          'span',
          { class: 'wrap buyer-reason', title: c.reason },
          `${c.reasonLabel?.zh ?? c.reason} / ${c.reasonLabel?.en ?? c.reason}${c.reasonText ? ` (“${c.reasonText}”)` : ''}`,
        ),
      ],
      ['申请时间', 'Applied', time(c.appliedAt)],
      ['处理时效', `Due (${TIME_ZONE_LABEL})`, h('strong', { id: 'due' }, shanghaiTime(c.deadline.due))],
      ...(c.closed
        ? [['关闭原因', 'Closed because', h('span', { id: 'closed' }, coded('closedCause', c.closed.cause), ' · ', time(c.closed.at))]]
        : []),
    ]),
  );
}

function eligibility(c) {
  const e = c.eligibility;
  const body = [
    h(
      'p',
      { class: 'verdict-line' },
      verdictBadge(e.verdict),
      ' ',
      coded('source', e.source),
      ' ',
      h('span', { class: 'muted small' }, `规则版本 rules ${e.rulesVersion} · `, time(e.at)),
    ),
    e.verdict === 'ELIGIBLE'
      ? h(
          'p',
          { class: 'ok-text' },
          '所有条件均满足,可自动同意拒签后退款。All conditions are met: refund-after-rejection can be agreed automatically.',
        )
      : h(
          'p',
          null,
          e.verdict === 'INELIGIBLE'
            ? bi('不符合的原因(全部列出)', 'Why it is not eligible (every failing rule)')
            : bi('暂无法判定的原因', 'Why the verdict is not known yet'),
        ),
    e.reasons.length ? reasonsTable(e.reasons, undefined, 'eligibility-reasons') : null,
  ];
  if (e.source === 'PLATFORM') {
    body.push(
      h('h3', null, bi('lanjie 估算', "lanjie's own estimate")),
      h('p', null, verdictBadge(e.estimate.verdict)),
      reasonsTable(e.estimate.reasons, '估算无不符合原因 The estimate found no failing rule'),
    );
  }
  return section('资格判定', 'Eligibility', ...body);
}

function deadline(c) {
  const d = c.deadline;
  return section(
    '处理时效',
    'Deadline',
    facts([
      ['生效时效', 'Due (acted on)', h('strong', null, time(d.due))],
      ['lanjie 计算', 'Computed', time(d.dueComputed)],
      ['平台时效', 'Platform', d.duePlatform ? time(d.duePlatform) : h('span', { class: 'muted' }, '无 none')],
      ['是否超时', 'Overdue', d.overdue ? badge('已超时 Overdue', 'bad') : badge('未超时 Not overdue', 'ok')],
      ...(d.timedOutAt ? [['已记录超时', 'Timed out at', time(d.timedOutAt)]] : []),
    ]),
    h('h3', null, bi('变更记录', 'How it changed')),
    table(
      [
        ['事实时间', 'Fact time'],
        ['字段', 'Field'],
        ['新时效', 'New due'],
        ['原因代码', 'Reason code'],
        ['说明', 'Message (Chinese / English)'],
      ],
      d.history.map((x) => [
        time(x.at),
        coded('deadlineField', x.field),
        h('strong', null, time(x.due)),
        h('code', { class: 'reason-code' }, x.reason),
        message(x),
      ]),
      undefined,
      'deadline-history',
    ),
  );
}

function experience(c) {
  const x = c.experience;
  const d = duration(x.countedMs);
  return section(
    '体验分仅退款时长',
    'Experience-score duration (estimate)',
    facts([
      [
        '已计时长',
        x.running ? 'Counted so far' : 'Counted',
        h('strong', { id: 'experience' }, d.zh, ' ', h('span', { class: 'en' }, d.en)),
      ],
      [
        '状态',
        'State',
        x.running
          ? badge('计时中 Running', 'info')
          : x.keptPaused
            ? badge('物流异常,保持暂停 Kept paused', 'warn')
            : badge('未计时 Not running', ''),
      ],
      ['申请', 'Applied', time(x.appliedAt)],
      ['同意', 'Agreed', time(x.agreedAt)],
      ['恢复计时', 'Resumed', time(x.resumedAt)],
      ['结束', 'Ended', time(x.endAt)],
    ]),
    h(
      'p',
      { class: 'muted small' },
      "平台数据为准;物流异常场景保持暂停为 lanjie 的解读。The platform's figure is authoritative; keeping the clock paused on logistics exceptions is lanjie's reading.",
    ),
  );
}

function shipments(c, context, done) {
  return section(
    '包裹与物流',
    'Parcels and tracking',
    c.shipments.map((s) =>
      h(
        'div',
        { class: 'parcel', 'data-shipment-id': s.id },
        h('h3', null, context.carrierName(s.carrierId), ' ', h('span', { class: 'mono' }, s.id), ' ', coded('logistics', s.logistics)),
        facts([
          ['SKU 子订单', 'SKU orders', s.skuOrderIds.join(', ')],
          ['含退款商品', 'Carries refunded goods', s.carriesRefunded ? `是 yes · ${yuan(s.refundedValueFen)}` : '否 no'],
          [
            '含其他商品',
            'Carries other goods',
            s.carriesOther ? `是 yes${s.mixedConfirmedBy ? ` · 已确认 confirmed by ${s.mixedConfirmedBy}` : ''}` : '否 no',
          ],
          ['最近查询', 'Last tracked', time(s.lastTrackedAt)],
          ['手机尾号', 'Phone last 4', s.phoneLast4Known ? '已提供 known' : '未提供 not known'],
          [
            '退回记录',
            'Return record',
            s.returnRecord
              ? h('span', null, coded('returnOutcome', s.returnRecord.outcome), ' ', time(s.returnRecord.at))
              : h('span', { class: 'muted' }, '无 none'),
          ],
        ]),
        s.returnRecord ? null : recordReturnForm(c.id, s, done),
        h('h4', null, bi('运单段', 'Legs')),
        table(
          [
            ['段', 'Leg'],
            ['运单号', 'Waybill'],
            ['快递', 'Carrier'],
            ['开始', 'Started'],
          ],
          s.legs.map((l) => [
            String(l.index),
            h('span', { class: 'mono' }, l.waybillNo, l.inferred ? ' (推断 inferred)' : ''),
            context.carrierName(l.carrierId),
            l.startedAt ? time(l.startedAt) : '出库 outbound',
          ]),
        ),
        h('h4', null, bi('物流轨迹(最新在上)', 'Tracking events, newest first')),
        table(
          [
            [`时间 (${TIME_ZONE_LABEL})`, 'Time'],
            ['类型', 'Kind'],
            ['地点', 'Place'],
            ['描述', 'Description'],
            ['原始代码', 'Raw code'],
            ['运单号', 'Waybill'],
          ],
          [...s.events]
            .reverse()
            .map((e) => [
              time(e.at),
              coded('eventKind', e.kind),
              e.place ?? '',
              h('span', { class: 'wrap' }, e.description),
              h('code', null, e.rawCode),
              h('span', { class: 'mono small' }, e.waybillNo, e.newWaybillNo ? ` → ${e.newWaybillNo}` : ''),
            ]),
          '暂无轨迹 No tracking events yet',
          'events',
        ),
      ),
    ),
  );
}

function routeText(route) {
  return h('span', null, zhOf('route', route.kind), ' ', h('code', null, route.kind), route.carrierId ? ` (${route.carrierId})` : '');
}

function interceptions(c) {
  const rows = c.interceptions.map((i) => [
    h('span', { class: 'mono' }, i.waybillNo),
    coded('channel', i.channel, 'channel'),
    routeText(i.route),
    coded('interceptKind', i.kind),
    coded('interceptState', i.state, `state-${i.state}`),
    h(
      'div',
      { class: 'stack cost' },
      i.cost ? h('span', null, h('strong', { class: 'money' }, yuan(i.cost.fen)), ' ', bi('实际', 'actual')) : null,
      h('span', null, h('span', { class: 'money' }, yuan(i.costEstimateFen)), ' ', bi('预估', 'estimate')),
    ),
    i.cost ? coded('payer', i.cost.payer) : h('span', { class: 'muted' }, '未报告 not reported'),
    h(
      'div',
      { class: 'stack small' },
      h('span', null, '申请 requested ', time(i.requestedAt), i.requestedBy ? ` · ${i.requestedBy}` : ''),
      i.acceptedAt ? h('span', null, '受理 accepted ', time(i.acceptedAt)) : null,
      i.succeededAt ? h('span', null, '成功 succeeded ', time(i.succeededAt), ` (${i.succeededBy})`) : null,
      i.failedAt ? h('span', null, '失败 failed ', time(i.failedAt)) : null,
      i.cancelledAt ? h('span', null, '取消 cancelled ', time(i.cancelledAt)) : null,
      i.breachedAt ? h('span', { class: 'bad-text' }, '成功后仍派送 breached ', time(i.breachedAt)) : null,
      i.reply?.refusal ? h('span', { class: 'bad-text' }, `拒绝原因 refusal: ${JSON.stringify(i.reply.refusal)}`) : null,
    ),
    h(
      'div',
      { class: 'stack small' },
      i.carrierRef ? h('span', { class: 'mono wrap' }, i.carrierRef) : null,
      safeHttpUrl(i.serviceOrderLink)
        ? h('a', { href: i.serviceOrderLink, target: '_blank', rel: 'noopener noreferrer' }, '服务单 Service order')
        : null,
    ),
  ]);
  const held = c.heldInterceptions.map((x) =>
    h('li', null, `待客服确认 waiting for support: ${x.shipmentId} · `, routeText(x.route), ' · ', time(x.requestedAt)),
  );
  return section(
    '拦截',
    'Interceptions',
    table(
      [
        ['运单号', 'Waybill'],
        ['渠道', 'Channel'],
        ['路线', 'Route'],
        ['方式', 'Kind'],
        ['状态', 'State'],
        ['费用', 'Cost (yuan)'],
        ['付费方', 'Payer'],
        ['时间', 'Times'],
        ['快递单据', 'Reference'],
      ],
      rows,
      '未发起拦截 No interception',
      'interceptions',
    ),
    held.length ? h('ul', null, held) : null,
  );
}

function money(c) {
  const rows = [
    ...c.refunds.map((r) => [
      bi('退款', 'Refund'),
      h('strong', { class: 'money' }, yuan(r.amountFen)),
      reasonWithKey(r),
      h(
        'div',
        { class: 'stack' },
        h('span', null, '发出 issued ', time(r.issuedAt)),
        r.confirmedAt ? h('span', null, '确认 confirmed ', time(r.confirmedAt)) : h('span', { class: 'muted' }, '待确认 not confirmed'),
      ),
    ]),
    ...c.rejections.map((r) => [bi('拒绝', 'Rejection'), '—', reasonWithKey(r), h('span', null, '发出 issued ', time(r.issuedAt))]),
  ];
  return section(
    '退款与拒绝',
    'Refunds and rejections',
    c.refundPending
      ? h(
          'p',
          { class: 'notice' },
          bi('待退款', 'Refund pending'),
          ' ',
          reasonInline({ code: c.refundPending.reason, zh: c.refundPending.zh, en: c.refundPending.en }),
          ' ',
          time(c.refundPending.since),
        )
      : null,
    c.refundedAt ? h('p', null, bi('退款完成', 'Refunded at'), ' ', time(c.refundedAt)) : null,
    table(
      [
        ['类型', 'Type'],
        ['金额', 'Amount'],
        ['原因 / 幂等键', 'Reason / idempotency key'],
        ['时间', 'Times'],
      ],
      rows,
      '无退款或拒绝 None',
      'money',
    ),
  );
}

function reasonWithKey(r) {
  return h(
    'div',
    { class: 'stack' },
    h('code', { class: 'reason-code' }, r.reason),
    message(r),
    h('span', { class: 'mono small wrap muted' }, r.idempotencyKey),
  );
}

function complaints(c, context, done) {
  return section(
    '投诉',
    'Complaints (goods not returned)',
    table(
      [
        ['包裹', 'Parcel'],
        ['原因', 'Reason'],
        ['方式', 'Via'],
        ['状态', 'Status'],
        ['开立/关闭', 'Opened / closed'],
        ['赔偿', 'Compensation'],
        ['链接/工单', 'Link / ref'],
        ['操作', 'Action'],
      ],
      c.complaints.map((x) => [
        h('span', { class: 'mono' }, x.shipmentId),
        h(
          'div',
          null,
          reasonInline({ code: x.reason, ...messagesOf(context, x.reason) }),
          x.claimCompensation ? badge('索赔 Claim compensation', 'warn') : null,
          x.note ? h('div', { class: 'small wrap complaint-note' }, bi('证据', 'Evidence'), ' ', x.note) : null,
        ),
        h('span', null, coded('complaintVia', x.via), x.hubId ? ` (${x.hubId})` : ''),
        coded('complaintStatus', x.status),
        h('div', { class: 'stack small' }, time(x.openedAt), x.closedAt ? time(x.closedAt) : null),
        x.compensationFen !== undefined ? h('span', { class: 'money' }, yuan(x.compensationFen)) : h('span', { class: 'muted' }, '—'),
        h(
          'div',
          { class: 'stack small' },
          safeHttpUrl(x.serviceOrderLink)
            ? h('a', { href: x.serviceOrderLink, target: '_blank', rel: 'noopener noreferrer' }, '平台服务单 Service order')
            : null,
          x.hubRef ? h('span', { class: 'mono' }, x.hubRef) : null,
        ),
        x.status === 'OPEN' ? complaintForm(c.id, x, done) : '',
      ]),
      '无投诉 No complaints',
      'complaints',
    ),
    c.shipments.length ? openComplaintForm(c.id, c.shipments, done) : null,
  );
}

/** zh/en of a reason code from the reason table the console loaded (src/cases/reasons.ts, served at /console/reasons.json). */
function messagesOf(context, code) {
  return Object.hasOwn(context.reasons, code) ? context.reasons[code] : { zh: code, en: code };
}

/** A done task's outcome: what support wrote, or, when lanjie closed the task itself because its cause is gone, a badge saying so and its reason. */
function taskOutcome(t) {
  return h(
    'div',
    { class: 'stack task-outcome' },
    t.closedBy === 'lanjie' ? badge('lanjie 自动关闭 Closed by lanjie', 'info') : null,
    t.outcome ? h('span', { class: 'wrap' }, localizeInstants(t.outcome)) : h('span', { class: 'muted' }, '未填写结果 no outcome given'),
  );
}

function tasks(c, done) {
  const complaintIds = new Set(c.complaints.map((x) => x.id));
  return section(
    '客服任务',
    'Support tasks',
    table(
      [
        ['任务', 'Task'],
        ['对象', 'Target'],
        ['状态', 'Status'],
        ['开立', 'Opened'],
        ['完成', 'Completed'],
        ['操作 / 结果', 'Action / outcome'],
      ],
      c.supportTasks.map((t) => [
        reasonInline({ code: t.kind, zh: t.zh, en: t.en }),
        h('span', { class: 'mono small target' }, t.target ?? '—'),
        t.status === 'OPEN' ? badge('待办 Open', 'warn') : badge('已完成 Done', 'ok'),
        time(t.openedAt),
        time(t.completedAt),
        t.status === 'OPEN' ? completeTaskForm(c.id, t, complaintIds.has(t.id), done) : taskOutcome(t),
      ]),
      '无客服任务 No support tasks',
      'tasks',
    ),
  );
}

function timeline(c) {
  return section(
    '时间线',
    'Timeline (oldest first)',
    table(
      [
        [`时间 (${TIME_ZONE_LABEL})`, 'Decision time'],
        ['事件', 'Event'],
        ['原因', 'Reasons'],
        ['规则版本', 'Rules'],
      ],
      c.timeline.map((t) => [
        time(t.at),
        coded('event', t.event),
        h('div', { class: 'stack' }, t.reasons.map(reasonInline)),
        h('span', { class: 'muted small' }, t.rulesVersion),
      ]),
      undefined,
      'timeline',
    ),
  );
}

/** Renders one case; `flash` is a message shown after an action. */
export async function renderDetail(main, caseId, context, flash) {
  const c = await api('GET', `/v1/cases/${encodeURIComponent(caseId)}`);
  const done = (message) => renderDetail(main, caseId, context, message).catch(() => {});
  main.replaceChildren(
    ...[
      h(
        'p',
        { class: 'crumbs' },
        h('a', { href: '#/cases' }, '‹ 返回列表 Back to cases'),
        ' · ',
        h('a', { href: '#/tasks' }, '待办 Open tasks'),
      ),
      flash ? h('p', { class: 'flash', role: 'status' }, flash) : null,
      header(c),
      eligibility(c),
      tasks(c, done),
      deadline(c),
      interceptions(c),
      shipments(c, context, done),
      h('div', { class: 'columns' }, money(c), experience(c)),
      complaints(c, context, done),
      timeline(c),
    ].filter(Boolean),
  );
}
