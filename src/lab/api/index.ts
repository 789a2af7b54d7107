/**
 * The lab's Kubernetes/OpenShift API: a read-only HTTP server serving the lab's objects
 * with the real REST shapes, for kubectl, @kubernetes/client-node and sdn-doctor. `lab up` starts
 * it and writes a kubeconfig; the lab rewrites the data files whenever the lab changes.
 */
export {
  startLabApiServer,
  stopLabApiServer,
  type LabApiServer,
  type LabApiServerOptions,
} from './lifecycle.js';
export { writeKubeconfig } from './kubeconfig.js';
export { writeStoredList as writeLabApiList, dataFilePath } from './data-files.js';
export { FAULTS_FILE, type FaultHook } from './fault-hooks.js';
export { LOG_FILE, PID_FILE, URL_FILE } from './run-files.js';
