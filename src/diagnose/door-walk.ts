/** `diagnose --from` (issue 15): the source step, then the target's door, before the shared descent. */
import { msg } from '../i18n/message.js';
import type { WalkContext } from './context.js';
import {
  classifyTarget,
  egressDoor,
  parseTarget,
  podDoor,
  serviceDoor,
  sourceStep,
  type Door,
  type FromSpec,
} from './doors.js';
import type { StepRecorder } from './recorder.js';
import type { WalkState } from './state.js';
import { serviceSteps } from './steps-service.js';

/** The door a `--from` target opens (unknown with the reason when it cannot be told). */
export function targetDoor(ctx: WalkContext, target: string): Door {
  const t = parseTarget(target);
  if (!t)
    return {
      kind: 'unknown',
      reason: msg(
        `not a target: ${target} (URL, host:port, svc/NS/NAME:PORT, pod/NS/NAME:PORT)`,
        `対象ではありません: ${target} (URL、host:port、svc/NS/NAME:PORT、pod/NS/NAME:PORT)`,
      ),
    };
  try {
    return classifyTarget(ctx.model(), t);
  } catch (e) {
    return {
      kind: 'unknown',
      reason: msg(`the API could not be read: ${String(e)}`, `API を読めませんでした: ${String(e)}`),
    };
  }
}

export async function doorSteps(
  ctx: WalkContext,
  rec: StepRecorder,
  st: WalkState,
  from: FromSpec,
  door: Door,
): Promise<void> {
  const src = await sourceStep(ctx, rec, from);
  if (door.kind === 'unknown' || !src) {
    const why =
      door.kind === 'unknown' ? door.reason : msg('no source to probe from', 'プローブの出発点がありません');
    rec.skip(
      'service.from-source',
      '5',
      msg('the target from the source', '出発点から対象へ'),
      why,
      'unknown',
    );
    return;
  }
  switch (door.kind) {
    case 'service':
      await serviceDoor(ctx, rec, st, src, door);
      await serviceSteps(ctx, rec, st);
      return;
    case 'pod':
      await podDoor(ctx, rec, st, src, door);
      return;
    case 'egress':
      st.egressName = door.host;
      await egressDoor(ctx, rec, st, src, door);
      return;
  }
}
