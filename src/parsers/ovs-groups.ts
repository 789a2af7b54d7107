/**
 * `ovs-ofctl -O OpenFlow13 dump-groups br0`: the OpenFlow groups of br0. openshift-sdn uses them
 * for egress IPs from rule version 10 (openshift/sdn d5f004528; pkg/network/node/ovscontroller.go
 * SetNamespaceEgressViaEgressIPs: one `select` group per egress namespace, id = its VNID, one
 * bucket per node hosting one of its egress IPs). One record per `group_id=` line.
 */
import type { FlowAction, OvsGroupBucket, OvsGroupRecord, ParseResult, ParseWarning } from './types.js';
import { msg } from '../i18n/message.js';
import { lineWarning, nonBlankLines } from './util/numbered-lines.js';
import { parseFlowActions } from './ovs-flows.js';

/** `OFPST_GROUP_DESC reply (OF1.3) (xid=0x2):` (OF1.1+) / `NXST_GROUP_DESC reply …`. */
const HEADER = /^(OFPST|NXST)_GROUP_DESC reply\b.*:$/;
const HEAD = /^group_id=(\d+),type=(select|all|indirect|ff|fast_failover)(?:,(.*))?$/;
/** Bucket properties printed before `actions=` (ovs-ofctl(8) "Group Syntax"). */
const BUCKET_PROP = /^(bucket_id|weight|watch_port|watch_group):([^,]+),/;

export function parseOvsGroups(text: string): ParseResult<OvsGroupRecord[]> {
  const records: OvsGroupRecord[] = [];
  const warnings: ParseWarning[] = [];
  for (const { line, raw, body } of nonBlankLines(text)) {
    if (HEADER.test(body)) continue;
    const head = HEAD.exec(body);
    if (!head) {
      warnings.push(
        lineWarning(line, raw, msg('unreadable line in the group list', 'グループ一覧の読めない行です')),
      );
      continue;
    }
    const rest = head[3] ?? '';
    // Group properties (OF1.5 `selection_method=`, `fields(…)`) come before the first bucket.
    const first = rest.startsWith('bucket=') ? 0 : rest.indexOf(',bucket=');
    const bucketText =
      first < 0 ? '' : rest.slice(first === 0 ? 'bucket='.length : first + ',bucket='.length);
    const buckets: OvsGroupBucket[] = [];
    let ok = true;
    for (const part of bucketText === '' ? [] : bucketText.split(',bucket=')) {
      const b = readBucket(part);
      if (!b) {
        ok = false;
        break;
      }
      buckets.push(b);
    }
    if (!ok) {
      warnings.push(lineWarning(line, raw, msg('unreadable group bucket', 'グループのバケットが読めません')));
      continue;
    }
    records.push({
      line,
      raw,
      groupId: Number(head[1]),
      type: head[2] === 'fast_failover' ? 'ff' : head[2]!,
      buckets,
    });
  }
  return { records, warnings };
}

function readBucket(text: string): OvsGroupBucket | undefined {
  let t = text;
  let bucketId: number | undefined;
  let weight: number | undefined;
  for (let m = BUCKET_PROP.exec(t); m; m = BUCKET_PROP.exec(t)) {
    if (m[1] === 'bucket_id') bucketId = Number(m[2]);
    if (m[1] === 'weight') weight = Number(m[2]);
    t = t.slice(m[0].length);
  }
  if (!t.startsWith('actions=')) return undefined;
  const actionsText = t.slice('actions='.length);
  const { records: actions, warnings } = parseFlowActions(actionsText);
  if (warnings.length > 0 || actions.some((a: FlowAction) => a.kind === 'other' && a.text === ''))
    return undefined;
  return {
    ...(bucketId !== undefined ? { bucketId } : {}),
    ...(weight !== undefined ? { weight } : {}),
    actions,
    actionsText,
  };
}
