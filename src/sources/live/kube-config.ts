/**
 * Loading the kubeconfig the way `oc` / `kubectl` do: `--kubeconfig FILE` first, else `KUBECONFIG`
 * (a list of files, merged), else `~/.kube/config`, else the in-cluster service account; then
 * `--context NAME`. Shared by the live API source and the pod-exec node shell.
 */
import { KubeConfig } from '@kubernetes/client-node';

/** Where to find the cluster. */
export interface KubeConfigOptions {
  /** `--kubeconfig`: this file only (KUBECONFIG is then ignored, as kubectl does). */
  readonly kubeconfig?: string;
  /** `--context`: a context of that kubeconfig instead of its current-context. */
  readonly context?: string;
}

/** A loaded kubeconfig and the server it points to, or why there is none. */
export type LoadedKubeConfig =
  | { readonly ok: true; readonly kc: KubeConfig; readonly server: string; readonly context: string }
  | { readonly ok: false; readonly error: { readonly en: string; readonly ja: string } };

/** Loads and selects the context; never throws (a bad kubeconfig is a message for the user). */
export function loadKubeConfig(opts: KubeConfigOptions): LoadedKubeConfig {
  const kc = new KubeConfig();
  const source = opts.kubeconfig ?? 'KUBECONFIG / ~/.kube/config';
  try {
    if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
    else {
      kc.loadFromDefault();
      if (isLastResort(kc))
        return fail(
          'no kubeconfig (KUBECONFIG is not set, there is no ~/.kube/config and no service account): log in with `oc login <API URL>`, or pass --kubeconfig FILE',
          'kubeconfig がありません（KUBECONFIG 未設定、~/.kube/config も サービスアカウントもありません）: `oc login <API の URL>` でログインするか、--kubeconfig FILE を指定してください',
        );
    }
  } catch (e) {
    const why = (e as Error).message;
    return fail(
      `cannot load the kubeconfig ${source}: ${why}`,
      `kubeconfig ${source} を読み込めません: ${why}`,
    );
  }
  if (opts.context) {
    if (!kc.getContexts().some((c) => c.name === opts.context)) {
      return fail(
        `context "${opts.context}" is not in the kubeconfig ${source}`,
        `コンテキスト "${opts.context}" が kubeconfig ${source} にありません`,
      );
    }
    kc.setCurrentContext(opts.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    return fail(
      `the kubeconfig ${source} has no current context with a cluster (use --context)`,
      `kubeconfig ${source} に現在のコンテキスト (クラスター) がありません (--context を指定してください)`,
    );
  }
  return { ok: true, kc, server: cluster.server, context: kc.getCurrentContext() };
}

/**
 * The client's loadFromDefault ends, when it finds no kubeconfig at all, with a made-up
 * `http://localhost:8080` cluster in a context named `loaded-context` (client-node config.ts):
 * reading it would only give a confusing TLS error, so it is "no kubeconfig".
 */
function isLastResort(kc: KubeConfig): boolean {
  return (
    kc.getCurrentContext() === 'loaded-context' && kc.getCurrentCluster()?.server === 'http://localhost:8080'
  );
}

function fail(en: string, ja: string): LoadedKubeConfig {
  return { ok: false, error: { en, ja } };
}
