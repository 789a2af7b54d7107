/** Input warnings raised while reading a bundle (DESIGN.md §2: the "input warnings" channel). */
import type { InputWarning } from '../../artifacts/types.js';
import { msg } from '../../i18n/message.js';

export function fileMissingWarning(file: string, node: string | undefined, error: string): InputWarning {
  return {
    source: file,
    ...(node ? { node } : {}),
    message: msg(
      `cannot read ${file} (${error}): checks that need it report unknown`,
      `${file} を読めません（${error}）。これを必要とするチェックは unknown になります`,
    ),
  };
}

export function badJsonWarning(file: string, error: string, line: number, column: number): InputWarning {
  return {
    source: file,
    line,
    message: msg(
      `invalid JSON at line ${line} column ${column}: ${error}; the API list is ignored`,
      `${line} 行 ${column} 桁目の JSON が不正です: ${error}。この API リストは使いません`,
    ),
  };
}

export function notAListWarning(file: string): InputWarning {
  return {
    source: file,
    message: msg(
      'expected an API list (`{"items": [...]}` or an array); the API list is ignored',
      'API リスト（`{"items": [...]}` または配列）ではありません。この API リストは使いません',
    ),
  };
}
