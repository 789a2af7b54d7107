/**
 * Help in the run's language (`--lang`), commander's own words included. Our own texts
 * are `Msg` pairs picked with `say`; commander's own words (section titles, `default:`, the help
 * option) are replaced through its documented `configureHelp` hooks, so the layout stays
 * commander's. The language is known before parsing (`earlyLang`), so every description is
 * chosen once, when the command is declared.
 */
import type { Command, Help, Option, Argument } from 'commander';
import stringWidth from 'string-width';
import { msg, type Lang, type Msg } from '../i18n/message.js';

/** Picks a help text in the run's language. */
export type Say = (text: Msg) => string;

/** Commander's section titles (the fixed set its Help.formatHelp prints). */
const TITLES_JA: Readonly<Record<string, string>> = {
  'Usage:': '使い方:',
  'Options:': 'オプション:',
  'Commands:': 'コマンド:',
  'Arguments:': '引数:',
  'Global Options:': '共通オプション:',
};

interface Described {
  readonly description: string;
  readonly defaultValue?: unknown;
  readonly defaultValueDescription?: string;
  readonly argChoices?: readonly string[];
}

/** `説明（既定値: "text"）`: commander's `(default: …)` / `(choices: …)` suffix in Japanese. */
function describedJa(item: Described, showDefault: boolean): string {
  const extras = [
    ...(item.argChoices ? [`選択肢: ${item.argChoices.map((c) => JSON.stringify(c)).join(', ')}`] : []),
    ...(showDefault && item.defaultValue !== undefined
      ? [`既定値: ${item.defaultValueDescription ?? JSON.stringify(item.defaultValue)}`]
      : []),
  ];
  return extras.length ? `${item.description}（${extras.join('、')}）` : item.description;
}

/**
 * Commander's boxWrap breaks only at spaces, and a Japanese sentence has none: here a chunk is an
 * ASCII word or one wide character (each with the spaces before it), measured in terminal columns.
 * Opening brackets stay with what follows and closing punctuation with what precedes, so no line
 * starts with `、` or ends with `（` (the basic rule of Japanese line breaking, JIS X 4051 kinsoku).
 */
const JA_CHUNK = /\s*[（「『【〈《]*(?:[\x21-\x7e]+|[^\s\x21-\x7e])[、。，．）」』】〉》ー・：！？]*/gu;

function wrapJa(this: Help, text: string, width: number): string {
  if (width < this.minWidthToWrap) return text;
  return text
    .split(/\r?\n/)
    .flatMap((line) => {
      const chunks = line.match(JA_CHUNK) ?? [''];
      const lines: string[] = [];
      let current = '';
      for (const chunk of chunks) {
        if (current && stringWidth(current + chunk) > width) {
          lines.push(current);
          current = chunk.trimStart();
        } else current += chunk;
      }
      return [...lines, current];
    })
    .join('\n');
}

/**
 * Sets the program's help in `lang` (before any command is declared: subcommands inherit it) and
 * returns the picker the commands use for their own texts.
 */
export function localizeHelp(program: Command, lang: Lang): Say {
  const say: Say = (text) => text[lang];
  const help: Msg = msg('display help for command', 'コマンドのヘルプを表示します');
  program.helpOption('-h, --help', say(help)).helpCommand('help [command]', say(help));
  program.configureHelp({
    // column widths by East Asian width in both languages (a Japanese option text lines up)
    displayWidth: (text: string) => stringWidth(text),
    ...(lang === 'ja'
      ? {
          styleTitle: (title: string) => TITLES_JA[title] ?? title,
          optionDescription: (option: Option) =>
            describedJa(
              option,
              option.required ||
                option.optional ||
                (option.isBoolean() && typeof option.defaultValue === 'boolean'),
            ),
          argumentDescription: (argument: Argument) => describedJa(argument, true),
          boxWrap: wrapJa,
        }
      : {}),
  });
  return say;
}
