/**
 * Server-side printing (kubectl ≥ 1.11 asks for `as=Table`): each resource's columns, as the
 * Kubernetes / OpenShift API servers define them. The server always fills every column; kubectl
 * hides those of priority > 0 unless `-o wide`.
 */
import type { ApiObject } from '../data-files.js';

/** One column of a Table (`metav1.TableColumnDefinition`). */
export interface TableColumn {
  readonly name: string;
  readonly type: 'string' | 'integer';
  readonly format: string;
  readonly description: string;
  /** 0 = always shown, 1 = only with `-o wide`. */
  readonly priority: 0 | 1;
}

/** A cell: text, or a number for integer columns. */
export type TableCell = string | number;

/** The columns of one resource and how to fill them from an object. */
export interface ResourcePrinter {
  readonly columns: readonly TableColumn[];
  cells(obj: ApiObject, now: number): TableCell[];
}

/** Column helper: `col('Name', …)` with the apiserver's defaults. */
export function col(
  name: string,
  description: string,
  options: { readonly priority?: 0 | 1; readonly type?: 'string' | 'integer'; readonly format?: string } = {},
): TableColumn {
  return {
    name,
    type: options.type ?? 'string',
    format: options.format ?? '',
    description,
    priority: options.priority ?? 0,
  };
}

/** The Name column every printer starts with. */
export const NAME_COLUMN = col(
  'Name',
  'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically.',
  { format: 'name' },
);

/** The Age column. */
export const AGE_COLUMN = col(
  'Age',
  'CreationTimestamp is a timestamp representing the server time when this object was created.',
);
