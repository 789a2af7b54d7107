"""An independent client of the lab API: Debian's python3-kubernetes (kubernetes.stream).

Usage: kube-python.py KUBECONFIG CONTEXT ACTION NAMESPACE POD [ARG...]
  exec NAMESPACE POD [--container C] -- ARGV...   -> JSON {stdout, stderr, returncode}
  log NAMESPACE POD [key=value ...]                -> the log text on stdout
  error NAMESPACE POD -- ARGV...                   -> JSON {status} of the refused upgrade
Prints what the library got, nothing of its own making.
"""
import json
import sys

from kubernetes import client, config
from kubernetes.client.rest import ApiException
from kubernetes.stream import stream
from kubernetes.stream.ws_client import ERROR_CHANNEL, STDERR_CHANNEL, STDOUT_CHANNEL


def main():
    kubeconfig, context, action, namespace, pod = sys.argv[1:6]
    rest = sys.argv[6:]
    config.load_kube_config(config_file=kubeconfig, context=context)
    core = client.CoreV1Api()
    if action == 'log':
        params = dict(kv.split('=', 1) for kv in rest)
        for key in ('tail_lines', 'since_seconds'):
            if key in params:
                params[key] = int(params[key])
        if 'timestamps' in params:
            params['timestamps'] = params['timestamps'] == 'true'
        sys.stdout.write(core.read_namespaced_pod_log(pod, namespace, **params))
        return
    container = None
    if rest[:1] == ['--container']:
        container, rest = rest[1], rest[2:]
    argv = rest[1:] if rest[:1] == ['--'] else rest
    kwargs = dict(command=argv, stderr=True, stdin=False, stdout=True, tty=False, _preload_content=False)
    if container:
        kwargs['container'] = container
    try:
        ws = stream(core.connect_get_namespaced_pod_exec, pod, namespace, **kwargs)
    except ApiException as e:
        print(json.dumps({'status': e.status, 'reason': str(e.reason)}))
        return
    except Exception as e:  # the websocket library's own error for a refused upgrade
        print(json.dumps({'error': str(e)}))
        return
    out, err = [], []
    ws.run_forever(timeout=30)
    out.append(ws.read_channel(STDOUT_CHANNEL))
    err.append(ws.read_channel(STDERR_CHANNEL))
    print(json.dumps({'stdout': ''.join(out), 'stderr': ''.join(err), 'returncode': ws.returncode}))


main()
